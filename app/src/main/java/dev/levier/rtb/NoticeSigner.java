package dev.levier.rtb;

import dev.levier.money.CurrencyUnit;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Every bid carries its token four times (three notice URLs and the click in the markup), so
 * tokens are kept short: numbers as variable-length integers, each level written as what it adds to
 * the one before, and the HMAC cut to its first 128 bits (RFC 2104 allows any length of at least
 * half the hash; 128 bits is what RFC 4868 uses for HMAC-SHA-256). Tokens of the first, longer form
 * (fixed-width fields, the whole HMAC) are still read, so that notices of bids made before an
 * upgrade are settled.
 */
final class NoticeSigner {
  private static final byte NOTICE = 'n';
  private static final byte CLICK = 'c';

  /** The first form: fields as {@link java.io.DataOutputStream} writes them, the whole HMAC. */
  private static final byte VERSION_1 = 1;

  /** The compact form, with the HMAC's first {@link #SIGNATURE_BYTES} bytes. */
  private static final byte VERSION = 2;

  private static final int SIGNATURE_BYTES = 16;
  private static final int FULL_SIGNATURE_BYTES = 32;
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
    Payload out = new Payload();
    out.text(bid.bidId());
    out.text(bid.lineItemId());
    out.number(bid.bidCpmLocal());
    out.text(bid.toLocal().toString());
    out.text(bid.auctionCurrency().code());
    out.number((bid.firstPrice() ? FIRST_PRICE : 0) | (bid.test() ? TEST : 0));
    out.text(bid.visitor() == null ? "" : bid.visitor());
    out.levels(bid.levels());
    out.number(bid.at().getEpochSecond());
    return token(NOTICE, out);
  }

  String click(SignedClick click) {
    Payload out = new Payload();
    out.text(click.bidId());
    out.levels(click.levels());
    out.number(click.at().getEpochSecond());
    return token(CLICK, out);
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
          return signed(bidId, lineItemId, bid, toLocal, currency, flags, visitor, levels, at);
        },
        in -> {
          String bidId = in.text();
          String lineItemId = in.text();
          long bid = in.number();
          BigDecimal toLocal = new BigDecimal(in.text());
          CurrencyUnit currency = CurrencyUnit.of(in.text());
          int flags = (int) in.number();
          String visitor = in.text();
          List<String> levels = in.levels();
          Instant at = Instant.ofEpochSecond(in.number());
          return signed(bidId, lineItemId, bid, toLocal, currency, flags, visitor, levels, at);
        });
  }

  private static Signed signed(
      String bidId,
      String lineItemId,
      long bid,
      BigDecimal toLocal,
      CurrencyUnit currency,
      int flags,
      String visitor,
      List<String> levels,
      Instant at) {
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
  }

  /** The click's bid, or null when the token is missing, malformed or not a signed click. */
  @Nullable SignedClick readClick(@Nullable String token) {
    return read(
        CLICK,
        token,
        in -> new SignedClick(in.readUTF(), readLevels(in), Instant.ofEpochSecond(in.readLong())),
        in -> new SignedClick(in.text(), in.levels(), Instant.ofEpochSecond(in.number())));
  }

  private interface FirstForm<T> {
    T read(DataInputStream in) throws IOException;
  }

  private interface CompactForm<T> {
    T read(PayloadReader in);
  }

  private <T> @Nullable T read(
      byte purpose, @Nullable String token, FirstForm<T> first, CompactForm<T> compact) {
    byte[] payload = verified(purpose, token);
    if (payload == null || payload.length == 0) {
      return null;
    }
    try {
      if (payload[0] == VERSION) {
        return compact.read(new PayloadReader(payload));
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
        return in.readByte() == VERSION_1 ? first.read(in) : null;
      }
    } catch (IOException | RuntimeException e) {
      // Signed by this server, yet unreadable: a token of another version.
      return null;
    }
  }

  private String token(byte purpose, Payload payload) {
    byte[] fields = payload.bytes();
    byte[] signature = mac(purpose, fields);
    int fieldChars = base64Length(fields.length);
    byte[] token = new byte[fieldChars + 1 + base64Length(SIGNATURE_BYTES)];
    ENCODER.encode(fields, token);
    token[fieldChars] = '.';
    byte[] encoded = ENCODER.encode(Arrays.copyOf(signature, SIGNATURE_BYTES));
    System.arraycopy(encoded, 0, token, fieldChars + 1, encoded.length);
    return new String(token, StandardCharsets.ISO_8859_1);
  }

  private static int base64Length(int bytes) {
    return (bytes * 4 + 2) / 3;
  }

  /**
   * The token's fields when its signature is this server's: the whole HMAC for a token of the first
   * form, its first 128 bits for a compact one.
   */
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
      int expected =
          payload.length > 0 && payload[0] == VERSION_1 ? FULL_SIGNATURE_BYTES : SIGNATURE_BYTES;
      if (signature.length != expected) {
        return null;
      }
      byte[] mac = Arrays.copyOf(mac(purpose, payload), expected);
      return MessageDigest.isEqual(signature, mac) ? payload : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] mac(byte purpose, byte[] payload) {
    Mac mac = macs.get();
    mac.update(purpose);
    return mac.doFinal(payload);
  }

  /** The compact form's fields, as they are written. */
  private static final class Payload {
    private byte[] bytes = new byte[160];
    private int size;

    Payload() {
      bytes[size++] = VERSION;
    }

    /** A number of at least zero, seven bits a byte, the lowest first. */
    void number(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("a token's numbers are never negative: " + value);
      }
      long rest = value;
      while (rest >= 0x80) {
        put((byte) (rest | 0x80));
        rest >>>= 7;
      }
      put((byte) rest);
    }

    /** A text as its UTF-8 length and bytes. */
    void text(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      number(utf8.length);
      for (byte b : utf8) {
        put(b);
      }
    }

    /**
     * The levels from the widest, each as how many characters it shares with the one before and the
     * rest: a level is its wider one plus a part, so most of it is written once. Levels longer than
     * {@link #MAX_LEVEL_CHARS} end the list (a prefix of the levels is still a valid list).
     */
    void levels(List<String> levels) {
      int kept = 0;
      while (kept < levels.size() && levels.get(kept).length() <= MAX_LEVEL_CHARS) {
        kept++;
      }
      number(kept);
      String previous = "";
      for (int i = 0; i < kept; i++) {
        String level = levels.get(i);
        int shared = 0;
        int most = Math.min(previous.length(), level.length());
        while (shared < most && previous.charAt(shared) == level.charAt(shared)) {
          shared++;
        }
        number(shared);
        text(level.substring(shared));
        previous = level;
      }
    }

    private void put(byte b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = b;
    }

    byte[] bytes() {
      return Arrays.copyOf(bytes, size);
    }
  }

  /** Reads what {@link Payload} wrote; a malformed payload throws a runtime exception. */
  private static final class PayloadReader {
    private final byte[] bytes;
    private int position = 1;

    PayloadReader(byte[] bytes) {
      this.bytes = bytes;
    }

    long number() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes[position++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a number of more than 64 bits");
    }

    String text() {
      int length = Math.toIntExact(number());
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }

    List<String> levels() {
      int count = Math.toIntExact(number());
      List<String> levels = new ArrayList<>(count);
      String previous = "";
      for (int i = 0; i < count; i++) {
        int shared = Math.toIntExact(number());
        String level = previous.substring(0, shared) + text();
        levels.add(level);
        previous = level;
      }
      return List.copyOf(levels);
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
