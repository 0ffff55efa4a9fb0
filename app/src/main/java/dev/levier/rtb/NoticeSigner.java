package dev.levier.rtb;

import dev.levier.money.CurrencyUnit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs what settling a bid needs into its notice URLs, so that a notice can be settled without the
 * bid in memory (after a restart, or once the bid was forgotten). A token is the URL-safe Base64 of
 * the fields, a dot, and the URL-safe Base64 of their HMAC-SHA256 under the server's secret. The
 * HMAC also covers what the token is for: the click URL, which the ad's page shows to anyone,
 * carries a token of its own that a notice does not accept, and fewer fields (no price).
 */
final class NoticeSigner {
  private static final byte NOTICE = 'n';
  private static final byte CLICK = 'c';
  private static final byte VERSION = 1;
  private static final int FIRST_PRICE = 1;
  private static final int TEST = 2;

  /**
   * Levels longer than this are left out of a token, so that notice URLs stay well under the length
   * exchanges accept (often 1,000 or 2,048 characters): placements come from the exchange.
   */
  static final int MAX_LEVEL_CHARS = 200;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * What a notice carries about its bid.
   *
   * @param bidCpmLocal the bid, in the line item's currency
   * @param toLocal the rate from the auction's currency into the line item's, as used for the bid
   * @param visitor Levier's visitor id, when the request had one and consent to use it
   * @param levels the levels the predicted rates were read at
   * @param test whether the bid answered a test request ({@code test = 1}): never billed
   */
  record Signed(
      String bidId,
      String lineItemId,
      long bidCpmLocal,
      BigDecimal toLocal,
      CurrencyUnit auctionCurrency,
      boolean firstPrice,
      @Nullable String visitor,
      List<String> levels,
      Instant at,
      boolean test) {}

  /** What a click URL carries about its bid: enough to learn from the click, nothing of money. */
  record SignedClick(String bidId, List<String> levels, Instant at) {}

  private final ThreadLocal<Mac> macs;

  NoticeSigner(byte[] secret) {
    SecretKeySpec key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
              }
            });
  }

  String notice(Signed bid) {
    return token(
        NOTICE,
        out -> {
          out.writeUTF(bid.bidId());
          out.writeUTF(bid.lineItemId());
          out.writeLong(bid.bidCpmLocal());
          out.writeUTF(bid.toLocal().toString());
          out.writeUTF(bid.auctionCurrency().code());
          out.writeByte((bid.firstPrice() ? FIRST_PRICE : 0) | (bid.test() ? TEST : 0));
          out.writeUTF(bid.visitor() == null ? "" : bid.visitor());
          writeLevels(out, bid.levels());
          out.writeLong(bid.at().getEpochSecond());
        });
  }

  String click(SignedClick click) {
    return token(
        CLICK,
        out -> {
          out.writeUTF(click.bidId());
          writeLevels(out, click.levels());
          out.writeLong(click.at().getEpochSecond());
        });
  }

  /**
   * The notice's bid, or null when the token is missing, malformed or not signed by this server.
   */
  @Nullable Signed readNotice(@Nullable String token) {
    return read(
        NOTICE,
        token,
        in -> {
          String bidId = in.readUTF();
          String lineItemId = in.readUTF();
          long bid = in.readLong();
          BigDecimal toLocal = new BigDecimal(in.readUTF());
          CurrencyUnit currency = CurrencyUnit.of(in.readUTF());
          int flags = in.readUnsignedByte();
          String visitor = in.readUTF();
          List<String> levels = readLevels(in);
          Instant at = Instant.ofEpochSecond(in.readLong());
          return new Signed(
              bidId,
              lineItemId,
              bid,
              toLocal,
              currency,
              (flags & FIRST_PRICE) != 0,
              visitor.isEmpty() ? null : visitor,
              levels,
              at,
              (flags & TEST) != 0);
        });
  }

  /** The click's bid, or null when the token is missing, malformed or not a signed click. */
  @Nullable SignedClick readClick(@Nullable String token) {
    return read(
        CLICK,
        token,
        in -> new SignedClick(in.readUTF(), readLevels(in), Instant.ofEpochSecond(in.readLong())));
  }

  private interface Fields {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private String token(byte purpose, Fields fields) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      fields.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return token(purpose, bytes.toByteArray());
  }

  private <T> @Nullable T read(byte purpose, @Nullable String token, Reader<T> reader) {
    byte[] payload = verified(purpose, token);
    if (payload == null) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      return in.readByte() == VERSION ? reader.read(in) : null;
    } catch (IOException | RuntimeException e) {
      // Signed by this server, yet unreadable: a token of another version.
      return null;
    }
  }

  private String token(byte purpose, byte[] payload) {
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(purpose, payload));
  }

  private byte @Nullable [] verified(byte purpose, @Nullable String token) {
    if (token == null) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      byte[] payload = DECODER.decode(token.substring(0, dot));
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      return MessageDigest.isEqual(signature, mac(purpose, payload)) ? payload : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] mac(byte purpose, byte[] payload) {
    Mac mac = macs.get();
    mac.update(purpose);
    return mac.doFinal(payload);
  }

  private static void writeLevels(DataOutputStream out, List<String> levels) throws IOException {
    int kept = 0;
    while (kept < levels.size() && levels.get(kept).length() <= MAX_LEVEL_CHARS) {
      kept++;
    }
    // The levels go from the widest to the narrowest: a prefix of them is still a valid list.
    out.writeByte(kept);
    for (int i = 0; i < kept; i++) {
      out.writeUTF(levels.get(i));
    }
  }

  private static List<String> readLevels(DataInputStream in) throws IOException {
    int count = in.readUnsignedByte();
    List<String> levels = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      levels.add(in.readUTF());
    }
    return List.copyOf(levels);
  }

  /** A secret of configuration as the key's bytes. */
  static byte[] key(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
