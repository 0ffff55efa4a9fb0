package dev.levier.tracking;

import dev.levier.geo.CountryCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which country an IP address is in, from a table of address ranges such as the free country
 * databases publish. The ranges are sorted into primitive arrays when the table is built, so that a
 * lookup on the click path is a binary search that allocates nothing.
 *
 * <p>Overlapping rows are refused rather than resolved: with two answers for one address, any
 * choice would be arbitrary and the report built on it silently wrong.
 */
public final class IpCountryTable {

  private static final IpCountryTable EMPTY =
      new IpCountryTable(new long[0], new long[0], new long[0], new long[0], new CountryCode[0]);

  private final long[] startHigh;
  private final long[] startLow;
  private final long[] endHigh;
  private final long[] endLow;
  private final CountryCode[] countries;

  private IpCountryTable(
      long[] startHigh, long[] startLow, long[] endHigh, long[] endLow, CountryCode[] countries) {
    this.startHigh = startHigh;
    this.startLow = startLow;
    this.endHigh = endHigh;
    this.endLow = endLow;
    this.countries = countries;
  }

  /** The table that knows no country, for deployments without a country database. */
  public static IpCountryTable empty() {
    return EMPTY;
  }

  /**
   * Reads rows of {@code start_ip,end_ip,country} (both ends inclusive, country an ISO 3166-1
   * alpha-2 code), IPv4 and IPv6 rows in any order. A first row starting with {@code start} is a
   * header; text after {@code #} is a comment; blank lines are skipped; fields may be quoted.
   *
   * @param sourceName how errors name the table, such as its file name
   * @throws IllegalArgumentException naming the source and line of the first bad row: a malformed
   *     address or country, a start after its end, ends of different families, or a row that
   *     overlaps another
   */
  public static IpCountryTable parse(Iterable<String> lines, String sourceName) {
    List<Row> rows = new ArrayList<>();
    int lineNumber = 0;
    boolean first = true;
    for (String line : lines) {
      lineNumber++;
      String content = SourceText.content(line);
      if (content.isEmpty()) {
        continue;
      }
      boolean header = first && content.regionMatches(true, 0, "start", 0, 5);
      first = false;
      if (!header) {
        rows.add(parseRow(content, sourceName, lineNumber));
      }
    }
    return build(rows, sourceName);
  }

  /** The country of the address, or null when no row covers it. */
  public @Nullable CountryCode lookup(IpAddress address) {
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
    if (candidate >= 0
        && IpAddress.compare(high, low, endHigh[candidate], endLow[candidate]) <= 0) {
      return countries[candidate];
    }
    return null;
  }

  /** The number of rows. */
  public int size() {
    return countries.length;
  }

  @Override
  public String toString() {
    return "IpCountryTable[" + size() + " ranges]";
  }

  private record Row(IpAddress start, IpAddress end, CountryCode country, int lineNumber) {}

  private static Row parseRow(String content, String sourceName, int lineNumber) {
    int firstComma = content.indexOf(',');
    int secondComma = firstComma < 0 ? -1 : content.indexOf(',', firstComma + 1);
    if (secondComma < 0 || content.indexOf(',', secondComma + 1) >= 0) {
      throw SourceText.problem(
          sourceName,
          lineNumber,
          "expected three fields start_ip,end_ip,country but got "
              + SourceText.quote(content, 0, content.length()));
    }
    IpAddress start = address(field(content, 0, firstComma), "start", sourceName, lineNumber);
    IpAddress end =
        address(field(content, firstComma + 1, secondComma), "end", sourceName, lineNumber);
    String code = field(content, secondComma + 1, content.length());
    CountryCode country;
    try {
      country = CountryCode.of(code);
    } catch (IllegalArgumentException e) {
      throw SourceText.problem(sourceName, lineNumber, String.valueOf(e.getMessage()));
    }
    if (start.isV4() != end.isV4()) {
      throw SourceText.problem(
          sourceName,
          lineNumber,
          "start " + start + " and end " + end + " are not both IPv4 or both IPv6");
    }
    if (start.compareTo(end) > 0) {
      throw SourceText.problem(sourceName, lineNumber, "start " + start + " is after end " + end);
    }
    return new Row(start, end, country, lineNumber);
  }

  private static String field(String content, int from, int to) {
    String field = content.substring(from, to).strip();
    if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
      return field.substring(1, field.length() - 1).strip();
    }
    return field;
  }

  private static IpAddress address(String text, String which, String sourceName, int lineNumber) {
    try {
      return IpAddress.parseOrExplain(text, 0, text.length());
    } catch (IllegalArgumentException e) {
      throw SourceText.problem(
          sourceName,
          lineNumber,
          which
              + " "
              + SourceText.quote(text, 0, text.length())
              + " is not an IP address: "
              + e.getMessage());
    }
  }

  private static IpCountryTable build(List<Row> rows, String sourceName) {
    if (rows.isEmpty()) {
      return EMPTY;
    }
    rows.sort(Comparator.comparing(Row::start));
    int n = rows.size();
    long[] startHigh = new long[n];
    long[] startLow = new long[n];
    long[] endHigh = new long[n];
    long[] endLow = new long[n];
    CountryCode[] countries = new CountryCode[n];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      if (i > 0) {
        Row previous = rows.get(i - 1);
        if (row.start().compareTo(previous.end()) <= 0) {
          boolean rowIsLater = row.lineNumber() > previous.lineNumber();
          Row later = rowIsLater ? row : previous;
          Row earlier = rowIsLater ? previous : row;
          throw SourceText.problem(
              sourceName,
              later.lineNumber(),
              "range "
                  + later.start()
                  + " to "
                  + later.end()
                  + " overlaps the range of line "
                  + earlier.lineNumber()
                  + " ("
                  + earlier.start()
                  + " to "
                  + earlier.end()
                  + ")");
        }
      }
      startHigh[i] = row.start().high();
      startLow[i] = row.start().low();
      endHigh[i] = row.end().high();
      endLow[i] = row.end().low();
      countries[i] = row.country();
    }
    return new IpCountryTable(startHigh, startLow, endHigh, endLow, countries);
  }
}
