package dev.levier.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IP addresses made of ranges, such as the networks of hosting providers whose clicks are
 * not people. Ranges are sorted and merged when the set is built, and kept in primitive arrays, so
 * that a lookup is a binary search that allocates nothing.
 */
public final class IpRanges {

  private static final IpRanges EMPTY =
      new IpRanges(new long[0], new long[0], new long[0], new long[0]);

  private final long[] startHigh;
  private final long[] startLow;
  private final long[] endHigh;
  private final long[] endLow;

  private IpRanges(long[] startHigh, long[] startLow, long[] endHigh, long[] endLow) {
    this.startHigh = startHigh;
    this.startLow = startLow;
    this.endHigh = endHigh;
    this.endLow = endLow;
  }

  /** The set with no addresses. */
  public static IpRanges empty() {
    return EMPTY;
  }

  /**
   * Reads one CIDR block per line ({@code 203.0.113.0/24}, {@code 2001:db8::/32}), or a single
   * address. Text after {@code #} is a comment; blank lines are skipped. Overlapping and adjacent
   * blocks are merged.
   *
   * <p>A block with host bits set ({@code 203.0.113.7/24}) is refused rather than rounded down: it
   * usually means the list was written or cut wrongly, and silently widening it would hide that.
   *
   * @param sourceName how errors name the list, such as its file name
   * @throws IllegalArgumentException naming the source and the line of the first bad entry
   */
  public static IpRanges parseCidrs(Iterable<String> lines, String sourceName) {
    List<Block> blocks = new ArrayList<>();
    int lineNumber = 0;
    for (String line : lines) {
      lineNumber++;
      String entry = SourceText.content(line);
      if (!entry.isEmpty()) {
        blocks.add(parseBlock(entry, sourceName, lineNumber));
      }
    }
    return merged(blocks);
  }

  /** Whether the address falls in one of the ranges. */
  public boolean contains(IpAddress address) {
    long high = address.high();
    long low = address.low();
    int lo = 0;
    int hi = startHigh.length - 1;
    int candidate = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (IpAddress.compare(startHigh[mid], startLow[mid], high, low) <= 0) {
        candidate = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return candidate >= 0
        && IpAddress.compare(high, low, endHigh[candidate], endLow[candidate]) <= 0;
  }

  /** How many disjoint ranges remain once overlapping and adjacent blocks are merged. */
  public int size() {
    return startHigh.length;
  }

  @Override
  public String toString() {
    return "IpRanges[" + size() + " ranges]";
  }

  private record Block(long startHigh, long startLow, long endHigh, long endLow) {}

  private static Block parseBlock(String entry, String sourceName, int lineNumber) {
    int slash = entry.indexOf('/');
    int addressEnd = slash < 0 ? entry.length() : slash;
    IpAddress address;
    try {
      address = IpAddress.parseOrExplain(entry, 0, addressEnd);
    } catch (IllegalArgumentException e) {
      throw SourceText.problem(
          sourceName,
          lineNumber,
          SourceText.quote(entry, 0, entry.length()) + " is not an IP address: " + e.getMessage());
    }
    int familyBits = address.isV4() ? 32 : 128;
    int prefix = familyBits;
    if (slash >= 0) {
      prefix = prefixLength(entry, slash + 1);
      if (prefix < 0 || prefix > familyBits) {
        throw SourceText.problem(
            sourceName,
            lineNumber,
            SourceText.quote(entry, 0, entry.length())
                + " has a bad prefix length: expected a number from 0 to "
                + familyBits
                + " after '/'");
      }
    }
    int bits = prefix + (128 - familyBits);
    long highMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
    long lowMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
    long high = address.high();
    long low = address.low();
    if ((high & ~highMask) != 0 || (low & ~lowMask) != 0) {
      IpAddress network = IpAddress.fromBits(high & highMask, low & lowMask);
      throw SourceText.problem(
          sourceName,
          lineNumber,
          SourceText.quote(entry, 0, entry.length())
              + " has host bits set; did you mean "
              + network
              + "/"
              + prefix
              + "?");
    }
    return new Block(high, low, high | ~highMask, low | ~lowMask);
  }

  /** The decimal number after the slash, or -1 when it is not one. */
  private static int prefixLength(String entry, int from) {
    int length = entry.length() - from;
    if (length < 1 || length > 3) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < entry.length(); i++) {
      char c = entry.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static IpRanges merged(List<Block> blocks) {
    if (blocks.isEmpty()) {
      return EMPTY;
    }
    blocks.sort(
        Comparator.<Block>comparingLong(b -> b.startHigh() ^ Long.MIN_VALUE)
            .thenComparingLong(b -> b.startLow() ^ Long.MIN_VALUE));
    List<Block> merged = new ArrayList<>();
    Block current = blocks.get(0);
    for (int i = 1; i < blocks.size(); i++) {
      Block next = blocks.get(i);
      if (startsWithinOrRightAfter(next, current)) {
        if (IpAddress.compare(next.endHigh(), next.endLow(), current.endHigh(), current.endLow())
            > 0) {
          current =
              new Block(current.startHigh(), current.startLow(), next.endHigh(), next.endLow());
        }
      } else {
        merged.add(current);
        current = next;
      }
    }
    merged.add(current);
    int n = merged.size();
    long[] startHigh = new long[n];
    long[] startLow = new long[n];
    long[] endHigh = new long[n];
    long[] endLow = new long[n];
    for (int i = 0; i < n; i++) {
      Block block = merged.get(i);
      startHigh[i] = block.startHigh();
      startLow[i] = block.startLow();
      endHigh[i] = block.endHigh();
      endLow[i] = block.endLow();
    }
    return new IpRanges(startHigh, startLow, endHigh, endLow);
  }

  /**
   * Whether {@code next} (which starts no earlier) overlaps or directly follows {@code current}.
   */
  private static boolean startsWithinOrRightAfter(Block next, Block current) {
    if (IpAddress.compare(next.startHigh(), next.startLow(), current.endHigh(), current.endLow())
        <= 0) {
      return true;
    }
    long afterLow = current.endLow() + 1;
    long afterHigh = afterLow == 0 ? current.endHigh() + 1 : current.endHigh();
    return next.startHigh() == afterHigh && next.startLow() == afterLow;
  }
}
