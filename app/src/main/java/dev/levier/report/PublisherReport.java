package dev.levier.report;

import dev.levier.analytics.SaleRollups;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.http.CsvText;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import dev.levier.tracking.TrackingIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What each publisher (or publisher type, partnership group, programme) brings, by day, week or
 * month of the advertiser's calendar, read from the sale rollups and the click rollups: clicks,
 * conversions and their rate, revenue, commission, network fee, earnings per click, average order
 * value, cost of sale and return on ad spend, new, returning and lapsed customers, cancellations
 * and returns, the roles played in journeys and the time from click to order. Any two periods can
 * be set side by side: each row of the first gets the totals of the same group in the second.
 *
 * <p>Conversions count for the publisher last-click attribution credited; under a multi-touch model
 * the commission of a sale is spread over the publishers of its journey, so cost figures follow the
 * money while conversion counts follow the credited touch.
 */
public final class PublisherReport {

  /** What rows can be grouped by. */
  public enum Dimension {
    PROGRAMME,
    PUBLISHER,
    PUBLISHER_TYPE,
    GROUP;

    String wireName() {
      return switch (this) {
        case PROGRAMME -> "programme";
        case PUBLISHER -> "publisher";
        case PUBLISHER_TYPE -> "publisherType";
        case GROUP -> "group";
      };
    }
  }

  /** How rows are cut in time. */
  public enum Interval {
    TOTAL,
    DAY,
    WEEK,
    MONTH
  }

  private final Database database;
  private final TrackingIndex index;
  private final SaleRollups rollups;

  public PublisherReport(Database database, TrackingIndex index, SaleRollups rollups) {
    this.database = database;
    this.index = index;
    this.rollups = rollups;
  }

  /**
   * The report of a period, and of a second period to compare with when one is given; the rollups
   * are brought up to date first, so the report holds every change committed before the call.
   */
  public Map<String, Object> report(
      Principal caller,
      LocalDate from,
      LocalDate to,
      Set<Dimension> groupBy,
      Interval interval,
      @Nullable String programmeId,
      @Nullable String publisherId,
      @Nullable LocalDate compareFrom,
      @Nullable LocalDate compareTo) {
    @Nullable Set<Long> programmes = programmesInScope(caller, programmeId, publisherId);
    rollups.refresh(new SaleRollups.Scope(programmes, rangeStart(from), rangeEnd(to)));
    if (compareFrom != null && compareTo != null) {
      rollups.refresh(
          new SaleRollups.Scope(programmes, rangeStart(compareFrom), rangeEnd(compareTo)));
    }
    Map<Key, Measures> current =
        database.transaction(
            c -> measures(c, caller, from, to, groupBy, interval, programmeId, publisherId));
    Map<Key, Measures> previous =
        compareFrom == null || compareTo == null
            ? null
            : database.transaction(
                c ->
                    measures(
                        c,
                        caller,
                        compareFrom,
                        compareTo,
                        groupBy,
                        interval,
                        programmeId,
                        publisherId));
    List<Map<String, Object>> rows = new ArrayList<>();
    current.forEach(
        (key, m) -> {
          Map<String, Object> row = row(key, m);
          if (previous != null) {
            Measures before = previous.get(key);
            row.put("previous", before == null ? null : view(before));
          }
          rows.add(row);
        });
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("from", from.toString());
    report.put("to", to.toString());
    List<String> dimensions = new ArrayList<>();
    for (Dimension d : EnumSet.copyOf(groupBy)) {
      dimensions.add(d.wireName());
    }
    report.put("groupBy", dimensions);
    report.put("interval", interval.name().toLowerCase(Locale.ROOT));
    if (previous != null) {
      report.put("compareFrom", Objects.requireNonNull(compareFrom).toString());
      report.put("compareTo", Objects.requireNonNull(compareTo).toString());
    }
    report.put("rows", rows);
    return report;
  }

  /** The report as CSV: one line per row, the measures of the JSON in columns. */
  public String csv(Map<String, Object> report) {
    StringBuilder out =
        new StringBuilder(
            "period,programmeId,publisherId,publisherType,group,clicks,validClicks,conversions,"
                + "cancelled,conversionRate,currency,revenue,commission,networkFee,epc,"
                + "averageOrderValue,costOfSale,roas,newCustomers,returningCustomers,"
                + "lapsedCustomers,newCustomerShare,lapsedShare,returningShare,cancellationRate,"
                + "returnRate,"
                + "introduced,assisted,closed\n");
    Object rows = report.get("rows");
    if (rows instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> row) {
          List<String> cells = new ArrayList<>();
          for (String name :
              List.of(
                  "period",
                  "programmeId",
                  "publisherId",
                  "publisherType",
                  "group",
                  "clicks",
                  "validClicks",
                  "conversions",
                  "cancelled",
                  "conversionRate",
                  "currency",
                  "revenue",
                  "commission",
                  "networkFee",
                  "epc",
                  "averageOrderValue",
                  "costOfSale",
                  "roas",
                  "newCustomers",
                  "returningCustomers",
                  "lapsedCustomers",
                  "newCustomerShare",
                  "lapsedShare",
                  "returningShare",
                  "cancellationRate",
                  "returnRate")) {
            Object value = row.get(name);
            String text = value == null ? "" : value.toString();
            // Only the group is typed by people; the rest are ids, names of ours and numbers.
            cells.add(name.equals("group") ? CsvText.text(text) : CsvText.cell(text));
          }
          if (row.get("roles") instanceof Map<?, ?> roles) {
            cells.add(String.valueOf(roles.get("introduced")));
            cells.add(String.valueOf(roles.get("assisted")));
            cells.add(String.valueOf(roles.get("closed")));
          }
          out.append(String.join(",", cells)).append('\n');
        }
      }
    }
    return out.toString();
  }

  private Map<Key, Measures> measures(
      Connection c,
      Principal caller,
      LocalDate from,
      LocalDate to,
      Set<Dimension> groupBy,
      Interval interval,
      @Nullable String programmeId,
      @Nullable String publisherId)
      throws SQLException {
    Map<String, String> groups = new HashMap<>();
    for (TrackingIndex.PartnershipEntry partnership : index.partnerships()) {
      if (partnership.group() != null) {
        groups.put(
            partnership.programmeRowId() + ":" + partnership.publisherRowId(), partnership.group());
      }
    }
    Map<Key, Measures> measures = new TreeMap<>();
    long firstQuarter = Sql.quarter(rangeStart(from));
    long lastQuarter = Sql.quarter(rangeEnd(to));
    Where sales = ReportService.scope(caller, "s", programmeId, publisherId);
    sales.and("s.occurred_quarter BETWEEN ? AND ?", firstQuarter, lastQuarter);
    for (Object[] row :
        Sql.query(
            c,
            "SELECT s.programme_id, s.occurred_quarter, s.publisher_id, s.currency, s.conversions,"
                + " s.cancelled, s.new_customers, s.returning_customers, s.lapsed_customers,"
                + " s.order_value_minor, s.revenue_minor, s.returned_minor, s.commission_minor,"
                + " s.fee_minor, s.introduced, s.assisted, s.closed, s.lag_hour, s.lag_day,"
                + " s.lag_week, s.lag_month, s.lag_longer FROM sale_rollup s"
                + sales.sql(),
            r -> {
              long[] values = new long[18];
              for (int i = 0; i < values.length; i++) {
                values[i] = r.getLong(5 + i);
              }
              return new Object[] {
                r.getLong("programme_id"),
                r.getLong("occurred_quarter"),
                r.getLong("publisher_id"),
                Sql.requiredString(r, "currency"),
                values
              };
            },
            sales.params())) {
      LocalDate day = localDay((Long) row[0], (Long) row[1]);
      if (day.isBefore(from) || day.isAfter(to)) {
        continue;
      }
      Key key = key((Long) row[0], (Long) row[2], day, groupBy, interval, groups);
      if (key == null) {
        continue;
      }
      long[] v = (long[]) row[4];
      Measures m = measures.computeIfAbsent(key, k -> new Measures());
      m.conversions += v[0];
      m.cancelled += v[1];
      m.newCustomers += v[2];
      m.returningCustomers += v[3];
      m.lapsedCustomers += v[4];
      m.orderValue.merge((String) row[3], v[5], Long::sum);
      m.revenue.merge((String) row[3], v[6], Long::sum);
      m.returned.merge((String) row[3], v[7], Long::sum);
      TrackingIndex.ProgrammeEntry programme = index.programme((Long) row[0]);
      String paid = programme == null ? (String) row[3] : programme.currency().code();
      m.commission.merge(paid, v[8], Long::sum);
      m.fee.merge(paid, v[9], Long::sum);
      m.introduced += v[10];
      m.assisted += v[11];
      m.closed += v[12];
      for (int i = 0; i < m.lags.length; i++) {
        m.lags[i] += v[13 + i];
      }
    }
    Where clicks = ReportService.scope(caller, "k", programmeId, publisherId);
    clicks.and("k.occurred_quarter BETWEEN ? AND ?", firstQuarter, lastQuarter);
    for (long[] row :
        Sql.query(
            c,
            "SELECT k.programme_id, k.publisher_id, k.occurred_quarter, k.clicks, k.valid_clicks"
                + " FROM click_rollup k"
                + clicks.sql(),
            r ->
                new long[] {
                  r.getLong("programme_id"),
                  r.getLong("publisher_id"),
                  r.getLong("occurred_quarter"),
                  r.getLong("clicks"),
                  r.getLong("valid_clicks")
                },
            clicks.params())) {
      LocalDate day = localDay(row[0], row[2]);
      if (day.isBefore(from) || day.isAfter(to)) {
        continue;
      }
      Key key = key(row[0], row[1], day, groupBy, interval, groups);
      if (key == null) {
        continue;
      }
      Measures m = measures.computeIfAbsent(key, k -> new Measures());
      m.clicks += row[3];
      m.validClicks += row[4];
    }
    return measures;
  }

  /**
   * Where the UTC range of the quarters read for a period starts: rollups are by quarter hour, so a
   * report reads a range wide enough for every time zone, then keeps each row by its local day.
   */
  private static Instant rangeStart(LocalDate from) {
    return from.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** Where the UTC range of the quarters read for a period ends (see {@link #rangeStart}). */
  private static Instant rangeEnd(LocalDate to) {
    return to.plusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /**
   * The rows of the programmes a report can read, as the tracking index knows them, or null when it
   * reads them all; the rollups of only these are brought up to date before it.
   */
  private @Nullable Set<Long> programmesInScope(
      Principal caller, @Nullable String programmeId, @Nullable String publisherId) {
    if (programmeId != null) {
      TrackingIndex.ProgrammeEntry programme = index.programme(programmeId);
      return programme == null ? Set.of() : Set.of(programme.rowId());
    }
    String publisher = caller.role() == Role.PUBLISHER ? caller.owner() : publisherId;
    Set<Long> programmes = null;
    if (publisher != null) {
      programmes = new HashSet<>();
      for (TrackingIndex.PartnershipEntry partnership : index.partnerships()) {
        if (partnership.publisherId().equals(publisher)) {
          programmes.add(partnership.programmeRowId());
        }
      }
    }
    if (caller.role() == Role.ADVERTISER) {
      TrackingIndex.AdvertiserEntry advertiser = index.advertiser(caller.owner());
      Set<Long> own = new HashSet<>();
      for (TrackingIndex.ProgrammeEntry programme : index.programmes()) {
        if (advertiser != null && programme.advertiserRowId() == advertiser.rowId()) {
          own.add(programme.rowId());
        }
      }
      if (programmes == null) {
        programmes = own;
      } else {
        programmes.retainAll(own);
      }
    }
    return programmes;
  }

  /** The advertiser's local day a quarter hour of a programme falls in. */
  private LocalDate localDay(long programmeRow, long quarter) {
    return Instant.ofEpochSecond(quarter * 900).atZone(zoneOf(programmeRow)).toLocalDate();
  }

  private ZoneId zoneOf(long programmeRow) {
    TrackingIndex.ProgrammeEntry programme = index.programme(programmeRow);
    TrackingIndex.AdvertiserEntry advertiser =
        programme == null ? null : index.advertiser(programme.advertiserRowId());
    return advertiser == null ? ZoneOffset.UTC : advertiser.timeZone();
  }

  private @Nullable Key key(
      long programmeRow,
      long publisherRow,
      LocalDate day,
      Set<Dimension> groupBy,
      Interval interval,
      Map<String, String> groups) {
    TrackingIndex.ProgrammeEntry programme = index.programme(programmeRow);
    if (programme == null) {
      return null;
    }
    TrackingIndex.PublisherEntry publisher =
        publisherRow == 0 ? null : index.publisher(publisherRow);
    String period =
        switch (interval) {
          case TOTAL -> null;
          case DAY -> day.toString();
          case WEEK ->
              String.format(
                  Locale.ROOT,
                  "%d-W%02d",
                  day.get(IsoFields.WEEK_BASED_YEAR),
                  day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
          case MONTH -> day.toString().substring(0, 7);
        };
    return new Key(
        period,
        groupBy.contains(Dimension.PROGRAMME) ? programme.id() : null,
        groupBy.contains(Dimension.PUBLISHER) && publisher != null ? publisher.id() : null,
        groupBy.contains(Dimension.PUBLISHER_TYPE) && publisher != null
            ? publisher.type().toString()
            : null,
        groupBy.contains(Dimension.GROUP) ? groups.get(programmeRow + ":" + publisherRow) : null);
  }

  private static Map<String, Object> row(Key key, Measures m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("period", key.period());
    row.put("programmeId", key.programmeId());
    row.put("publisherId", key.publisherId());
    row.put("publisherType", key.publisherType());
    row.put("group", key.group());
    row.putAll(view(m));
    return row;
  }

  /** The measures as the API shows them: counts, amounts and ratios as decimal strings. */
  private static Map<String, Object> view(Measures m) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("clicks", m.clicks);
    view.put("validClicks", m.validClicks);
    view.put("conversions", m.conversions);
    view.put("cancelled", m.cancelled);
    view.put("conversionRate", ratio(m.conversions, m.validClicks));
    Set<String> currencies = new java.util.TreeSet<>(m.revenue.keySet());
    currencies.addAll(m.commission.keySet());
    String currency = currencies.size() == 1 ? currencies.iterator().next() : null;
    view.put("currency", currency);
    long revenue = currency == null ? 0 : m.revenue.getOrDefault(currency, 0L);
    long commission = currency == null ? 0 : m.commission.getOrDefault(currency, 0L);
    long fee = currency == null ? 0 : m.fee.getOrDefault(currency, 0L);
    long orderValue = currency == null ? 0 : m.orderValue.getOrDefault(currency, 0L);
    long returned = currency == null ? 0 : m.returned.getOrDefault(currency, 0L);
    view.put("revenue", currency == null ? null : amount(revenue, currency));
    view.put("commission", currency == null ? null : amount(commission, currency));
    view.put("networkFee", currency == null ? null : amount(fee, currency));
    view.put(
        "epc", currency == null || m.clicks == 0 ? null : perUnit(commission, m.clicks, currency));
    view.put(
        "averageOrderValue",
        currency == null || m.conversions == 0 ? null : perUnit(revenue, m.conversions, currency));
    view.put("costOfSale", currency == null ? null : ratio(commission + fee, revenue));
    view.put("roas", currency == null ? null : ratio(revenue, commission + fee));
    view.put("newCustomers", m.newCustomers);
    view.put("returningCustomers", m.returningCustomers);
    view.put("lapsedCustomers", m.lapsedCustomers);
    view.put("newCustomerShare", ratio(m.newCustomers, m.conversions));
    view.put("lapsedShare", ratio(m.lapsedCustomers, m.conversions));
    view.put("returningShare", ratio(m.returningCustomers, m.conversions));
    view.put("cancellationRate", ratio(m.cancelled, m.conversions + m.cancelled));
    view.put("returnRate", currency == null ? null : ratio(returned, orderValue));
    view.put(
        "roles", Map.of("introduced", m.introduced, "assisted", m.assisted, "closed", m.closed));
    Map<String, Long> lags = new LinkedHashMap<>();
    lags.put("withinHour", m.lags[0]);
    lags.put("withinDay", m.lags[1]);
    lags.put("withinWeek", m.lags[2]);
    lags.put("within30Days", m.lags[3]);
    lags.put("longer", m.lags[4]);
    view.put("timeToConversion", lags);
    List<Map<String, String>> amounts = new ArrayList<>();
    for (String code : currencies) {
      Map<String, String> one = new LinkedHashMap<>();
      one.put("currency", code);
      one.put("revenue", amount(m.revenue.getOrDefault(code, 0L), code));
      one.put("commission", amount(m.commission.getOrDefault(code, 0L), code));
      one.put("networkFee", amount(m.fee.getOrDefault(code, 0L), code));
      amounts.add(one);
    }
    view.put("amounts", amounts);
    return view;
  }

  private static @Nullable String ratio(long numerator, long denominator) {
    if (denominator == 0) {
      return null;
    }
    return BigDecimal.valueOf(numerator)
        .divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private static String amount(long minor, String currency) {
    return Money.ofMinor(minor, CurrencyUnit.of(currency)).toDecimalString();
  }

  /** An amount divided by a count, rounded half-even to the currency's minor unit. */
  private static String perUnit(long minor, long count, String currency) {
    CurrencyUnit unit = CurrencyUnit.of(currency);
    return BigDecimal.valueOf(minor)
        .movePointLeft(unit.exponent())
        .divide(BigDecimal.valueOf(count), unit.exponent(), RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private record Key(
      @Nullable String period,
      @Nullable String programmeId,
      @Nullable String publisherId,
      @Nullable String publisherType,
      @Nullable String group)
      implements Comparable<Key> {
    private static final Comparator<@Nullable String> TEXT =
        Comparator.nullsFirst(Comparator.<String>naturalOrder());
    private static final Comparator<Key> ORDER =
        Comparator.comparing(Key::period, TEXT)
            .thenComparing(Key::programmeId, TEXT)
            .thenComparing(Key::publisherType, TEXT)
            .thenComparing(Key::group, TEXT)
            .thenComparing(Key::publisherId, TEXT);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  private static final class Measures {
    long clicks;
    long validClicks;
    long conversions;
    long cancelled;
    long newCustomers;
    long returningCustomers;
    long lapsedCustomers;
    long introduced;
    long assisted;
    long closed;
    final long[] lags = new long[5];
    final Map<String, Long> orderValue = new TreeMap<>();
    final Map<String, Long> revenue = new TreeMap<>();
    final Map<String, Long> returned = new TreeMap<>();
    final Map<String, Long> commission = new TreeMap<>();
    final Map<String, Long> fee = new TreeMap<>();
  }
}
