package dev.levier.tracking;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * Unguessable identifiers for visitors and clicks, safe in URLs, cookies and headers. They travel
 * in plain sight (landing-page URLs, cookies), and whoever can forge one can claim another
 * publisher's sale, so each carries at least 80 random bits from a DRBG {@link SecureRandom}, one
 * per platform thread: an event loop never waits on a lock another thread holds (virtual threads
 * share one generator, since one per virtual thread would be seeded for nearly every call).
 *
 * <p>Both are written in an order-preserving base-64 alphabet (the 64 URL-safe characters in ASCII
 * order), so that ids which start with a time or a counter sort the way their numbers do. That
 * choice is about storage: a database index grows at its right edge when keys increase, and pays
 * far more when they land at random.
 *
 * <ul>
 *   <li>A <b>visitor id</b> is 22 characters: 48 bits of the time it was made (milliseconds) and 80
 *       random bits.
 *   <li>A <b>click id</b> is 24 characters: the 48-bit number of the click's row, then 96 random
 *       bits, its secret. The row number finds the click without an index on a random key; the
 *       secret, compared on lookup, keeps it unguessable.
 * </ul>
 */
public final class RandomIds {
  private RandomIds() {}

  /** The length of a visitor id. */
  public static final int VISITOR_LENGTH = 22;

  /** The length of a click id. */
  public static final int CLICK_LENGTH = 24;

  /** The length of the secret part of a click id (its last characters). */
  public static final int SECRET_LENGTH = 16;

  /** The largest row number a click id can carry. */
  public static final long MAX_CLICK_ROW = (1L << 48) - 1;

  private static final String ORDERED =
      "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  private static final byte[] ALPHABET = ORDERED.getBytes(StandardCharsets.US_ASCII);
  private static final int[] VALUES = values();

  private static final ThreadLocal<Generator> PER_THREAD = ThreadLocal.withInitial(Generator::new);

  /** A new visitor id for the cookie that links a visitor's clicks, made at {@code nowMillis}. */
  public static String visitorId(long nowMillis) {
    byte[] bytes = new byte[16];
    putSix(bytes, nowMillis);
    randomBytes(bytes, 6, 10);
    return encode(bytes, VISITOR_LENGTH);
  }

  /**
   * A visitor id made at {@code nowMillis} from a given generator, for a simulation whose visitors
   * must be the same from run to run; real visitors get {@link #visitorId(long)}.
   */
  public static String visitorId(long nowMillis, java.util.random.RandomGenerator random) {
    byte[] bytes = new byte[16];
    putSix(bytes, nowMillis);
    byte[] rest = new byte[10];
    random.nextBytes(rest);
    System.arraycopy(rest, 0, bytes, 6, rest.length);
    return encode(bytes, VISITOR_LENGTH);
  }

  /** The click id of the click stored in row {@code row}, with a fresh random secret. */
  public static String clickId(long row) {
    if (row < 0 || row > MAX_CLICK_ROW) {
      throw new IllegalArgumentException("a click row must be from 0 to 2^48 - 1, got " + row);
    }
    byte[] bytes = new byte[18];
    putSix(bytes, row);
    randomBytes(bytes, 6, 12);
    return encode(bytes, CLICK_LENGTH);
  }

  /** The click id made of a row number and a stored secret; the inverse of the two parts. */
  public static String clickId(long row, String secret) {
    if (secret.length() != SECRET_LENGTH || !inAlphabet(secret)) {
      throw new IllegalArgumentException("a click secret is " + SECRET_LENGTH + " id characters");
    }
    byte[] bytes = new byte[6];
    putSix(bytes, row);
    return encode(bytes, 8) + secret;
  }

  /**
   * When a visitor id that passed {@link #looksLikeVisitorId} says it was made, in milliseconds
   * since the epoch. A visitor can forge it like any cookie, so it serves only to count, never to
   * trust.
   */
  public static long visitorMadeAtMillis(String visitorId) {
    return firstSixBytes(visitorId);
  }

  /** The row number in a click id that passed {@link #looksLikeClickId}. */
  public static long clickRow(String clickId) {
    return firstSixBytes(clickId);
  }

  /** The 48 bits written by {@link #putSix}: the first 8 characters. */
  private static long firstSixBytes(String id) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 6) | VALUES[id.charAt(i)];
    }
    return value;
  }

  /** The secret in a click id that passed {@link #looksLikeClickId}. */
  public static String clickSecret(String clickId) {
    return clickId.substring(CLICK_LENGTH - SECRET_LENGTH);
  }

  /** Whether text has the shape of a visitor id: cheap enough to check every cookie. */
  public static boolean looksLikeVisitorId(@Nullable String text) {
    return text != null && text.length() == VISITOR_LENGTH && inAlphabet(text);
  }

  /** Whether text has the shape of a click id. */
  public static boolean looksLikeClickId(@Nullable String text) {
    return text != null && text.length() == CLICK_LENGTH && inAlphabet(text);
  }

  private static boolean inAlphabet(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        return false;
      }
    }
    return true;
  }

  private static void putSix(byte[] bytes, long value) {
    for (int i = 5; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
  }

  private static void randomBytes(byte[] into, int from, int count) {
    if (Thread.currentThread().isVirtual()) {
      byte[] random = new byte[count];
      Shared.RANDOM.nextBytes(random);
      System.arraycopy(random, 0, into, from, count);
    } else {
      PER_THREAD.get().take(into, from, count);
    }
  }

  /**
   * Writes bytes in the ordered alphabet, most significant bits first, into {@code length}
   * characters; the last character takes the bits left over, padded with zeros.
   */
  static String encode(byte[] bytes, int length) {
    byte[] text = new byte[length];
    int buffer = 0;
    int bits = 0;
    int out = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        text[out++] = ALPHABET[(buffer >>> bits) & 0x3f];
      }
    }
    if (bits > 0) {
      text[out++] = ALPHABET[(buffer << (6 - bits)) & 0x3f];
    }
    if (out != length) {
      throw new IllegalStateException(
          bytes.length + " bytes do not make " + length + " characters");
    }
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  private static int[] values() {
    int[] values = new int[128];
    java.util.Arrays.fill(values, -1);
    for (int i = 0; i < ORDERED.length(); i++) {
      values[ORDERED.charAt(i)] = i;
    }
    return values;
  }

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK offers no DRBG SecureRandom", e);
    }
  }

  /**
   * A platform thread's own generator, drawn from {@value #POOL} bytes at a time. Each call of the
   * DRBG costs three SHA-256 digests whatever it returns, which made two calls a click (visitor and
   * click id) a few percent of the redirect's CPU; one call for the next few dozen ids costs about
   * one digest per 32 bytes. The bytes wait in this thread's memory until used, unseen by anyone
   * who cannot already read the heap (and so the generator's state).
   */
  private static final class Generator {
    static final int POOL = 512;

    private final SecureRandom random = newDrbg();
    private final byte[] pool = new byte[POOL];
    private int next = POOL;

    void take(byte[] into, int from, int count) {
      if (count > POOL) {
        byte[] random = new byte[count];
        this.random.nextBytes(random);
        System.arraycopy(random, 0, into, from, count);
        return;
      }
      if (POOL - next < count) {
        random.nextBytes(pool);
        next = 0;
      }
      System.arraycopy(pool, next, into, from, count);
      // Used bytes are cleared, so that what is left in memory is only what is still to come.
      java.util.Arrays.fill(pool, next, next + count, (byte) 0);
      next += count;
    }
  }

  /** Created on first use by a virtual thread only. DRBG generators are safe to share. */
  private static final class Shared {
    static final SecureRandom RANDOM = newDrbg();
  }
}
