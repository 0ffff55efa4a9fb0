package dev.levier.finance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.errors.BadRequestException;
import dev.levier.errors.FieldError;
import dev.levier.errors.ValidationException;
import dev.levier.http.CsvBody;
import dev.levier.http.Json;
import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a load of rates, as JSON ({@code {"rates": [{"date", "base", "quote", "rate"}]}}) or as a
 * CSV file with the header {@code date,base,quote,rate}, checking every row and naming each problem
 * by its row: {@code rates[2].rate} (JSON, from 0) or {@code rows[4].rate} (CSV, the header being
 * row 1, as a spreadsheet shows it). Whether a load with problems is refused or loaded in part is
 * the caller's choice.
 */
final class RateInput {
  /** Rows in one load: years of daily rates for every currency fit in a few loads. */
  static final int MAX_ROWS = 10_000;

  /** Decimals a rate may have, as the {@code exchange_rate.rate} column keeps them. */
  static final int MAX_DECIMALS = 12;

  /** Digits before the point, as the column keeps them. */
  static final int MAX_INTEGER_DIGITS = 12;

  static final String[] FIELDS = {"date", "base", "quote", "rate"};

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  private RateInput() {}

  /**
   * What a load holds.
   *
   * @param rates the good rows, in the order given
   * @param problems what is wrong with the other rows, each named by its row
   */
  record Parsed(List<ExchangeRate> rates, List<FieldError> problems) {
    Parsed {
      rates = List.copyOf(rates);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads a JSON body. A body that is not an object, an unknown top-level field, or {@code rates}
   * missing, empty, too long or not an array refuses the load whole; what is wrong inside one item
   * (a field missing or not a string, an unknown field, a bad value) is that item's problem.
   *
   * @param latest the last day a rate may be dated (tomorrow)
   */
  static Parsed json(byte[] body, LocalDate latest) {
    if (!(Json.parse(body) instanceof ObjectNode root)) {
      throw new BadRequestException("body", "the body must be a JSON object");
    }
    List<FieldError> refusal = new ArrayList<>();
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("rates")) {
        refusal.add(new FieldError(name, "unknown field; allowed fields are rates"));
      }
    }
    JsonNode items = root.get("rates");
    if (items == null || items.isNull()) {
      refusal.add(new FieldError("rates", "is required"));
    } else if (!(items instanceof ArrayNode array)) {
      refusal.add(new FieldError("rates", "must be an array of objects"));
    } else if (array.isEmpty() || array.size() > MAX_ROWS) {
      refusal.add(
          new FieldError(
              "rates", "must have from 1 to " + MAX_ROWS + " items, got " + array.size()));
    }
    if (!refusal.isEmpty() || !(items instanceof ArrayNode array)) {
      throw new ValidationException(refusal);
    }
    Rows rows = new Rows(latest);
    for (int i = 0; i < array.size(); i++) {
      String name = "rates[" + i + "]";
      if (!(array.get(i) instanceof ObjectNode item)) {
        rows.problems.add(new FieldError(name, "must be an object"));
        continue;
      }
      List<FieldError> errors = new ArrayList<>();
      Iterator<String> fields = item.fieldNames();
      while (fields.hasNext()) {
        String field = fields.next();
        if (!Set.of(FIELDS).contains(field)) {
          errors.add(
              new FieldError(
                  name + "." + field,
                  "unknown field; allowed fields are " + String.join(", ", FIELDS)));
        }
      }
      rows.add(
          name,
          text(item, "date", name, errors),
          text(item, "base", name, errors),
          text(item, "quote", name, errors),
          text(item, "rate", name, errors),
          errors);
    }
    return rows.parsed();
  }

  /**
   * Reads a CSV file. A file that is not CSV, has another header or too many rows is refused whole
   * (400), and so is a file without a single rate (422); a bad row is that row's problem.
   *
   * @param latest the last day a rate may be dated (tomorrow)
   */
  static Parsed csv(byte[] body, LocalDate latest) {
    List<CsvBody.Row> lines = CsvBody.read(body, Set.of(FIELDS), Set.of(), MAX_ROWS);
    if (lines.isEmpty()) {
      throw ValidationException.of(
          "body",
          "the file holds no rates; expected the header date,base,quote,rate and one rate a row");
    }
    Rows rows = new Rows(latest);
    for (CsvBody.Row line : lines) {
      rows.add(
          "rows[" + line.number() + "]",
          line.get("date"),
          line.get("base"),
          line.get("quote"),
          line.get("rate"),
          new ArrayList<>());
    }
    return rows.parsed();
  }

  /** The rows read so far, checked one by one and against each other. */
  private static final class Rows {
    private final LocalDate latest;
    private final List<ExchangeRate> rates = new ArrayList<>();
    private final List<FieldError> problems = new ArrayList<>();

    /** The row that gave each pair and day, to refuse a second rate for them in one load. */
    private final Map<String, String> seen = new HashMap<>();

    Rows(LocalDate latest) {
      this.latest = latest;
    }

    void add(
        String name,
        @Nullable String dateText,
        @Nullable String baseText,
        @Nullable String quoteText,
        @Nullable String rateText,
        List<FieldError> errors) {
      LocalDate date = date(name, dateText, errors);
      CurrencyUnit base = currency(name, "base", baseText, errors);
      CurrencyUnit quote = currency(name, "quote", quoteText, errors);
      if (base != null && base.equals(quote)) {
        errors.add(
            new FieldError(
                name + ".quote",
                "is the same as base (" + base + "); a rate converts between two currencies"));
      }
      BigDecimal rate = rate(name, rateText, errors);
      if (date != null && base != null && quote != null && rate != null && errors.isEmpty()) {
        String key = date + " " + base + "/" + quote;
        String earlier = seen.putIfAbsent(key, name);
        if (earlier != null) {
          errors.add(
              new FieldError(
                  name,
                  "a second "
                      + base
                      + "/"
                      + quote
                      + " rate for "
                      + date
                      + "; "
                      + earlier
                      + " has one"));
        } else {
          rates.add(new ExchangeRate(base, quote, rate, date));
        }
      }
      problems.addAll(errors);
    }

    Parsed parsed() {
      return new Parsed(rates, problems);
    }

    private @Nullable LocalDate date(String name, @Nullable String text, List<FieldError> errors) {
      if (text == null) {
        required(name + ".date", errors);
        return null;
      }
      LocalDate date;
      try {
        date = LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        errors.add(
            new FieldError(
                name + ".date", "'" + echo(text) + "' is not an ISO date such as 2026-11-25"));
        return null;
      }
      if (date.isAfter(latest)) {
        errors.add(
            new FieldError(
                name + ".date",
                date + " is in the future; rates are loaded for dates up to tomorrow, " + latest));
        return null;
      }
      return date;
    }

    private static @Nullable CurrencyUnit currency(
        String name, String field, @Nullable String text, List<FieldError> errors) {
      if (text == null) {
        required(name + "." + field, errors);
        return null;
      }
      try {
        return CurrencyUnit.of(text);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(name + "." + field, String.valueOf(e.getMessage())));
        return null;
      }
    }

    private static @Nullable BigDecimal rate(
        String name, @Nullable String text, List<FieldError> errors) {
      String field = name + ".rate";
      if (text == null) {
        required(field, errors);
        return null;
      }
      if (!PLAIN_DECIMAL.matcher(text).matches()) {
        errors.add(
            new FieldError(
                field,
                "'"
                    + echo(text)
                    + "' is not a plain decimal such as 0.8712 (digits and one '.', no sign,"
                    + " exponent or thousands separator)"));
        return null;
      }
      BigDecimal rate = new BigDecimal(text);
      if (rate.signum() == 0) {
        errors.add(new FieldError(field, "must be above zero"));
        return null;
      }
      BigDecimal exact = rate.stripTrailingZeros();
      if (exact.scale() > MAX_DECIMALS) {
        errors.add(
            new FieldError(
                field,
                "has "
                    + exact.scale()
                    + " decimals; a rate has at most "
                    + MAX_DECIMALS
                    + " decimals"));
        return null;
      }
      if (exact.precision() - exact.scale() > MAX_INTEGER_DIGITS) {
        errors.add(
            new FieldError(
                field,
                "must be below 10^" + MAX_INTEGER_DIGITS + " (at most 12 digits before '.')"));
        return null;
      }
      return exact.scale() < 0 ? exact.setScale(0) : exact;
    }
  }

  private static @Nullable String text(
      ObjectNode item, String field, String name, List<FieldError> errors) {
    JsonNode value = item.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      errors.add(
          new FieldError(
              name + "." + field,
              "must be a string"
                  + (field.equals("rate")
                      ? ", such as \"0.8712\": a rate is never a JSON number"
                      : "")));
      return null;
    }
    String text = value.textValue().strip();
    return text.isEmpty() ? null : text;
  }

  /** Records that a field is missing, unless it is there but already refused (not a string). */
  private static void required(String field, List<FieldError> errors) {
    if (errors.stream().noneMatch(e -> e.field().equals(field))) {
      errors.add(new FieldError(field, "is required"));
    }
  }

  /** A value repeated in a message, cut short. */
  private static String echo(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
