package dev.levier.analytics;

import dev.levier.advertiser.Advertiser;
import dev.levier.advertiser.AdvertiserService;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.finance.Rates;
import dev.levier.http.Json;
import dev.levier.money.CurrencyUnit;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.tracking.TrackingIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an advertiser's customers are worth after their first order: the lifetime value models
 * (BG/NBD and Gamma-Gamma) fitted on its own orders, every day and on request, and cohorts of the
 * customers each publisher acquired with what they spent since and are expected to spend.
 */
public final class CustomerValue {
  private static final Logger LOG = LoggerFactory.getLogger(CustomerValue.class);

  /** The days after acquisition at which cohorts are measured. */
  static final List<Integer> HORIZONS = List.of(30, 90, 180, 365);

  /** What a customer is expected to spend over: the next 52 weeks, undiscounted. */
  static final LifetimeValue.Horizon NEXT_YEAR = new LifetimeValue.Horizon(52, 1, 0);

  private final Database database;
  private final Clock clock;
  private final AdvertiserService advertisers;
  private final ProgrammeService programmes;
  private final TrackingIndex index;
  private final Rates rates;

  public CustomerValue(
      Database database,
      Clock clock,
      AdvertiserService advertisers,
      ProgrammeService programmes,
      TrackingIndex index,
      Rates rates) {
    this.database = database;
    this.clock = clock;
    this.advertisers = advertisers;
    this.programmes = programmes;
    this.index = index;
    this.rates = rates;
  }

  /** A fit as stored: the models, or why the orders could not be fitted. */
  record Fit(
      Instant fittedAt,
      int customers,
      int repeatCustomers,
      CurrencyUnit currency,
      @Nullable LifetimeValue models,
      @Nullable String problem) {}

  /** The advertiser's latest fit. */
  public Map<String, Object> get(Principal caller, String advertiserId) {
    long row = advertiserRow(caller, advertiserId);
    Fit fit = database.transaction(c -> stored(c, row));
    if (fit == null) {
      throw new NotFoundException(
          "customer value fit of advertiser " + advertiserId + " (none yet; fit one with POST)",
          advertiserId);
    }
    return view(advertiserId, fit);
  }

  /** Fits the advertiser's models on its orders now; a fit that fails is answered 422 with why. */
  public Map<String, Object> refit(Principal caller, String advertiserId) {
    long row = advertiserRow(caller, advertiserId);
    Fit fit = fit(row);
    if (fit.models() == null) {
      throw ValidationException.of("orders", String.valueOf(fit.problem()));
    }
    return view(advertiserId, fit);
  }

  /** Fits every advertiser with orders; one that fails keeps the reason beside its last fit. */
  public void fitAll() {
    List<Long> rows =
        database.transaction(
            c ->
                Sql.query(
                    c,
                    "SELECT a.id FROM advertiser a WHERE a.archived_at IS NULL AND EXISTS"
                        + " (SELECT 1 FROM conversion v WHERE v.advertiser_id = a.id)",
                    r -> r.getLong("id")));
    for (long row : rows) {
      try {
        fit(row);
      } catch (RuntimeException e) {
        LOG.atWarn().setCause(e).addKeyValue("advertiser", row).log("customer value not fitted");
      }
    }
  }

  /** Fits one advertiser and stores the outcome. */
  Fit fit(long advertiserRow) {
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          CurrencyUnit currency = CustomerHistories.currencyOf(c, advertiserRow);
          if (currency == null) {
            throw new IllegalStateException("advertiser row " + advertiserRow + " vanished");
          }
          List<CustomerHistories.History> histories =
              CustomerHistories.of(c, advertiserRow, currency, rates.table(), now);
          List<CustomerSummary> summaries = new ArrayList<>(histories.size());
          List<CustomerSummary> repeat = new ArrayList<>();
          for (CustomerHistories.History history : histories) {
            CustomerSummary summary = history.summary(now);
            summaries.add(summary);
            if (summary.repeatPurchases() > 0) {
              repeat.add(summary);
            }
          }
          LifetimeValue models = null;
          String problem = null;
          try {
            models = new LifetimeValue(BgNbd.fit(summaries), GammaGamma.fit(repeat));
          } catch (ModelFitException e) {
            problem =
                "the orders of "
                    + summaries.size()
                    + " customers ("
                    + repeat.size()
                    + " who came back) cannot be fitted yet: "
                    + e.getMessage();
          }
          Fit fit = new Fit(now, summaries.size(), repeat.size(), currency, models, problem);
          store(c, advertiserRow, fit);
          return fit;
        });
  }

  /**
   * Cohorts of the customers the programme's publishers acquired (whose first order with the
   * advertiser was in this programme, on the advertiser's local days {@code from} to {@code to}):
   * per acquiring publisher, how many, how many came back, what they spent per head within 30, 90,
   * 180 and 365 days of their first order (counting only customers acquired that long ago), and
   * what the advertiser's fitted models expect each to spend over the next 52 weeks.
   */
  public Map<String, Object> cohorts(
      Principal caller, String programmeId, LocalDate from, LocalDate to) {
    OwnProgramme own =
        OwnProgramme.of(
            caller,
            programmeId,
            programmes,
            index,
            "publishers do not read other publishers' customers");
    Programme programme = own.programme();
    TrackingIndex.ProgrammeEntry entry = own.entry();
    Instant start = own.startOf(from);
    Instant end = own.endOf(to);
    Instant now = Sql.now(clock);
    Read read =
        database.transaction(
            c -> {
              CurrencyUnit found = CustomerHistories.currencyOf(c, entry.advertiserRowId());
              if (found == null) {
                throw new NotFoundException("programme", programmeId);
              }
              return new Read(
                  found,
                  CustomerHistories.of(c, entry.advertiserRowId(), found, rates.table(), now),
                  stored(c, entry.advertiserRowId()));
            });
    CurrencyUnit currency = read.currency();
    List<CustomerHistories.History> histories = read.histories();
    Fit fit = read.fit();
    Map<Long, Cohort> byPublisher = new TreeMap<>();
    for (CustomerHistories.History history : histories) {
      CustomerHistories.Purchase first = history.first();
      if (first.programmeRow() != entry.rowId()
          || first.at().isBefore(start)
          || !first.at().isBefore(end)) {
        continue;
      }
      Cohort cohort = byPublisher.computeIfAbsent(first.publisherRow(), k -> new Cohort());
      cohort.customers++;
      if (history.purchases().size() > 1) {
        cohort.returned++;
      }
      for (int h = 0; h < HORIZONS.size(); h++) {
        Instant horizonEnd = first.at().plus(Duration.ofDays(HORIZONS.get(h)));
        if (horizonEnd.isAfter(now)) {
          continue;
        }
        cohort.matured[h]++;
        for (CustomerHistories.Purchase purchase : history.purchases()) {
          if (!purchase.at().isAfter(horizonEnd)) {
            cohort.spent[h] += purchase.value();
          }
        }
      }
      LifetimeValue models = fit == null ? null : fit.models();
      if (models != null) {
        Double value = nextYear(() -> models.of(history.summary(now), NEXT_YEAR));
        if (value != null) {
          cohort.predicted += value;
          cohort.predictedCustomers++;
        }
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    byPublisher.forEach(
        (publisherRow, cohort) -> {
          TrackingIndex.PublisherEntry publisher =
              publisherRow == 0 ? null : index.publisher(publisherRow);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("publisherId", publisher == null ? null : publisher.id());
          row.put("publisherType", publisher == null ? null : publisher.type().toString());
          row.put("customers", cohort.customers);
          row.put("repeatRate", ratio(cohort.returned, cohort.customers));
          Map<String, Object> spent = new LinkedHashMap<>();
          for (int h = 0; h < HORIZONS.size(); h++) {
            Map<String, Object> horizon = new LinkedHashMap<>();
            horizon.put("customers", cohort.matured[h]);
            horizon.put(
                "revenuePerCustomer",
                cohort.matured[h] == 0
                    ? null
                    : money(cohort.spent[h] / cohort.matured[h], currency));
            spent.put(HORIZONS.get(h) + "d", horizon);
          }
          row.put("within", spent);
          row.put(
              "predictedNextYear",
              cohort.predictedCustomers == 0
                  ? null
                  : money(cohort.predicted / cohort.predictedCustomers, currency));
          rows.add(row);
        });
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("programmeId", programme.id());
    report.put("from", from.toString());
    report.put("to", to.toString());
    report.put("currency", currency.code());
    report.put("asOf", now.toString());
    report.put("fittedAt", fit == null ? null : fit.fittedAt().toString());
    report.put("cohorts", rows);
    return report;
  }

  /** What a cohort report reads in one transaction. */
  private record Read(
      CurrencyUnit currency, List<CustomerHistories.History> histories, @Nullable Fit fit) {}

  /** One acquiring publisher's customers, summed. */
  private static final class Cohort {
    long customers;
    long returned;
    final long[] matured = new long[HORIZONS.size()];
    final double[] spent = new double[HORIZONS.size()];
    double predicted;
    long predictedCustomers;
  }

  private long advertiserRow(Principal caller, String advertiserId) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException(
          "publishers do not read what an advertiser's customers are worth");
    }
    Advertiser advertiser = advertisers.get(caller, advertiserId);
    TrackingIndex.AdvertiserEntry entry = index.advertiser(advertiser.id());
    if (entry == null) {
      throw new NotFoundException("advertiser", advertiserId);
    }
    return entry.rowId();
  }

  private static @Nullable Fit stored(Connection c, long advertiserRow) throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT fitted_at, customers, repeat_customers, currency, parameters, problem"
                + " FROM clv_fit WHERE advertiser_id = ?",
            r -> {
              String parameters = r.getString("parameters");
              LifetimeValue models = null;
              if (parameters != null) {
                var node = Json.parse(parameters.getBytes(StandardCharsets.UTF_8));
                models =
                    new LifetimeValue(
                        new BgNbd(
                            node.path("r").asDouble(),
                            node.path("alpha").asDouble(),
                            node.path("a").asDouble(),
                            node.path("b").asDouble()),
                        new GammaGamma(
                            node.path("p").asDouble(),
                            node.path("q").asDouble(),
                            node.path("gamma").asDouble()));
              }
              return new Fit(
                  Sql.requiredInstant(r, "fitted_at"),
                  r.getInt("customers"),
                  r.getInt("repeat_customers"),
                  CurrencyUnit.of(Sql.requiredString(r, "currency")),
                  models,
                  r.getString("problem"));
            },
            advertiserRow)
        .orElse(null);
  }

  private static void store(Connection c, long advertiserRow, Fit fit) throws SQLException {
    String parameters = null;
    LifetimeValue models = fit.models();
    if (models != null) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("r", models.purchases().r());
      values.put("alpha", models.purchases().alpha());
      values.put("a", models.purchases().a());
      values.put("b", models.purchases().b());
      values.put("p", models.spend().p());
      values.put("q", models.spend().q());
      values.put("gamma", models.spend().gamma());
      parameters = new String(Json.write(values), StandardCharsets.UTF_8);
    }
    if (models == null) {
      // A failed fit keeps the models of the last good one, with the reason beside them.
      int updated =
          Sql.update(
              c,
              "UPDATE clv_fit SET problem = ?, fitted_at = ? WHERE advertiser_id = ?",
              Sql.text(fit.problem()),
              fit.fittedAt(),
              advertiserRow);
      if (updated > 0) {
        return;
      }
    }
    Sql.update(c, "DELETE FROM clv_fit WHERE advertiser_id = ?", advertiserRow);
    Sql.update(
        c,
        "INSERT INTO clv_fit (advertiser_id, fitted_at, customers, repeat_customers, currency,"
            + " parameters, problem) VALUES (?, ?, ?, ?, ?, ?, ?)",
        advertiserRow,
        fit.fittedAt(),
        fit.customers(),
        fit.repeatCustomers(),
        fit.currency().code(),
        Sql.text(parameters),
        Sql.text(fit.problem()));
  }

  private static Map<String, Object> view(String advertiserId, Fit fit) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("advertiserId", advertiserId);
    view.put("fittedAt", fit.fittedAt().toString());
    view.put("customers", fit.customers());
    view.put("repeatCustomers", fit.repeatCustomers());
    view.put("currency", fit.currency().code());
    view.put("timeUnit", "week");
    LifetimeValue models = fit.models();
    if (models == null) {
      view.put("parameters", null);
      view.put("newCustomerNextYear", null);
    } else {
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("r", decimal(models.purchases().r()));
      parameters.put("alpha", decimal(models.purchases().alpha()));
      parameters.put("a", decimal(models.purchases().a()));
      parameters.put("b", decimal(models.purchases().b()));
      parameters.put("p", decimal(models.spend().p()));
      parameters.put("q", decimal(models.spend().q()));
      parameters.put("gamma", decimal(models.spend().gamma()));
      view.put("parameters", parameters);
      Double next = nextYear(() -> models.ofNewCustomer(NEXT_YEAR));
      view.put("newCustomerNextYear", next == null ? null : money(next, fit.currency()));
    }
    view.put("problem", fit.problem());
    return view;
  }

  /**
   * A prediction, or null when the fitted parameters are so extreme that the series behind it does
   * not settle (a fit on few or odd customers): no figure rather than a wrong one.
   */
  private static @Nullable Double nextYear(java.util.function.DoubleSupplier prediction) {
    try {
      double value = prediction.getAsDouble();
      return Double.isFinite(value) ? value : null;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static String decimal(double value) {
    return new BigDecimal(value).round(new java.math.MathContext(6)).toPlainString();
  }

  private static String money(double value, CurrencyUnit currency) {
    return BigDecimal.valueOf(value)
        .setScale(currency.exponent(), RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private static @Nullable String ratio(long part, long whole) {
    return whole == 0
        ? null
        : BigDecimal.valueOf(part)
            .divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN)
            .toPlainString();
  }
}
