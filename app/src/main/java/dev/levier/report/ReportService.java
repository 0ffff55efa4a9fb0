package dev.levier.report;

import dev.levier.auth.Principal;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import dev.levier.tracking.TrackingIndex;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Clicks, conversions and revenue by day, programme and publisher. Days are the advertiser's local
 * days: events carry their 15-minute period, which maps to exactly one local day in any time zone.
 * Revenue is the net amount of the order lines (after returns), cancelled orders left out, summed
 * per currency.
 */
public final class ReportService {
  /** What rows can be grouped by. */
  public enum Dimension {
    DAY,
    PROGRAMME,
    PUBLISHER
  }

  /** An amount in one currency, as a decimal string. */
  public record Amount(String currency, String amount) {}

  /**
   * One row: the dimensions asked for (others null) and the measures. {@code validClicks} leaves
   * out clicks flagged as a robot, a data centre or too fast a pace.
   */
  public record Row(
      @Nullable String day,
      @Nullable String programmeId,
      @Nullable String publisherId,
      long clicks,
      long validClicks,
      long conversions,
      List<Amount> revenue) {}

  /** The report: its period, its grouping, its rows. */
  public record Report(String from, String to, List<String> groupBy, List<Row> rows) {}

  private final Database database;
  private final TrackingIndex index;

  public ReportService(Database database, TrackingIndex index) {
    this.database = database;
    this.index = index;
  }

  public Report performance(
      Principal caller,
      LocalDate from,
      LocalDate to,
      Set<Dimension> groupBy,
      @Nullable String programmeId,
      @Nullable String publisherId) {
    // Wide enough in UTC for every time zone; rows are then kept by their local day.
    long firstQuarter = Sql.quarter(from.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    long lastQuarter = Sql.quarter(to.plusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC));
    Map<Key, Measures> measures = new TreeMap<>();
    database.transaction(
        c -> {
          Where clicks = scope(caller, "k", programmeId, publisherId);
          clicks.and("k.occurred_quarter BETWEEN ? AND ?", firstQuarter, lastQuarter);
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT k.programme_id, k.publisher_id, k.occurred_quarter, SUM(k.clicks) AS n,"
                      + " SUM(k.valid_clicks) AS valid"
                      + " FROM click_rollup k"
                      + clicks.sql()
                      + " GROUP BY k.programme_id, k.publisher_id, k.occurred_quarter",
                  r ->
                      new Object[] {
                        r.getLong("programme_id"),
                        r.getLong("publisher_id"),
                        r.getLong("occurred_quarter"),
                        r.getLong("n"),
                        r.getLong("valid")
                      },
                  clicks.params())) {
            Key key = key((Long) row[0], (Long) row[1], (Long) row[2], groupBy, from, to);
            if (key != null) {
              Measures m = measures.computeIfAbsent(key, k -> new Measures());
              m.clicks += (Long) row[3];
              m.validClicks += (Long) row[4];
            }
          }
          Where sales = scope(caller, "v", programmeId, publisherId);
          sales.and("v.occurred_quarter BETWEEN ? AND ?", firstQuarter, lastQuarter);
          sales.and("v.status <> 'cancelled'");
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT v.programme_id, v.publisher_id, v.occurred_quarter, v.currency,"
                      + " COUNT(*) AS n, SUM(v.net_minor) AS net FROM conversion v"
                      + sales.sql()
                      + " GROUP BY v.programme_id, v.publisher_id, v.occurred_quarter, v.currency",
                  r -> {
                    long publisher = r.getLong("publisher_id");
                    return new Object[] {
                      r.getLong("programme_id"),
                      r.wasNull() ? null : publisher,
                      r.getLong("occurred_quarter"),
                      Sql.requiredString(r, "currency"),
                      r.getLong("n"),
                      r.getLong("net")
                    };
                  },
                  sales.params())) {
            Key key = key((Long) row[0], (Long) row[1], (Long) row[2], groupBy, from, to);
            if (key != null) {
              Measures m = measures.computeIfAbsent(key, k -> new Measures());
              m.conversions += (Long) row[4];
              m.revenue.merge((String) row[3], (Long) row[5], Long::sum);
            }
          }
          return null;
        });
    List<Row> rows = new ArrayList<>(measures.size());
    measures.forEach(
        (key, m) -> {
          List<Amount> revenue = new ArrayList<>();
          m.revenue.forEach(
              (currency, minor) ->
                  revenue.add(
                      new Amount(
                          currency,
                          Money.ofMinor(minor, CurrencyUnit.of(currency)).toDecimalString())));
          rows.add(
              new Row(
                  key.day(),
                  key.programmeId(),
                  key.publisherId(),
                  m.clicks,
                  m.validClicks,
                  m.conversions,
                  revenue));
        });
    List<String> dimensions = new ArrayList<>();
    for (Dimension d : EnumSet.copyOf(groupBy)) {
      dimensions.add(d.name().toLowerCase(java.util.Locale.ROOT));
    }
    return new Report(from.toString(), to.toString(), dimensions, rows);
  }

  private @Nullable Key key(
      long programmeRow,
      @Nullable Long publisherRow,
      long quarter,
      Set<Dimension> groupBy,
      LocalDate from,
      LocalDate to) {
    TrackingIndex.ProgrammeEntry programme = index.programme(programmeRow);
    if (programme == null) {
      return null;
    }
    TrackingIndex.AdvertiserEntry advertiser = index.advertiser(programme.advertiserRowId());
    ZoneId zone = advertiser == null ? ZoneOffset.UTC : advertiser.timeZone();
    LocalDate day = java.time.Instant.ofEpochSecond(quarter * 900).atZone(zone).toLocalDate();
    if (day.isBefore(from) || day.isAfter(to)) {
      return null;
    }
    String publisherId = null;
    if (publisherRow != null) {
      TrackingIndex.PublisherEntry publisher = index.publisher(publisherRow);
      publisherId = publisher == null ? null : publisher.id();
    }
    return new Key(
        groupBy.contains(Dimension.DAY) ? day.toString() : null,
        groupBy.contains(Dimension.PROGRAMME) ? programme.id() : null,
        groupBy.contains(Dimension.PUBLISHER) ? publisherId : null);
  }

  /** What the caller may see of a table with programme and publisher columns, and the filters. */
  static Where scope(
      Principal caller, String alias, @Nullable String programmeId, @Nullable String publisherId) {
    Where where = new Where();
    switch (caller.role()) {
      case ADMIN -> {}
      case ADVERTISER ->
          where.and(
              alias
                  + ".programme_id IN (SELECT g.id FROM programme g JOIN advertiser a"
                  + " ON a.id = g.advertiser_id WHERE a.public_id = ?)",
              caller.owner());
      case PUBLISHER ->
          where.and(
              alias + ".publisher_id = (SELECT p.id FROM publisher p WHERE p.public_id = ?)",
              caller.owner());
    }
    if (programmeId != null) {
      where.and(
          alias + ".programme_id = (SELECT g.id FROM programme g WHERE g.public_id = ?)",
          programmeId);
    }
    if (publisherId != null) {
      where.and(
          alias + ".publisher_id = (SELECT p.id FROM publisher p WHERE p.public_id = ?)",
          publisherId);
    }
    return where;
  }

  private record Key(
      @Nullable String day, @Nullable String programmeId, @Nullable String publisherId)
      implements Comparable<Key> {
    private static final Comparator<Key> ORDER =
        Comparator.comparing(Key::day, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(
                Key::programmeId, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(
                Key::publisherId, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  private static final class Measures {
    long clicks;
    long validClicks;
    long conversions;
    final Map<String, Long> revenue = new TreeMap<>();
  }
}
