package dev.levier.conversion;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a server-to-server postback: HMAC-SHA256, in lower-case hex, of the canonical
 * query, keyed with the advertiser's postback secret. The canonical query is every parameter but
 * {@code sig}, each written {@code name=value} with both parts percent-encoded (RFC 3986: all but
 * letters, digits and {@code - . _ ~}), the pairs sorted as strings, joined by {@code &}. Sorting
 * and re-encoding make the signature independent of how a client orders or encodes its parameters.
 */
public final class PostbackSignature {
  private static final HexFormat HEX = HexFormat.of();

  private PostbackSignature() {}

  public static String canonical(Map<String, List<String>> query) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : query.entrySet()) {
      if (entry.getKey().equals("sig")) {
        continue;
      }
      for (String value : entry.getValue()) {
        pairs.add(encode(entry.getKey()) + "=" + encode(value));
      }
    }
    pairs.sort(null);
    return String.join("&", pairs);
  }

  public static String sign(String secret, Map<String, List<String>> query) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(canonical(query).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /** Whether the signature is right, compared in constant time. */
  public static boolean verify(String secret, Map<String, List<String>> query, String signature) {
    byte[] expected = sign(secret, query).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
