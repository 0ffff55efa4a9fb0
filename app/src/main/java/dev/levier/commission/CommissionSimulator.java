package dev.levier.commission;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.attribution.Attributions;
import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.attribution.JourneyTouch;
import dev.levier.auth.Principal;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.Order;
import dev.levier.conversion.OrderLine;
import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.finance.Rates;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.WireEnum;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.tracking.DeviceType;
import dev.levier.tracking.RandomIds;
import dev.levier.tracking.TrackingIndex;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What-if: replays the stored sales of a period under a rule set (usually a draft) and sets what
 * they would cost beside what they did cost, per publisher and per publisher type, without touching
 * a commission. Sales are streamed in the order they were stored, a chunk at a time, so that memory
 * does not grow with the period. A sale in another currency is replayed converted at the rate the
 * rate table has now for its day, which is the rate its commission was computed at unless that rate
 * has been replaced since.
 */
public final class CommissionSimulator {
  private static final int CHUNK = 500;
  private static final long WINDOW = 5_000;

  private final Database database;
  private final TrackingIndex index;
  private final RuleSetService ruleSets;
  private final Rates rates;
  private final Attributions attributions;

  public CommissionSimulator(
      Database database,
      TrackingIndex index,
      RuleSetService ruleSets,
      Rates rates,
      Attributions attributions) {
    this.database = database;
    this.index = index;
    this.ruleSets = ruleSets;
    this.rates = rates;
    this.attributions = attributions;
  }

  /** Simulates a stored rule set of the programme, draft or published. */
  public Result simulate(
      Principal caller, String programmeId, String ruleSetId, Instant from, Instant to) {
    return simulate(ruleSets.forSimulation(caller, programmeId, ruleSetId), from, to);
  }

  /** Simulates rules that are not stored, given as the API takes them. */
  public Result simulate(
      Principal caller, String programmeId, ObjectNode rules, Instant from, Instant to) {
    return simulate(ruleSets.unsaved(caller, programmeId, rules), from, to);
  }

  /** Cost per publisher (or per type, or overall): before is what stored commissions say. */
  public record Cost(
      String publisherId,
      String publisherType,
      long conversions,
      String before,
      String after,
      String change) {}

  /** Cost per publisher type. */
  public record TypeCost(
      String publisherType, long conversions, String before, String after, String change) {}

  /**
   * The outcome of a simulation.
   *
   * @param conversions the attributed, commissionable, not cancelled sales of the period that were
   *     replayed
   * @param otherCurrency sales left out because they are in another currency than the programme's
   *     and no exchange rate converts them on their day; sales in another currency that a rate
   *     converts are replayed converted, as intake computes them ({@link OrderConversion}), and
   *     counted in {@code conversions}
   */
  public record Result(
      String ruleSetId,
      String programmeId,
      Instant from,
      Instant to,
      String currency,
      long conversions,
      long otherCurrency,
      String before,
      String after,
      String change,
      List<Cost> byPublisher,
      List<TypeCost> byPublisherType) {

    public Result {
      byPublisher = List.copyOf(byPublisher);
      byPublisherType = List.copyOf(byPublisherType);
    }
  }

  /**
   * One sale read from storage, with its journey and what its stored commissions came to, by
   * publisher row.
   */
  private record Sale(
      long rowId,
      long partnershipRow,
      long publisherRow,
      Order order,
      @Nullable CustomerStatus status,
      @Nullable String couponCode,
      @Nullable String channel,
      @Nullable String country,
      @Nullable String clickId,
      @Nullable SubscriptionPhase subscription,
      boolean lead,
      @Nullable String journey,
      Map<Long, Long> before) {}

  private static final class Totals {
    long conversions;
    long before;
    long after;
  }

  Result simulate(RuleSetStore.Row row, Instant from, Instant to) {
    CommissionEngine engine = CommissionRules.engine(row, row.number() == null ? 1 : row.number());
    CurrencyUnit currency = row.currency();
    Map<Long, Totals> byPublisher = new HashMap<>();
    long[] otherCurrency = new long[1];
    database.transaction(
        c -> {
          stream(c, row.programmeRow(), from, to, currency, engine, byPublisher, otherCurrency);
          return null;
        });
    Totals all = new Totals();
    Map<String, Totals> byType = new TreeMap<>();
    List<Cost> publishers = new ArrayList<>();
    for (Map.Entry<Long, Totals> entry : byPublisher.entrySet()) {
      TrackingIndex.PublisherEntry publisher = index.publisher(entry.getKey());
      String id = publisher == null ? "pub_unknown" : publisher.id();
      String type = publisher == null ? "unknown" : publisher.type().toString();
      Totals t = entry.getValue();
      publishers.add(
          new Cost(
              id,
              type,
              t.conversions,
              amount(t.before, currency),
              amount(t.after, currency),
              amount(t.after - t.before, currency)));
      Totals typeTotals = byType.computeIfAbsent(type, k -> new Totals());
      add(typeTotals, t);
      add(all, t);
    }
    publishers.sort(
        (a, b) ->
            a.publisherType().equals(b.publisherType())
                ? a.publisherId().compareTo(b.publisherId())
                : a.publisherType().compareTo(b.publisherType()));
    List<TypeCost> types = new ArrayList<>();
    byType.forEach(
        (type, t) ->
            types.add(
                new TypeCost(
                    type,
                    t.conversions,
                    amount(t.before, currency),
                    amount(t.after, currency),
                    amount(t.after - t.before, currency))));
    return new Result(
        row.publicId(),
        row.programmeId(),
        from,
        to,
        currency.code(),
        all.conversions,
        otherCurrency[0],
        amount(all.before, currency),
        amount(all.after, currency),
        amount(all.after - all.before, currency),
        publishers,
        types);
  }

  /**
   * Reads the period's sales by windows of ids (the index on programme and id serves each window,
   * and only the window is sorted), then their lines and stored commissions with one query each per
   * chunk. Neither database has to build or sort the whole period, so memory and time follow the
   * window, not the period.
   */
  private void stream(
      Connection c,
      long programmeRow,
      Instant from,
      Instant to,
      CurrencyUnit currency,
      CommissionEngine engine,
      Map<Long, Totals> byPublisher,
      long[] otherCurrency)
      throws SQLException {
    long[] bounds =
        Sql.queryOne(
                c,
                "SELECT MIN(id), MAX(id) FROM conversion WHERE programme_id = ?"
                    + " AND occurred_quarter BETWEEN ? AND ?",
                r -> new long[] {r.getLong(1), r.wasNull() ? -1 : r.getLong(2)},
                programmeRow,
                Sql.quarter(from),
                Sql.quarter(to))
            .orElse(new long[] {0, -1});
    for (long low = bounds[0]; low <= bounds[1]; low += WINDOW) {
      List<Sale> window =
          Sql.query(
              c,
              "SELECT v.id, v.order_id, v.ordered_at, v.currency, v.total_minor,"
                  + " v.customer_status, v.subscription, v.event, v.coupon_code, v.channel,"
                  + " v.country, v.attributed_click_id, v.partnership_id, v.publisher_id,"
                  + " v.journey"
                  + " FROM conversion v WHERE v.programme_id = ? AND v.id >= ? AND v.id < ?"
                  + " AND v.ordered_at >= ? AND v.ordered_at < ? AND v.publisher_id IS NOT NULL"
                  + " AND v.commissionable = TRUE AND v.status <> 'cancelled'"
                  + " ORDER BY v.id",
              CommissionSimulator::head,
              programmeRow,
              low,
              low + WINDOW,
              from,
              to);
      for (int start = 0; start < window.size(); start += CHUNK) {
        List<Sale> chunk = window.subList(start, Math.min(window.size(), start + CHUNK));
        evaluate(c, complete(c, chunk), currency, engine, byPublisher, otherCurrency);
      }
    }
  }

  /** The page's sales with their lines and what their stored commissions pay now. */
  private static List<Sale> complete(Connection c, List<Sale> page) throws SQLException {
    Object[] ids = new Object[page.size()];
    Map<Long, List<OrderLine>> lines = new HashMap<>();
    Map<Long, CurrencyUnit> currencies = new HashMap<>();
    for (int i = 0; i < page.size(); i++) {
      Sale sale = page.get(i);
      ids[i] = sale.rowId();
      currencies.put(sale.rowId(), sale.order().currency());
    }
    String in = "?,".repeat(ids.length - 1) + "?";
    for (Object[] line :
        Sql.query(
            c,
            "SELECT conversion_id, sku, name, category, brand, quantity, unit_price_minor,"
                + " discount_minor, returned_quantity, returned_minor FROM conversion_line"
                + " WHERE conversion_id IN ("
                + in
                + ") ORDER BY conversion_id, line_no",
            r -> {
              long id = r.getLong("conversion_id");
              return new Object[] {id, line(r, currencies.getOrDefault(id, CurrencyUnit.EUR))};
            },
            ids)) {
      lines.computeIfAbsent((Long) line[0], k -> new ArrayList<>()).add((OrderLine) line[1]);
    }
    Map<Long, Map<Long, Long>> paid = new HashMap<>();
    for (long[] row :
        Sql.query(
            c,
            "SELECT conversion_id, publisher_id, SUM(amount_minor) FROM commission"
                + " WHERE conversion_id IN ("
                + in
                + ") AND status NOT IN ('declined', 'reversed')"
                + " GROUP BY conversion_id, publisher_id",
            r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)},
            ids)) {
      paid.computeIfAbsent(row[0], k -> new HashMap<>()).put(row[1], row[2]);
    }
    List<Sale> sales = new ArrayList<>(page.size());
    for (Sale head : page) {
      Order order =
          new Order(
              head.order().orderId(),
              head.order().orderedAt(),
              head.order().currency(),
              head.order().total(),
              lines.getOrDefault(head.rowId(), List.of()),
              false);
      sales.add(
          new Sale(
              head.rowId(),
              head.partnershipRow(),
              head.publisherRow(),
              order,
              head.status(),
              head.couponCode(),
              head.channel(),
              head.country(),
              head.clickId(),
              head.subscription(),
              head.lead(),
              head.journey(),
              paid.getOrDefault(head.rowId(), Map.of())));
    }
    return sales;
  }

  /** A sale as its conversion row holds it, without lines yet. */
  private static Sale head(ResultSet row) throws SQLException {
    CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(row, "currency"));
    String status = row.getString("customer_status");
    String subscription = row.getString("subscription");
    return new Sale(
        row.getLong("id"),
        row.getLong("partnership_id"),
        row.getLong("publisher_id"),
        new Order(
            Sql.requiredString(row, "order_id"),
            Sql.requiredInstant(row, "ordered_at"),
            currency,
            Money.ofMinor(row.getLong("total_minor"), currency),
            List.of(),
            false),
        status == null ? null : WireEnum.parse(CustomerStatus.class, status).orElse(null),
        row.getString("coupon_code"),
        row.getString("channel"),
        row.getString("country"),
        row.getString("attributed_click_id"),
        subscription == null
            ? null
            : WireEnum.parse(SubscriptionPhase.class, subscription).orElse(null),
        "lead".equals(row.getString("event")),
        row.getString("journey"),
        Map.of());
  }

  private static OrderLine line(ResultSet r, CurrencyUnit currency) throws SQLException {
    String category = r.getString("category");
    return new OrderLine(
        Sql.requiredString(r, "sku"),
        Sql.requiredString(r, "name"),
        category == null ? null : CategoryPath.parse(category),
        r.getString("brand"),
        r.getInt("quantity"),
        Money.ofMinor(r.getLong("unit_price_minor"), currency),
        Money.ofMinor(r.getLong("discount_minor"), currency),
        r.getInt("returned_quantity"),
        Money.ofMinor(r.getLong("returned_minor"), currency));
  }

  private void evaluate(
      Connection c,
      List<Sale> sales,
      CurrencyUnit currency,
      CommissionEngine engine,
      Map<Long, Totals> byPublisher,
      long[] otherCurrency)
      throws SQLException {
    Map<Long, List<JourneyCredit.FoundTouch>> journeys = new HashMap<>();
    for (Sale sale : sales) {
      journeys.put(sale.rowId(), JourneyJson.read(sale.journey(), this::earns));
    }
    Map<String, DeviceType> devices = devices(c, sales, journeys.values());
    RateTable table = rates.table();
    for (Sale sale : sales) {
      Order order = sale.order();
      if (!order.currency().equals(currency)) {
        try {
          order = OrderConversion.convert(order, currency, table).order();
        } catch (MissingRateException | ArithmeticException e) {
          otherCurrency[0]++;
          continue;
        }
      }
      TrackingIndex.PartnershipEntry partnership = index.partnership(sale.partnershipRow());
      TrackingIndex.PublisherEntry publisher = index.publisher(sale.publisherRow());
      TrackingIndex.ProgrammeEntry programme =
          partnership == null ? null : index.programme(partnership.programmeRowId());
      if (partnership == null || publisher == null || programme == null) {
        continue;
      }
      String couponPublisher = null;
      if (sale.couponCode() != null) {
        TrackingIndex.CouponEntry coupon =
            index.coupon(programme.advertiserRowId(), sale.couponCode());
        TrackingIndex.PartnershipEntry owner =
            coupon == null ? null : index.partnership(coupon.partnershipRowId());
        couponPublisher = owner == null ? null : owner.publisherId();
      }
      // The sale is shared again under the programme's attribution setting, from its stored
      // journey, exactly as intake shares a new one.
      JourneyCredit.Outcome credit =
          JourneyCredit.credit(
              attributions.policy(programme.rowId()),
              attributions.fit(programme.rowId()),
              order.orderedAt(),
              Duration.ofDays(programme.attributionWindowDays()),
              journeys.getOrDefault(sale.rowId(), List.of()),
              lastClick(
                  sale, journeys.getOrDefault(sale.rowId(), List.of()), partnership, publisher),
              sale.channel());
      Order sold = order;
      String couponOwner = couponPublisher;
      List<CommissionShares.@Nullable Part> parts =
          CommissionShares.evaluate(
              engine,
              credit.shares(),
              credit.reduceByPercent(),
              share -> {
                TrackingIndex.PartnershipEntry paidTo =
                    share.partnershipId() == null
                        ? partnership
                        : requireNonNullElse(
                            index.partnershipById(share.partnershipId()), partnership);
                TrackingIndex.PublisherEntry paidPublisher =
                    requireNonNullElse(index.publisher(paidTo.publisherRowId()), publisher);
                String clickId = share.clickId();
                return CommissionRules.facts(
                    engine.rules().zone(),
                    sold,
                    paidTo,
                    paidPublisher,
                    sale.status(),
                    sale.couponCode(),
                    couponOwner,
                    sale.country(),
                    clickId == null ? null : devices.get(clickId),
                    sale.channel(),
                    sale.subscription(),
                    share.role());
              },
              sale.lead(),
              sold.lines(),
              currency);
      Set<Long> counted = new HashSet<>();
      for (int i = 0; i < parts.size(); i++) {
        CommissionShares.Part part = parts.get(i);
        String partnershipId = credit.shares().get(i).partnershipId();
        TrackingIndex.PartnershipEntry paidTo =
            partnershipId == null ? null : index.partnershipById(partnershipId);
        if (part == null || paidTo == null) {
          continue;
        }
        Totals totals = byPublisher.computeIfAbsent(paidTo.publisherRowId(), k -> new Totals());
        if (counted.add(paidTo.publisherRowId())) {
          totals.conversions++;
        }
        totals.after = Math.addExact(totals.after, part.paid().total().minor());
      }
      for (Map.Entry<Long, Long> before : sale.before().entrySet()) {
        Totals totals = byPublisher.computeIfAbsent(before.getKey(), k -> new Totals());
        if (counted.add(before.getKey())) {
          totals.conversions++;
        }
        totals.before = Math.addExact(totals.before, before.getValue());
      }
    }
  }

  /**
   * The touch last-click attribution credited: the credited partnership's latest touch of the
   * stored journey, or, for a sale stored before journeys were kept, the credited click itself.
   */
  private static JourneyCredit.FoundTouch lastClick(
      Sale sale,
      List<JourneyCredit.FoundTouch> journey,
      TrackingIndex.PartnershipEntry partnership,
      TrackingIndex.PublisherEntry publisher) {
    JourneyCredit.FoundTouch latest = null;
    for (JourneyCredit.FoundTouch touch : journey) {
      if (partnership.id().equals(touch.partnershipId())) {
        latest = touch;
      }
    }
    if (latest != null) {
      return latest;
    }
    return new JourneyCredit.FoundTouch(
        new JourneyTouch(publisher.id(), sale.order().orderedAt(), true),
        "click",
        partnership.id(),
        sale.clickId(),
        null,
        true);
  }

  /** Whether a partnership (by its public id) earns commission at present. */
  private boolean earns(String partnershipId) {
    TrackingIndex.PartnershipEntry partnership = index.partnershipById(partnershipId);
    return partnership != null
        && partnership.status() == PartnershipStatus.APPROVED
        && !partnership.archived();
  }

  /** The device of each click of the chunk's journeys, in one query. */
  private static Map<String, DeviceType> devices(
      Connection c, List<Sale> sales, Collection<List<JourneyCredit.FoundTouch>> journeys)
      throws SQLException {
    List<Object> rows = new ArrayList<>();
    for (Sale sale : sales) {
      if (sale.clickId() != null && RandomIds.looksLikeClickId(sale.clickId())) {
        rows.add(RandomIds.clickRow(sale.clickId()));
      }
    }
    for (List<JourneyCredit.FoundTouch> journey : journeys) {
      for (JourneyCredit.FoundTouch touch : journey) {
        String clickId = touch.clickId();
        if (clickId != null && RandomIds.looksLikeClickId(clickId)) {
          rows.add(RandomIds.clickRow(clickId));
        }
      }
    }
    Map<String, DeviceType> devices = new HashMap<>();
    if (rows.isEmpty()) {
      return devices;
    }
    for (Object[] click :
        Sql.query(
            c,
            "SELECT id, secret, device FROM click WHERE id IN ("
                + "?,".repeat(rows.size() - 1)
                + "?)",
            r ->
                new Object[] {
                  RandomIds.clickId(r.getLong("id"), Sql.requiredString(r, "secret")),
                  Sql.requiredString(r, "device")
                },
            rows.toArray())) {
      WireEnum.parse(DeviceType.class, (String) click[1])
          .ifPresent(device -> devices.put((String) click[0], device));
    }
    return devices;
  }

  private static void add(Totals into, Totals from) {
    into.conversions += from.conversions;
    into.before = Math.addExact(into.before, from.before);
    into.after = Math.addExact(into.after, from.after);
  }

  private static String amount(long minor, CurrencyUnit currency) {
    return Money.ofMinor(minor, currency).toDecimalString();
  }
}
