package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Dated exchange rates, and the rule that picks the one in effect.
 *
 * <p>A rate applies from 00:00 UTC of its date until a later rate of the same pair replaces it. To
 * convert {@code base} to {@code quote} at an instant, the table takes the UTC day of the instant
 * and then, in this order:
 *
 * <ol>
 *   <li>the same currency converts at exactly 1;
 *   <li>the pair's own latest rate on or before that day, quoted either way: a {@code base/quote}
 *       row is used as it is, a {@code quote/base} row is inverted; when both directions have rows,
 *       the later date wins, and on the same date the row quoted in the asked direction;
 *   <li>only when the pair has no rate at all on or before that day, and the table has a pivot
 *       currency ({@link #withPivot}), the cross rate through it: {@code base → pivot} times {@code
 *       pivot → quote}, each leg found as in step 2, dated by the older leg;
 *   <li>otherwise the conversion is refused with {@link MissingRateException}.
 * </ol>
 *
 * <p>A rate read from a row is used exactly as written. A derived rate (inverse or cross) is
 * computed as one division rounded half-even to {@value #DERIVED_DIGITS} significant digits. Either
 * way the rate used and its date are kept in the {@link Conversion}, so a stored amount never
 * depends on the table again.
 */
public final class RateTable {

  /** Significant digits of an inverse or cross rate: far beyond the rates' own precision. */
  public static final int DERIVED_DIGITS = 12;

  /** The header a rate file starts with. */
  public static final String CSV_HEADER = "date,base,quote,rate";

  private static final List<String> HEADER_FIELDS = List.of("date", "base", "quote", "rate");

  private static final MathContext DERIVED =
      new MathContext(DERIVED_DIGITS, RoundingMode.HALF_EVEN);

  /** A plain positive or zero decimal as written in a rate file: digits, an optional fraction. */
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private static final RateTable EMPTY = new RateTable(Map.of(), null);

  /** Per pair {@code "BASE/QUOTE"}, the rows by date. */
  private final Map<String, NavigableMap<LocalDate, ExchangeRate>> series;

  private final @Nullable CurrencyUnit pivot;

  private RateTable(
      Map<String, NavigableMap<LocalDate, ExchangeRate>> series, @Nullable CurrencyUnit pivot) {
    this.series = series;
    this.pivot = pivot;
  }

  /** A table without rates, which converts only a currency to itself. */
  public static RateTable empty() {
    return EMPTY;
  }

  /**
   * A table of these rates, as loaded through the API.
   *
   * @throws IllegalArgumentException if two rates have the same pair and date and different values
   */
  public static RateTable of(Collection<ExchangeRate> rates) {
    return EMPTY.plus(rates);
  }

  /**
   * This table with more rates, as a daily load adds them. A rate equal in value to one already
   * present for the same pair and date is ignored, so loading a file twice changes nothing.
   *
   * @throws IllegalArgumentException if a rate has the pair and date of another with a different
   *     value: rates are history, and changing one would change how past amounts are explained
   */
  public RateTable plus(Collection<ExchangeRate> rates) {
    Objects.requireNonNull(rates, "rates");
    Map<String, NavigableMap<LocalDate, ExchangeRate>> copy = new HashMap<>();
    series.forEach((pair, rows) -> copy.put(pair, new TreeMap<>(rows)));
    for (ExchangeRate rate : rates) {
      Objects.requireNonNull(rate, "rate");
      NavigableMap<LocalDate, ExchangeRate> rows =
          copy.computeIfAbsent(pair(rate.base(), rate.quote()), p -> new TreeMap<>());
      ExchangeRate present = rows.putIfAbsent(rate.date(), rate);
      if (present != null && present.rate().compareTo(rate.rate()) != 0) {
        throw new IllegalArgumentException(
            "rates: "
                + rate
                + " conflicts with "
                + present
                + "; a rate once loaded is not replaced");
      }
    }
    Map<String, NavigableMap<LocalDate, ExchangeRate>> frozen = new HashMap<>();
    copy.forEach((pair, rows) -> frozen.put(pair, Collections.unmodifiableNavigableMap(rows)));
    return new RateTable(Map.copyOf(frozen), pivot);
  }

  /**
   * This table, deriving a missing pair's rate through {@code pivot} (typically the currency all
   * published rates are quoted against, such as EUR for the ECB's rates).
   */
  public RateTable withPivot(CurrencyUnit pivot) {
    return new RateTable(series, Objects.requireNonNull(pivot, "pivot"));
  }

  /** The pivot currency, or null when cross rates are not derived. */
  public @Nullable CurrencyUnit pivot() {
    return pivot;
  }

  /** Every row, by date, then base, then quote. */
  public List<ExchangeRate> rates() {
    List<ExchangeRate> all = new ArrayList<>();
    series.values().forEach(rows -> all.addAll(rows.values()));
    all.sort(
        Comparator.comparing(ExchangeRate::date)
            .thenComparing(r -> r.base().code())
            .thenComparing(r -> r.quote().code()));
    return List.copyOf(all);
  }

  /**
   * The rate in effect at an instant, by the rule in the class description.
   *
   * @throws MissingRateException if there is none
   * @throws IllegalArgumentException if both currencies are the same (no rate is needed)
   */
  public ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote, Instant at) {
    Objects.requireNonNull(at, "at");
    return rate(base, quote, LocalDate.ofInstant(at, ZoneOffset.UTC));
  }

  /**
   * The rate in effect on a UTC day, by the rule in the class description.
   *
   * @throws MissingRateException if there is none
   * @throws IllegalArgumentException if both currencies are the same (no rate is needed)
   */
  public ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote, LocalDate day) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(day, "day");
    if (base.equals(quote)) {
      throw new IllegalArgumentException(
          "quote: " + base + " converts to itself at 1 and needs no rate");
    }
    Leg direct = leg(base, quote, day);
    if (direct != null) {
      return new ExchangeRate(base, quote, direct.value(), direct.date());
    }
    if (pivot != null && !pivot.equals(base) && !pivot.equals(quote)) {
      Leg toPivot = leg(base, pivot, day);
      Leg fromPivot = leg(pivot, quote, day);
      if (toPivot != null && fromPivot != null) {
        BigDecimal numerator = toPivot.numerator().multiply(fromPivot.numerator());
        BigDecimal denominator = toPivot.denominator().multiply(fromPivot.denominator());
        LocalDate older =
            toPivot.date().isBefore(fromPivot.date()) ? toPivot.date() : fromPivot.date();
        return new ExchangeRate(base, quote, divide(numerator, denominator), older);
      }
    }
    throw missing(base, quote, day);
  }

  /**
   * Converts an amount into another currency at the rate in effect at an instant; converting to the
   * same currency keeps the amount, at rate 1, dated the instant's UTC day.
   *
   * @throws MissingRateException if no rate is in effect
   */
  public Conversion convert(Money from, CurrencyUnit to, Instant at) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
    if (from.currency().equals(to)) {
      return new Conversion(from, from, BigDecimal.ONE, LocalDate.ofInstant(at, ZoneOffset.UTC));
    }
    return Conversion.of(from, rate(from.currency(), to, at));
  }

  /** {@link #parseCsv(Reader)} of a text already in memory. */
  public static RateTable parseCsv(String text) {
    Objects.requireNonNull(text, "text");
    return parseCsv(new StringReader(text));
  }

  /**
   * Reads a rate file: the header {@value #CSV_HEADER}, then one rate per row, such as {@code
   * 2026-03-02,EUR,USD,1.0823}. Dates are ISO ({@code yyyy-MM-dd}), currencies exact ISO 4217
   * codes, rates plain decimals above zero ({@code 1.0823}, {@code 157}; no sign, exponent or
   * thousands separator). Blank lines are skipped; spaces around a field are ignored; fields may be
   * quoted.
   *
   * <p>Every row is checked before anything is accepted, and the file is refused as a whole if any
   * row is wrong, so that a half-loaded table never converts anything.
   *
   * @throws RateFileException listing every bad row with its line number and the reason
   * @throws UncheckedIOException if the reader fails
   */
  public static RateTable parseCsv(Reader in) {
    Objects.requireNonNull(in, "in");
    List<RateFileException.RowError> errors = new ArrayList<>();
    List<ExchangeRate> rates = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    BufferedReader lines = new BufferedReader(in);
    int row = 0;
    boolean header = true;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        row++;
        if (row == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a byte order mark, as spreadsheets write
        }
        if (line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          List<String> names = Csv.split(line);
          if (names == null || !HEADER_FIELDS.equals(names.stream().map(String::strip).toList())) {
            errors.add(
                new RateFileException.RowError(
                    row, "expected the header " + CSV_HEADER + ", found " + echo(line)));
            break;
          }
          continue;
        }
        ExchangeRate rate = parseRow(line, row, errors);
        if (rate != null) {
          String key = rate.date() + " " + pair(rate.base(), rate.quote());
          Integer earlier = seen.putIfAbsent(key, row);
          if (earlier != null) {
            errors.add(
                new RateFileException.RowError(
                    row,
                    "a second "
                        + rate.base()
                        + "/"
                        + rate.quote()
                        + " rate for "
                        + rate.date()
                        + "; row "
                        + earlier
                        + " has one"));
          } else {
            rates.add(rate);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the rate file", e);
    }
    if (header && errors.isEmpty()) {
      errors.add(new RateFileException.RowError(1, "the file is empty; expected " + CSV_HEADER));
    } else if (errors.isEmpty() && rates.isEmpty()) {
      errors.add(new RateFileException.RowError(row, "the file has a header but no rates"));
    }
    if (!errors.isEmpty()) {
      throw new RateFileException(errors);
    }
    return of(rates);
  }

  @Override
  public String toString() {
    int rows = series.values().stream().mapToInt(Map::size).sum();
    return "RateTable[" + rows + " rates" + (pivot == null ? "" : ", pivot " + pivot) + "]";
  }

  /**
   * A rate as a fraction, so that a cross rate of two inverted legs is still one division.
   *
   * @param numerator the rate's numerator
   * @param denominator its denominator, 1 for a rate used as written
   * @param date the date of the row it comes from
   */
  private record Leg(BigDecimal numerator, BigDecimal denominator, LocalDate date) {
    BigDecimal value() {
      return denominator.compareTo(BigDecimal.ONE) == 0
          ? numerator
          : divide(numerator, denominator);
    }
  }

  /** The pair's latest row on or before the day, quoted either way, or null if none. */
  private @Nullable Leg leg(CurrencyUnit base, CurrencyUnit quote, LocalDate day) {
    Map.Entry<LocalDate, ExchangeRate> direct = floor(pair(base, quote), day);
    Map.Entry<LocalDate, ExchangeRate> inverse = floor(pair(quote, base), day);
    if (direct != null && (inverse == null || !direct.getKey().isBefore(inverse.getKey()))) {
      return new Leg(direct.getValue().rate(), BigDecimal.ONE, direct.getKey());
    }
    if (inverse != null) {
      return new Leg(BigDecimal.ONE, inverse.getValue().rate(), inverse.getKey());
    }
    return null;
  }

  private Map.@Nullable Entry<LocalDate, ExchangeRate> floor(String pair, LocalDate day) {
    NavigableMap<LocalDate, ExchangeRate> rows = series.get(pair);
    return rows == null ? null : rows.floorEntry(day);
  }

  private MissingRateException missing(CurrencyUnit base, CurrencyUnit quote, LocalDate day) {
    StringBuilder message =
        new StringBuilder("no rate from ")
            .append(base)
            .append(" to ")
            .append(quote)
            .append(" on or before ")
            .append(day)
            .append(": the table has no ")
            .append(base)
            .append('/')
            .append(quote)
            .append(" or ")
            .append(quote)
            .append('/')
            .append(base)
            .append(" rate by then");
    LocalDate earliest = earliest(base, quote);
    if (earliest != null) {
      message.append(" (its first is from ").append(earliest).append(')');
    }
    if (pivot == null) {
      message.append(", and no pivot currency is set for cross rates");
    } else if (!pivot.equals(base) && !pivot.equals(quote)) {
      message.append(", nor both legs through ").append(pivot);
    }
    return new MissingRateException(message.toString());
  }

  private @Nullable LocalDate earliest(CurrencyUnit base, CurrencyUnit quote) {
    LocalDate earliest = null;
    for (String pair : List.of(pair(base, quote), pair(quote, base))) {
      NavigableMap<LocalDate, ExchangeRate> rows = series.get(pair);
      if (rows != null && (earliest == null || rows.firstKey().isBefore(earliest))) {
        earliest = rows.firstKey();
      }
    }
    return earliest;
  }

  private static BigDecimal divide(BigDecimal numerator, BigDecimal denominator) {
    return numerator.divide(denominator, DERIVED).stripTrailingZeros();
  }

  private static String pair(CurrencyUnit base, CurrencyUnit quote) {
    return base.code() + "/" + quote.code();
  }

  private static @Nullable ExchangeRate parseRow(
      String line, int row, List<RateFileException.RowError> errors) {
    List<String> fields = Csv.split(line);
    if (fields == null) {
      errors.add(new RateFileException.RowError(row, "a quoted field is not closed properly"));
      return null;
    }
    if (fields.size() != 4) {
      errors.add(
          new RateFileException.RowError(
              row,
              "expected 4 fields date,base,quote,rate but found "
                  + fields.size()
                  + " in "
                  + echo(line)));
      return null;
    }
    int before = errors.size();
    LocalDate date = null;
    String dateText = fields.get(0).strip();
    try {
      date = LocalDate.parse(dateText);
    } catch (DateTimeParseException e) {
      errors.add(
          new RateFileException.RowError(
              row, "date " + echo(dateText) + " is not an ISO date like 2026-03-02"));
    }
    CurrencyUnit base = currency(fields.get(1).strip(), "base", row, errors);
    CurrencyUnit quote = currency(fields.get(2).strip(), "quote", row, errors);
    String rateText = fields.get(3).strip();
    BigDecimal rate = null;
    if (!PLAIN_DECIMAL.matcher(rateText).matches()) {
      errors.add(
          new RateFileException.RowError(
              row,
              "rate "
                  + echo(rateText)
                  + " is not a plain decimal like 1.0823 (digits and one '.', no sign or"
                  + " exponent)"));
    } else {
      rate = new BigDecimal(rateText);
      if (rate.signum() == 0) {
        errors.add(new RateFileException.RowError(row, "rate must be above zero, not " + rateText));
        rate = null;
      }
    }
    if (base != null && base.equals(quote)) {
      errors.add(
          new RateFileException.RowError(
              row, "base and quote are both " + base + "; a rate converts between two currencies"));
    }
    if (errors.size() > before || date == null || base == null || quote == null || rate == null) {
      return null;
    }
    return new ExchangeRate(base, quote, rate, date);
  }

  private static @Nullable CurrencyUnit currency(
      String code, String field, int row, List<RateFileException.RowError> errors) {
    try {
      return CurrencyUnit.of(code);
    } catch (IllegalArgumentException e) {
      errors.add(new RateFileException.RowError(row, field + ": " + e.getMessage()));
      return null;
    }
  }

  /** A field or line repeated in a message, quoted and cut short. */
  private static String echo(String text) {
    return text.length() <= 40 ? '"' + text + '"' : '"' + text.substring(0, 40) + "...\"";
  }
}
