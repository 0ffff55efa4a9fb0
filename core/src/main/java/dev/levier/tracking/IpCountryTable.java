package dev.levier.tracking;

import dev.levier.geo.CountryCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which country an IP address is in, and when the table knows them its region and city, from a
 * table of address ranges such as the geolocation databases publish. The ranges are sorted into
 * primitive arrays when the table is built, so that a lookup on the click and bid paths is a binary
 * search that allocates nothing.
 *
 * <p>Overlapping rows are refused rather than resolved: with two answers for one address, any
 * choice would be arbitrary and the report built on it silently wrong.
 */
public final class IpCountryTable {

  private static final IpCountryTable EMPTY =
      new IpCountryTable(new long[0], new long[0], new long[0], new long[0], new IpLocation[0]);

  private final long[] startHigh;
  private final long[] startLow;
  private final long[] endHigh;
  private final long[] endLow;
  private final IpLocation[] locations;

  private IpCountryTable(
      long[] startHigh, long[] startLow, long[] endHigh, long[] endLow, IpLocation[] locations) {
    this.startHigh = startHigh;
    this.startLow = startLow;
    this.endHigh = endHigh;
    this.endLow = endLow;
    this.locations = locations;
  }

  /** The table that knows no country, for deployments without a country database. */
  public static IpCountryTable empty() {
    return EMPTY;
  }

  /**
   * Reads rows of {@code start_ip,end_ip,country[,region[,city]]} (both ends inclusive, country an
   * ISO 3166-1 alpha-2 code, region an ISO 3166-2 code of that country, city any name), IPv4 and
   * IPv6 rows in any order; region and city may be left out or empty. A first row starting with
   * {@code start} is a header; text after {@code #} is a comment; blank lines are skipped; fields
   * may be double-quoted, and a quoted field may hold commas ({@code ""} for a quote).
   *
   * @param sourceName how errors name the table, such as its file name
   * @throws IllegalArgumentException naming the source and line of the first bad row: a malformed
   *     address, country, region or city, a start after its end, ends of different families, or a
   *     row that overlaps another
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
    IpLocation location = locate(address);
    return location == null ? null : location.country();
  }

  /** Where the address is, or null when no row covers it; allocates nothing. */
  public @Nullable IpLocation locate(IpAddress address) {
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
      return locations[candidate];
    }
    return null;
  }

  /** The number of rows. */
  public int size() {
    return locations.length;
  }

  @Override
  public String toString() {
    return "IpCountryTable[" + size() + " ranges]";
  }

  private record Row(IpAddress start, IpAddress end, IpLocation location, int lineNumber) {}

  private static Row parseRow(String content, String sourceName, int lineNumber) {
    List<String> fields = fields(content);
    if (fields == null) {
      throw SourceText.problem(
          sourceName,
          lineNumber,
          "a quoted field is not closed in " + SourceText.quote(content, 0, content.length()));
    }
    if (fields.size() < 3 || fields.size() > 5) {
      throw SourceText.problem(
          sourceName,
          lineNumber,
          "expected three to five fields start_ip,end_ip,country[,region[,city]] but got "
              + SourceText.quote(content, 0, content.length()));
    }
    IpAddress start = address(fields.get(0), "start", sourceName, lineNumber);
    IpAddress end = address(fields.get(1), "end", sourceName, lineNumber);
    IpLocation location;
    try {
      location =
          new IpLocation(
              CountryCode.of(fields.get(2)),
              fields.size() > 3 && !fields.get(3).isEmpty() ? fields.get(3) : null,
              fields.size() > 4 && !fields.get(4).isEmpty() ? fields.get(4) : null);
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
    return new Row(start, end, location, lineNumber);
  }

  /**
   * The fields of a row, unquoted and stripped: commas inside double quotes do not split, and
   * {@code ""} there is one quote. Null when a quote is left open.
   */
  private static @Nullable List<String> fields(String content) {
    List<String> fields = new ArrayList<>(5);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (quoted) {
        if (c != '"') {
          field.append(c);
        } else if (i + 1 < content.length() && content.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = false;
        }
      } else if (c == '"' && field.toString().isBlank()) {
        field.setLength(0);
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(field.toString().strip());
    return fields;
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
    IpLocation[] locations = new IpLocation[n];
    // Many ranges share a place: one instance each keeps a large table small.
    Map<IpLocation, IpLocation> places = new HashMap<>();
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
      locations[i] = places.computeIfAbsent(row.location(), l -> l);
    }
    return new IpCountryTable(startHigh, startLow, endHigh, endLow, locations);
  }
}
