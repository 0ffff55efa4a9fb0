package dev.levier.analytics;

import dev.levier.text.FileFields;
import dev.levier.text.HeaderedLines;
import dev.levier.text.NumberedLines;
import dev.levier.text.RefusedFileException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads one summary per customer as comma-separated values: the header {@value #HEADER}, then rows
 * such as {@code 1,2,30.43,38.86,22.35} (the layout of the CDNOW sample and of the {@code
 * lifetimes} library's data sets).
 *
 * <ul>
 *   <li>{@code ID} is any text without a comma, not blank, and appears once.
 *   <li>{@code x} is a whole number, zero or more; {@code 3.0} is read as 3, as data frames write
 *       counts.
 *   <li>{@code t_x}, {@code T} and {@code zbar} are plain decimals, zero or more ({@code 30.43},
 *       {@code 1e3}); {@code t_x} is at most {@code T}, and 0 when {@code x} is 0.
 *   <li>Header names are compared without case and surrounding spaces; blank lines are skipped; a
 *       byte order mark is ignored.
 * </ul>
 *
 * <p>Every line is checked, and a file with any bad line is refused as a whole: a silently skipped
 * customer would bias the fit without anyone noticing.
 */
public final class CustomerSummaryReader {

  /** The header line. */
  public static final String HEADER = "ID,x,t_x,T,zbar";

  /** How many bad lines a refusal lists; beyond that they are only counted. */
  public static final int MAX_ERRORS = 20;

  private static final List<String> HEADER_FIELDS =
      List.of(HEADER.toLowerCase(Locale.ROOT).split(","));

  private CustomerSummaryReader() {}

  /**
   * Reads customer summaries, in file order; does not close {@code in}.
   *
   * @throws RefusedFileException listing the bad lines with their numbers, if there is any, or if
   *     the file is empty or has no customer
   * @throws UncheckedIOException if the reader fails
   */
  public static List<IdentifiedCustomer> read(Reader in) {
    Objects.requireNonNull(in, "in");
    Lines state = new Lines();
    boolean headerSeen = HeaderedLines.read(in, "the customer summary", state);
    if (!headerSeen) {
      state.error("the file is empty; expected the header " + HEADER);
    } else if (state.errors().total() == 0 && state.customers.isEmpty()) {
      state.error("the file has a header but no customer");
    }
    state.errors().refuseIfAny("the customer summary");
    return List.copyOf(state.customers);
  }

  private static boolean checkHeader(String line, Lines state) {
    List<String> names = new ArrayList<>();
    for (String name : line.split(",", -1)) {
      names.add(name.strip().toLowerCase(Locale.ROOT));
    }
    if (!names.equals(HEADER_FIELDS)) {
      state.error("expected the header " + HEADER + ", found " + FileFields.echo(line));
      return false;
    }
    return true;
  }

  private static void readRow(String line, Lines state) {
    String[] fields = line.split(",", -1);
    if (fields.length != 5) {
      state.error(
          "expected 5 fields separated by ',' (ID, x, t_x, T, zbar), found " + fields.length);
      return;
    }
    List<String> problems = new ArrayList<>(2);
    String id = fields[0].strip();
    if (id.isEmpty()) {
      problems.add("ID is missing");
    } else {
      Long first = state.seen.putIfAbsent(id, state.number());
      if (first != null) {
        problems.add("ID " + FileFields.echo(id) + " already appears on line " + first);
      }
    }
    int parsed = problems.size();
    long x = FileFields.count(fields[1], "x", Integer.MAX_VALUE, problems);
    double tx = FileFields.decimal(fields[2], "t_x", problems);
    double age = FileFields.decimal(fields[3], "T", problems);
    double zbar = FileFields.decimal(fields[4], "zbar", problems);
    if (problems.size() == parsed) {
      // The numbers read: check them together even if the ID is wrong, so one pass finds all.
      try {
        CustomerSummary summary = new CustomerSummary((int) x, tx, age, zbar);
        if (problems.isEmpty() && state.errors().total() == 0) {
          // Once the file is refused, only errors matter: nothing more is kept.
          state.customers.add(new IdentifiedCustomer(id, summary));
        }
      } catch (IllegalArgumentException e) {
        problems.add(String.valueOf(e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      state.error(String.join("; ", problems));
    }
  }

  /** Where reading is: the line number, the customers so far, the errors so far. */
  private static final class Lines extends NumberedLines {
    final List<IdentifiedCustomer> customers = new ArrayList<>();
    final Map<String, Long> seen = new HashMap<>();

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
