package dev.levier.tracking;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address, held as 128 bits in two longs so that every comparison, range check and
 * table lookup is the same unsigned comparison whatever the family.
 *
 * <p>IPv4 addresses are stored as IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}), the form in
 * which a dual-stack server reports an IPv4 client. So {@code 192.0.2.1} and {@code
 * ::ffff:192.0.2.1} are the same address: both are IPv4, print as {@code 192.0.2.1} and fall in the
 * same country and data-centre ranges.
 *
 * <p>The parser is written by hand rather than delegated to {@code InetAddress}, which may resolve
 * host names over DNS and which accepts spellings (leading zeros, zone ids) whose meaning differs
 * between systems. Parsing allocates nothing but the result, and {@link #tryParse} never throws,
 * because a forwarded-for header is attacker-controlled and is parsed on every click.
 */
public final class IpAddress implements Comparable<IpAddress> {

  /** The upper 32 bits of the low half of an IPv4-mapped address: {@code ::ffff:0:0/96}. */
  private static final long MAPPED_PREFIX = 0xffffL << 32;

  private final long high;
  private final long low;
  private final boolean isV4;

  private IpAddress(long high, long low) {
    this.high = high;
    this.low = low;
    this.isV4 = isMapped(high, low);
  }

  /**
   * The address with these 128 bits; bits in {@code ::ffff:0:0/96} make an IPv4 address.
   *
   * @param high the first 64 bits, most significant first
   * @param low the last 64 bits
   */
  public static IpAddress fromBits(long high, long low) {
    return new IpAddress(high, low);
  }

  /** The IPv4 address whose 32 bits are these, most significant octet first. */
  public static IpAddress ofV4(int bits) {
    return new IpAddress(0, MAPPED_PREFIX | Integer.toUnsignedLong(bits));
  }

  /**
   * Parses dotted IPv4 ({@code 192.0.2.1}) or IPv6 in any RFC 4291 form ({@code 2001:db8::1},
   * {@code ::ffff:192.0.2.1}, either case), optionally in brackets ({@code [::1]}).
   *
   * <p>Refused: octets with a leading zero ({@code 01.2.3.4}, which some systems read as octal),
   * zone ids ({@code fe80::1%eth0}, meaningless off the host), ports, and surrounding spaces.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static IpAddress parse(String text) {
    try {
      return parseOrExplain(text, 0, text.length());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          SourceText.quote(text, 0, text.length()) + " is not an IP address: " + e.getMessage(), e);
    }
  }

  /**
   * Parses {@code text.substring(from, to)}, or throws an exception whose message is the reason
   * alone, for callers that quote the text their own way.
   */
  static IpAddress parseOrExplain(String text, int from, int to) {
    IpAddress address = parse(text, from, to, true);
    if (address == null) {
      throw new IllegalStateException("the parser gave neither an address nor a reason");
    }
    return address;
  }

  /** Like {@link #parse}, but returns null for text that is not an address, without throwing. */
  public static @Nullable IpAddress tryParse(@Nullable String text) {
    return text == null ? null : parse(text, 0, text.length(), false);
  }

  /**
   * Like {@link #tryParse(String)} on {@code text.substring(from, to)}, without the substring: an
   * {@code X-Forwarded-For} header can be split into addresses without allocating each part.
   *
   * @throws IndexOutOfBoundsException if the bounds are outside the text
   */
  public static @Nullable IpAddress tryParse(String text, int from, int to) {
    if (from < 0 || to > text.length() || from > to) {
      throw new IndexOutOfBoundsException(
          "range [" + from + ", " + to + ") of a text of length " + text.length());
    }
    return parse(text, from, to, false);
  }

  /** The first 64 of the 128 bits (zero for IPv4). */
  public long high() {
    return high;
  }

  /** The last 64 of the 128 bits ({@code 0x0000ffff_aabbccdd} for IPv4 a.b.c.d). */
  public long low() {
    return low;
  }

  /** Whether this is an IPv4 address, written either way. */
  public boolean isV4() {
    return isV4;
  }

  /**
   * The address with its host part cleared: an IPv4 address keeps its /24, an IPv6 address its /48.
   * This is the form stored at rest: enough for country and network statistics, not enough to
   * single out a household.
   */
  public IpAddress truncated() {
    if (isV4) {
      return new IpAddress(0, low & ~0xffL);
    }
    return new IpAddress(high & 0xffff_ffff_ffff_0000L, 0);
  }

  /** Whether {@code start <= this <= end}; an empty range (start after end) contains nothing. */
  public boolean inRange(IpAddress start, IpAddress end) {
    return compare(start.high, start.low, high, low) <= 0
        && compare(high, low, end.high, end.low) <= 0;
  }

  /**
   * Orders addresses as unsigned 128-bit numbers; IPv4 addresses sort inside {@code ::ffff:0:0/96}.
   */
  @Override
  public int compareTo(IpAddress other) {
    return compare(high, low, other.high, other.low);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof IpAddress that && high == that.high && low == that.low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + Long.hashCode(low);
  }

  /**
   * The canonical text: dotted decimal for IPv4, RFC 5952 for IPv6 (lower case, no leading zeros,
   * the longest run of two or more zero groups shortened to {@code ::}), so that one address is
   * always stored and compared as one string.
   */
  @Override
  public String toString() {
    if (isV4) {
      return (low >>> 24 & 0xff)
          + "."
          + (low >>> 16 & 0xff)
          + "."
          + (low >>> 8 & 0xff)
          + "."
          + (low & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int i = 0; i < 8; i++) {
      if (group(i) == 0) {
        if (runStart < 0) {
          runStart = i;
        }
        int length = i - runStart + 1;
        if (length > bestLength) {
          bestStart = runStart;
          bestLength = length;
        }
      } else {
        runStart = -1;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(group(i)));
    }
    return out.toString();
  }

  private int group(int index) {
    long half = index < 4 ? high : low;
    return (int) (half >>> (16 * (3 - (index & 3)))) & 0xffff;
  }

  /** Unsigned comparison of two 128-bit numbers given as (high, low) pairs. */
  static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int byHigh = Long.compareUnsigned(aHigh, bHigh);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(aLow, bLow);
  }

  private static boolean isMapped(long high, long low) {
    return high == 0 && (low & 0xffff_ffff_0000_0000L) == MAPPED_PREFIX;
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing. With raise, a failure throws an IllegalArgumentException whose message is the reason
  // alone; without, it returns null (or -1 for IPv4 bits). Reasons are literals, so the non-raising
  // path never builds a string.

  private static @Nullable IpAddress parse(String s, int from, int to, boolean raise) {
    if (from == to) {
      return reject(raise, "it is empty");
    }
    if (s.charAt(from) == '[') {
      if (to - from < 2 || s.charAt(to - 1) != ']') {
        return reject(raise, "an opening bracket is not closed");
      }
      from++;
      to--;
      if (indexOf(s, ':', from, to) < 0) {
        return reject(raise, "only IPv6 addresses are written in brackets");
      }
    }
    boolean colon = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        return reject(raise, "zone ids (%...) are not accepted");
      }
      if (c == ':') {
        colon = true;
      }
    }
    if (!colon) {
      long bits = parseV4(s, from, to, raise);
      return bits < 0 ? null : new IpAddress(0, MAPPED_PREFIX | bits);
    }
    return parseV6(s, from, to, raise);
  }

  /** The 32 bits of a dotted IPv4 address, or -1. */
  private static long parseV4(String s, int from, int to, boolean raise) {
    long bits = 0;
    int octets = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return rejectV4(raise, "an octet has a leading zero, which some systems read as octal");
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return rejectV4(raise, "an octet is greater than 255");
        }
      } else if (c == '.') {
        if (digits == 0) {
          return rejectV4(raise, "an octet is empty");
        }
        if (++octets == 4) {
          return rejectV4(raise, "an IPv4 address has exactly 4 octets");
        }
        bits = bits << 8 | value;
        value = 0;
        digits = 0;
      } else {
        return rejectV4(raise, "only digits and dots may appear in an IPv4 address");
      }
    }
    if (digits == 0) {
      return rejectV4(raise, "an octet is empty");
    }
    if (octets != 3) {
      return rejectV4(raise, "an IPv4 address has exactly 4 octets");
    }
    return bits << 8 | value;
  }

  private static @Nullable IpAddress parseV6(String s, int from, int to, boolean raise) {
    // Groups before "::" accumulate in head, groups after it in tail, each as a 128-bit number.
    long headHigh = 0;
    long headLow = 0;
    long tailHigh = 0;
    long tailLow = 0;
    int headGroups = 0;
    int tailGroups = 0;
    boolean compressed = false;
    int i = from;
    if (s.charAt(i) == ':') {
      if (i + 1 >= to || s.charAt(i + 1) != ':') {
        return reject(raise, "it starts with a single colon");
      }
      compressed = true;
      i += 2;
    }
    while (i < to) {
      int start = i;
      int value = 0;
      int digits = 0;
      while (i < to) {
        int digit = hexDigit(s.charAt(i));
        if (digit < 0) {
          break;
        }
        if (++digits > 4) {
          return reject(raise, "a group has more than 4 hex digits");
        }
        value = value << 4 | digit;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        if (headGroups + tailGroups > 6) {
          return reject(raise, "it has more than 8 groups");
        }
        long bits = parseV4(s, start, to, raise);
        if (bits < 0) {
          return null;
        }
        if (compressed) {
          tailHigh = tailHigh << 32 | tailLow >>> 32;
          tailLow = tailLow << 32 | bits;
          tailGroups += 2;
        } else {
          headHigh = headHigh << 32 | headLow >>> 32;
          headLow = headLow << 32 | bits;
          headGroups += 2;
        }
        break;
      }
      if (digits == 0) {
        return reject(
            raise,
            i < to && s.charAt(i) != ':'
                ? "it contains a character that is not a hex digit, ':' or '.'"
                : "a group is empty (':::' or '::' twice?)");
      }
      if (headGroups + tailGroups == 8) {
        return reject(raise, "it has more than 8 groups");
      }
      if (compressed) {
        tailHigh = tailHigh << 16 | tailLow >>> 48;
        tailLow = tailLow << 16 | value;
        tailGroups++;
      } else {
        headHigh = headHigh << 16 | headLow >>> 48;
        headLow = headLow << 16 | value;
        headGroups++;
      }
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return reject(raise, "it contains a character that is not a hex digit, ':' or '.'");
      }
      i++;
      if (i == to) {
        return reject(raise, "it ends with a single colon");
      }
      if (s.charAt(i) == ':') {
        if (compressed) {
          return reject(raise, "'::' appears more than once");
        }
        compressed = true;
        i++;
      }
    }
    if (!compressed) {
      if (headGroups != 8) {
        return reject(raise, "it has fewer than 8 groups and no '::'");
      }
      return new IpAddress(headHigh, headLow);
    }
    if (headGroups + tailGroups > 7) {
      return reject(raise, "'::' must stand for at least one group, but there are 8 already");
    }
    int shift = 16 * (8 - headGroups);
    long high;
    long low;
    if (shift >= 128) {
      high = 0;
      low = 0;
    } else if (shift >= 64) {
      high = headLow << (shift - 64);
      low = 0;
    } else {
      high = headHigh << shift | headLow >>> (64 - shift);
      low = headLow << shift;
    }
    return new IpAddress(high | tailHigh, low | tailLow);
  }

  private static @Nullable IpAddress reject(boolean raise, String reason) {
    if (raise) {
      throw new IllegalArgumentException(reason);
    }
    return null;
  }

  private static long rejectV4(boolean raise, String reason) {
    if (raise) {
      throw new IllegalArgumentException(reason);
    }
    return -1;
  }

  /** The value of an ASCII hex digit, or -1; {@link Character#digit} would accept other scripts. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    if (lower >= 'a' && lower <= 'f') {
      return lower - 'a' + 10;
    }
    return -1;
  }

  static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
