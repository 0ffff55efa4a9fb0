package dev.levier.finance;

import dev.levier.errors.BadRequestException;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.Cursor;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/rates}: dated exchange rates, loaded by the admin, read and used by all. */
public final class RateRoutes {
  private static final String BASE = "/api/v1/rates";
  private static final Set<String> LIST_PARAMS =
      Set.of("base", "quote", "from", "to", "limit", "cursor");
  private static final Set<String> CONVERT_PARAMS = Set.of("amount", "from", "to", "at");

  /** A rate's key in a cursor: its date and pair. */
  private static final Pattern KEY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}/[A-Z]{3}/[A-Z]{3}");

  private final RateService service;

  public RateRoutes(RateService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.upload(BASE, "loadRates", this::load),
        ApiRoute.list(BASE, "listRates", this::list),
        ApiRoute.list(BASE + "/convert", "convertAmount", this::convert));
  }

  /**
   * Loads rates as JSON ({@code rates}) or as a CSV file with the columns date, base, quote, rate.
   * With {@code validOnly=true} the good rows are stored and the others listed; otherwise one bad
   * row refuses the whole load.
   */
  private ApiResponse load(ApiRequest request) {
    boolean validOnly = request.queryParams(Set.of("validOnly")).flag("validOnly");
    String type = request.header("content-type");
    boolean csv = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/csv");
    return ApiResponse.ok(
        csv
            ? service.loadCsv(request.caller(), request.body(), validOnly)
            : service.loadJson(request.caller(), request.body(), validOnly));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    RateStore.Filter filter =
        new RateStore.Filter(
            query.get("base", CurrencyUnit::of),
            query.get("quote", CurrencyUnit::of),
            query.get("from", RateRoutes::date),
            query.get("to", RateRoutes::date));
    String cursor = query.get("cursor");
    RateStore.After after = null;
    if (cursor != null) {
      // Shaped by KEY: yyyy-MM-dd/BBB/QQQ.
      String key = Cursor.decode(cursor, KEY);
      try {
        after =
            new RateStore.After(
                LocalDate.parse(key.substring(0, 10)), key.substring(11, 14), key.substring(15));
      } catch (DateTimeParseException e) {
        throw new BadRequestException(
            "cursor", "cursor: not a cursor this API gave out; pass back nextCursor unchanged");
      }
    }
    List<StoredRate> rows = service.list(filter, after, limit);
    return ApiResponse.json(200, Page.of(rows, limit, StoredRate::key));
  }

  /** Converts {@code amount} of {@code from} into {@code to} at {@code at} (default: now). */
  private ApiResponse convert(ApiRequest request) {
    QueryParams query = request.queryParams(CONVERT_PARAMS);
    CurrencyUnit from = required("from", query.get("from", CurrencyUnit::of));
    CurrencyUnit to = required("to", query.get("to", CurrencyUnit::of));
    Money amount = required("amount", query.get("amount", t -> Money.parse(t, from)));
    Instant at = query.get("at", Parsers::instant);
    return ApiResponse.ok(service.convert(amount, to, at));
  }

  private static <T> T required(String name, @Nullable T value) {
    if (value == null) {
      throw new BadRequestException(name, name + ": is required");
    }
    return value;
  }

  /** An ISO date, such as 2026-11-25. */
  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO date such as 2026-11-25", e);
    }
  }
}
