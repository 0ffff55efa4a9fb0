package dev.levier.attribution;

import dev.levier.text.FileFields;
import dev.levier.text.HeaderedLines;
import dev.levier.text.NumberedLines;
import dev.levier.text.RefusedFileException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads journeys summarised by path in the format most attribution tools exchange: the header
 * {@value #HEADER}, then one row per path, such as {@code search > email;3;120.5;2}.
 *
 * <ul>
 *   <li>The path names its channels first touch first, joined by {@code >}; spaces around a name
 *       are ignored, and a name may not be empty.
 *   <li>Conversions and nulls (journeys that ended without a conversion) are whole numbers, zero or
 *       more; {@code 3.0} is read as 3, as spreadsheets and data frames write counts.
 *   <li>The value is a plain decimal, zero or more ({@code 120.5}, {@code 1e3}; no sign, no
 *       thousands separator).
 *   <li>Header names are compared without case and surrounding spaces; blank lines are skipped; a
 *       byte order mark is ignored.
 * </ul>
 *
 * <p>The file is read line by line into {@link Paths}, never held as text, so its size is bounded
 * by the paths it holds, not by its bytes. Every line is checked, and a file with any bad line is
 * refused as a whole: a silently skipped path would move credit between channels without anyone
 * noticing.
 */
public final class PathSummaryReader {

  /** The header line, as written by the tools that share this format. */
  public static final String HEADER = "path;total_conversions;total_conversion_value;total_null";

  /** How many bad lines a refusal lists; beyond that they are only counted. */
  public static final int MAX_ERRORS = 20;

  private static final List<String> HEADER_FIELDS = List.of(HEADER.split(";"));

  private PathSummaryReader() {}

  /**
   * Reads a path summary; does not close {@code in}.
   *
   * @throws RefusedFileException listing the bad lines with their numbers, if there is any, or if
   *     the file is empty or has no path
   * @throws UncheckedIOException if the reader fails
   */
  public static Paths read(Reader in) {
    Objects.requireNonNull(in, "in");
    Lines state = new Lines();
    boolean headerSeen = HeaderedLines.read(in, "the path summary", state);
    if (!headerSeen) {
      state.error("the file is empty; expected the header " + HEADER);
    } else if (state.errors().total() == 0 && state.rows == 0) {
      state.error("the file has a header but no path");
    }
    state.errors().refuseIfAny("the path summary");
    return state.paths.build();
  }

  private static boolean checkHeader(String line, Lines state) {
    List<String> names = new ArrayList<>();
    for (String name : line.split(";", -1)) {
      names.add(name.strip().toLowerCase(Locale.ROOT));
    }
    if (!names.equals(HEADER_FIELDS)) {
      state.error("expected the header " + HEADER + ", found " + FileFields.echo(line));
      return false;
    }
    return true;
  }

  private static void readRow(String line, Lines state) {
    String[] fields = line.split(";", -1);
    if (fields.length != 4) {
      state.error(
          "expected 4 fields separated by ';' (path, conversions, value, nulls), found "
              + fields.length);
      return;
    }
    List<String> problems = new ArrayList<>(2);
    List<String> names = channels(fields[0]);
    if (names.isEmpty()) {
      problems.add("the path is empty");
    } else {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).isEmpty()) {
          problems.add(
              "channel " + (i + 1) + " of the path is empty (" + FileFields.echo(fields[0]) + ")");
          break;
        }
      }
    }
    long conversions = FileFields.count(fields[1], "total_conversions", Long.MAX_VALUE, problems);
    double value = FileFields.decimal(fields[2], "total_conversion_value", problems);
    long nulls = FileFields.count(fields[3], "total_null", Long.MAX_VALUE, problems);
    if (!problems.isEmpty()) {
      state.error(String.join("; ", problems));
      return;
    }
    if (state.errors().total() > 0) {
      // The file is refused already: only errors matter from here, so nothing more is kept.
      return;
    }
    int[] path = new int[names.size()];
    for (int i = 0; i < path.length; i++) {
      path[i] = state.paths.channel(names.get(i));
    }
    state.paths.add(path, null, conversions, value, nulls);
    state.rows++;
  }

  /** The stripped channel names of a path; an empty list if the path is blank. */
  private static List<String> channels(String path) {
    List<String> names = new ArrayList<>(8);
    if (path.isBlank()) {
      return names;
    }
    int start = 0;
    while (true) {
      int arrow = path.indexOf('>', start);
      if (arrow < 0) {
        names.add(path.substring(start).strip());
        return names;
      }
      names.add(path.substring(start, arrow).strip());
      start = arrow + 1;
    }
  }

  /** Where reading is: the line number, the paths so far, the errors so far. */
  private static final class Lines extends NumberedLines {
    final Paths.Builder paths = Paths.builder();
    long rows;

    Lines() {
      super(MAX_ERRORS);
    }

    @Override
    public boolean header(String line) {
      return checkHeader(line, this);
    }

    @Override
    public void row(String line) {
      readRow(line, this);
    }
  }
}
