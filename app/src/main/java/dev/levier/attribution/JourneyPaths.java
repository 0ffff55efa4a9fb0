package dev.levier.attribution;

import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Sql;
import dev.levier.tracking.TrackingIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A programme's journeys of a period read back as paths for the models: the journey stored with
 * every conversion ordered in the period (cancelled ones left out), and, when asked, the journeys
 * that ended without a conversion: the clicks of the period of every visitor whose clicks no
 * conversion's journey holds, as one path per visitor.
 *
 * <p>Rows are streamed in order, so memory grows with the number of journeys, not with the rows
 * read twice. Values are in the programme's currency: an order in another currency is converted at
 * the rate of its day, and counted without value (and reported) when no rate is loaded.
 */
public final class JourneyPaths {

  /** Paths read, with what was counted on the way. */
  public record Loaded(
      Paths paths,
      int converting,
      int withoutConversion,
      int unvalued,
      Map<String, String> channelKinds) {}

  private JourneyPaths() {}

  public static Loaded load(
      Connection c,
      TrackingIndex index,
      long programmeRow,
      CurrencyUnit currency,
      RateTable rates,
      Instant from,
      Instant to,
      boolean withoutConversion)
      throws SQLException {
    Paths.Builder builder = Paths.builder();
    Map<String, String> kinds = new HashMap<>();
    Set<String> convertingVisitors = new HashSet<>();
    int converting = 0;
    int unvalued = 0;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT v.journey, v.ordered_at, v.total_minor, v.currency, v.visitor_id FROM conversion v"
                + " WHERE v.programme_id = ? AND v.occurred_quarter >= ? AND v.occurred_quarter <= ?"
                + " AND v.ordered_at >= ? AND v.ordered_at < ? AND v.status <> 'cancelled'"
                + " AND v.journey IS NOT NULL")) {
      period(s, programmeRow, from, to);
      try (ResultSet r = s.executeQuery()) {
        List<Integer> path = new ArrayList<>();
        List<Double> ages = new ArrayList<>();
        while (r.next()) {
          Instant orderedAt = Sql.requiredInstant(r, "ordered_at");
          Money total =
              Money.ofMinor(
                  r.getLong("total_minor"), CurrencyUnit.of(Sql.requiredString(r, "currency")));
          Double value = valueIn(total, currency, rates, orderedAt);
          if (value == null) {
            unvalued++;
          }
          String buyer = r.getString("visitor_id");
          if (buyer != null) {
            convertingVisitors.add(buyer);
          }
          path.clear();
          ages.clear();
          for (JourneyCredit.FoundTouch touch :
              JourneyJson.read(r.getString("journey"), p -> true)) {
            String channel = touch.touch().channel();
            kinds.putIfAbsent(channel, touch.touch().affiliate() ? "publisher" : "channel");
            path.add(builder.channel(channel));
            ages.add(
                Duration.between(touch.touch().occurredAt(), orderedAt).toMillis() / 86_400_000.0);
            String visitor = touch.visitorId();
            if (visitor != null) {
              convertingVisitors.add(visitor);
            }
          }
          if (!path.isEmpty()) {
            add(builder, path, ages, 1, value == null ? 0 : value, 0);
            converting++;
          }
        }
      }
    }
    int nulls = 0;
    if (withoutConversion) {
      nulls =
          withoutConversion(c, index, programmeRow, from, to, convertingVisitors, builder, kinds);
    }
    return new Loaded(builder.build(), converting, nulls, unvalued, Map.copyOf(kinds));
  }

  /** One path per visitor who clicked in the period and whose clicks led to no conversion. */
  private static int withoutConversion(
      Connection c,
      TrackingIndex index,
      long programmeRow,
      Instant from,
      Instant to,
      Set<String> convertingVisitors,
      Paths.Builder builder,
      Map<String, String> kinds)
      throws SQLException {
    int journeys = 0;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT visitor_id, publisher_id, occurred_at FROM click WHERE programme_id = ?"
                + " AND occurred_quarter >= ? AND occurred_quarter <= ? AND occurred_at >= ?"
                + " AND occurred_at < ? ORDER BY visitor_id, occurred_at")) {
      period(s, programmeRow, from, to);
      try (ResultSet r = s.executeQuery()) {
        String current = null;
        List<Integer> path = new ArrayList<>();
        Map<Long, String> publishers = new HashMap<>();
        while (r.next()) {
          String visitor = Sql.requiredString(r, "visitor_id");
          if (convertingVisitors.contains(visitor)) {
            continue;
          }
          if (!visitor.equals(current)) {
            if (!path.isEmpty()) {
              add(builder, path, null, 0, 0, 1);
              journeys++;
            }
            current = visitor;
            path.clear();
          }
          long publisherRow = r.getLong("publisher_id");
          String publisher =
              publishers.computeIfAbsent(
                  publisherRow,
                  row -> {
                    TrackingIndex.PublisherEntry entry = index.publisher(row);
                    return entry == null ? "pub_" + row : entry.id();
                  });
          kinds.putIfAbsent(publisher, "publisher");
          path.add(builder.channel(publisher));
        }
        if (!path.isEmpty()) {
          add(builder, path, null, 0, 0, 1);
          journeys++;
        }
      }
    }
    return journeys;
  }

  /** Binds the programme and the period, the same five parameters in both reads. */
  private static void period(PreparedStatement s, long programmeRow, Instant from, Instant to)
      throws SQLException {
    s.setLong(1, programmeRow);
    s.setLong(2, Sql.quarter(from));
    s.setLong(3, Sql.quarter(to));
    s.setObject(4, from.atOffset(ZoneOffset.UTC));
    s.setObject(5, to.atOffset(ZoneOffset.UTC));
    s.setFetchSize(1000);
  }

  private static void add(
      Paths.Builder builder,
      List<Integer> path,
      @Nullable List<Double> ages,
      long conversions,
      double value,
      long nulls) {
    int[] channels = new int[path.size()];
    double[] touchAges = ages == null ? null : new double[ages.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = path.get(i);
      if (touchAges != null && ages != null) {
        touchAges[i] = Math.max(0, ages.get(i));
      }
    }
    builder.add(channels, touchAges, conversions, value, nulls);
  }

  private static @Nullable Double valueIn(
      Money total, CurrencyUnit currency, RateTable rates, Instant at) {
    try {
      return rates.convert(total, currency, at).to().toBigDecimal().doubleValue();
    } catch (MissingRateException e) {
      return null;
    }
  }
}
