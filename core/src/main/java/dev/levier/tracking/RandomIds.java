package dev.levier.tracking;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * Unguessable identifiers for clicks and visitors: 128 random bits written as 22 characters of
 * base64url without padding, safe in URLs, cookies and headers.
 *
 * <p>They must be unguessable because they travel in plain sight, in landing-page URLs and cookies,
 * and whoever can forge one can claim another publisher's conversion. They come from a DRBG {@link
 * SecureRandom}, one per platform thread: an event loop never waits on a lock that another thread
 * holds. A virtual thread shares one generator instead, since making one per virtual thread would
 * seed a fresh generator for nearly every call.
 */
public final class RandomIds {
  private RandomIds() {}

  /** The length of every id. */
  public static final int LENGTH = 22;

  private static final int BYTES = 16;

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(StandardCharsets.US_ASCII);

  private static final ThreadLocal<Generator> PER_THREAD = ThreadLocal.withInitial(Generator::new);

  /** A new click id. */
  public static String clickId() {
    return next();
  }

  /** A new visitor id, for the cookie that links a visitor's clicks. */
  public static String visitorId() {
    return next();
  }

  /**
   * Whether the text has the shape of an id: exactly {@value #LENGTH} characters of the base64url
   * alphabet. Cheap enough to check every cookie and click id a request brings, before trusting it
   * as a key.
   */
  public static boolean looksLikeId(@Nullable String text) {
    if (text == null || text.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
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

  private static String next() {
    if (Thread.currentThread().isVirtual()) {
      byte[] random = new byte[BYTES];
      Shared.RANDOM.nextBytes(random);
      return encode(random, new byte[LENGTH]);
    }
    Generator generator = PER_THREAD.get();
    generator.random.nextBytes(generator.bytes);
    return encode(generator.bytes, generator.text);
  }

  /** Base64url of 16 bytes without padding, the way {@link java.util.Base64} writes it. */
  static String encode(byte[] bytes, byte[] text) {
    int out = 0;
    int in = 0;
    while (in + 3 <= BYTES) {
      int group = (bytes[in] & 0xff) << 16 | (bytes[in + 1] & 0xff) << 8 | (bytes[in + 2] & 0xff);
      text[out++] = ALPHABET[group >>> 18];
      text[out++] = ALPHABET[(group >>> 12) & 0x3f];
      text[out++] = ALPHABET[(group >>> 6) & 0x3f];
      text[out++] = ALPHABET[group & 0x3f];
      in += 3;
    }
    int last = bytes[in] & 0xff;
    text[out++] = ALPHABET[last >>> 2];
    text[out] = ALPHABET[(last & 0x3) << 4];
    return new String(text, 0, LENGTH, StandardCharsets.ISO_8859_1);
  }

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK offers no DRBG SecureRandom", e);
    }
  }

  /** A thread's generator and the buffers it reuses, so that an id costs only its string. */
  private static final class Generator {
    final SecureRandom random = newDrbg();
    final byte[] bytes = new byte[BYTES];
    final byte[] text = new byte[LENGTH];
  }

  /** Created on first use by a virtual thread only. DRBG generators are safe to share. */
  private static final class Shared {
    static final SecureRandom RANDOM = newDrbg();
  }
}
