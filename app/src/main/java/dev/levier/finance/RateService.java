package dev.levier.finance;

import dev.levier.auth.Principal;
import dev.levier.errors.FieldError;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.ValidationException;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Exchange rates: the admin loads them; every caller reads them and converts with them. Rates are
 * the network's, not a tenant's, so every key sees the same ones.
 */
public final class RateService {
  private final Database database;
  private final Clock clock;
  private final Rates rates;

  public RateService(Database database, Clock clock, Rates rates) {
    this.database = database;
    this.clock = clock;
    this.rates = rates;
  }

  /**
   * What a load did.
   *
   * @param loaded how many rates were stored (new, or replacing the rate of the same pair and day)
   * @param skipped the rows left out, with why; only a load with {@code validOnly} skips rows
   */
  public record LoadResult(int loaded, List<FieldError> skipped) {
    public LoadResult {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * An amount converted at the rate in effect.
   *
   * @param at the instant whose UTC day chose the rate
   * @param rate units of {@code to} per unit of {@code from}: as loaded, or the inverse of the
   *     opposite pair's rate; 1 between a currency and itself
   * @param rateDate the day the rate took effect
   */
  public record Converted(
      String from,
      String to,
      String amount,
      String converted,
      String rate,
      String rateDate,
      Instant at) {}

  /** Loads a JSON body ({@code {"rates": [...]}}); see {@link #load}. */
  public LoadResult loadJson(Principal caller, byte[] body, boolean validOnly) {
    requireAdmin(caller);
    return load(caller, RateInput.json(body, latestDay()), validOnly);
  }

  /** Loads a CSV file with the header {@code date,base,quote,rate}; see {@link #load}. */
  public LoadResult loadCsv(Principal caller, byte[] body, boolean validOnly) {
    requireAdmin(caller);
    return load(caller, RateInput.csv(body, latestDay()), validOnly);
  }

  /**
   * Stores the rates read, in one transaction, and rebuilds the table in memory before answering. A
   * rate for a pair and day already stored replaces it; commissions already computed keep the rate
   * they were computed at. Without {@code validOnly}, one bad row refuses the whole load and
   * nothing is stored; with it, the good rows are stored and the bad ones listed.
   */
  private LoadResult load(Principal caller, RateInput.Parsed parsed, boolean validOnly) {
    if (!parsed.problems().isEmpty() && !validOnly) {
      throw new ValidationException(parsed.problems());
    }
    if (!parsed.rates().isEmpty()) {
      Instant now = Sql.now(clock);
      database.change(rates, c -> RateStore.upsert(c, parsed.rates(), now, caller.keyId()));
    }
    return new LoadResult(parsed.rates().size(), parsed.problems());
  }

  /** A page of stored rates, by date, then base, then quote. */
  public List<StoredRate> list(
      RateStore.Filter filter, RateStore.@Nullable After after, int limit) {
    return database.transaction(c -> RateStore.list(c, filter, after, limit));
  }

  /**
   * Converts an amount at the rate in effect at an instant, by the rule of {@link RateTable}.
   *
   * @throws ValidationException naming {@code to} when no rate converts the pair on that day
   */
  public Converted convert(Money amount, CurrencyUnit to, @Nullable Instant at) {
    Instant when = at != null ? at : clock.instant();
    Conversion conversion;
    try {
      conversion = rates.table().convert(amount, to, when);
    } catch (MissingRateException e) {
      throw ValidationException.of("to", String.valueOf(e.getMessage()));
    } catch (ArithmeticException e) {
      throw ValidationException.of(
          "amount", amount + " converted to " + to + " is more than an amount can hold");
    }
    return new Converted(
        amount.currency().code(),
        to.code(),
        amount.toDecimalString(),
        conversion.to().toDecimalString(),
        conversion.rate().toPlainString(),
        conversion.rateDate().toString(),
        when);
  }

  /** The last day a rate may be dated: tomorrow in UTC, for rates published the day before. */
  LocalDate latestDay() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
  }

  private static void requireAdmin(Principal caller) {
    if (!caller.isAdmin()) {
      throw new ForbiddenException("only the network admin loads exchange rates");
    }
  }
}
