package dev.levier.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key material. A key is {@code lvk_} and 256 random bits in base64url; only its SHA-256 is
 * stored. With that much entropy a fast hash is safe: there is no dictionary to try.
 */
public final class ApiKeys {
  public static final String PREFIX = "lvk_";
  private static final int RANDOM_BYTES = 32;
  private static final int KEY_LENGTH = PREFIX.length() + 43;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether text has the shape of a key; cheap, checked before any database lookup. */
  public static boolean looksLikeKey(String text) {
    if (text.length() != KEY_LENGTH || !text.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The stored form of a key: lower-case hex SHA-256. */
  public static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The first characters of a key, kept so that people can tell their keys apart. */
  public static String displayPrefix(String key) {
    return key.substring(0, PREFIX.length() + 6);
  }
}
