package dev.levier.conversion;

import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.attribution.RoleBased;
import dev.levier.auth.Principal;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import dev.levier.storage.BulkInsert;
import dev.levier.storage.JsonText;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import dev.levier.tracking.TrackingIndex;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** SQL for conversions, their lines, signals and history; and the one way to build their view. */
final class ConversionStore {
  private static final String FROM =
      "SELECT v.id, v.public_id, a.public_id AS advertiser_public_id,"
          + " g.public_id AS programme_public_id, v.order_id, v.source, v.trust, v.ordered_at,"
          + " v.received_at, v.currency, v.total_minor, v.customer_ref, v.visitor_id, v.click_ref,"
          + " v.coupon_code, v.channel, v.country, v.customer_status, v.customer_status_given,"
          + " v.attribution_key, v.attributed_click_id, v.attributed_at,"
          + " s.public_id AS partnership_public_id, p.public_id AS publisher_public_id,"
          + " v.commissionable, v.status, v.attribution_notes, v.version, v.updated_at,"
          + " v.subscription, v.event"
          + " FROM conversion v JOIN advertiser a ON a.id = v.advertiser_id"
          + " JOIN programme g ON g.id = v.programme_id"
          + " LEFT JOIN partnership s ON s.id = v.partnership_id"
          + " LEFT JOIN publisher p ON p.id = v.publisher_id";

  private ConversionStore() {}

  /** The admin sees all; an advertiser its own; a publisher the conversions credited to it. */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
    };
  }

  /** The view of a conversion from what intake knows, before or without reading it back. */
  static Conversion view(
      String publicId,
      String advertiserId,
      String programmeId,
      ConversionRequest r,
      @Nullable CustomerStatus customerStatus,
      boolean statusGiven,
      Attribution attribution,
      boolean commissionable,
      String status,
      List<FraudSignal> signals,
      List<String> notes,
      Order order,
      int version,
      Instant updatedAt) {
    Touch touch = attribution.touch();
    List<Conversion.Signal> signalViews = new ArrayList<>();
    for (FraudSignal signal : signals) {
      signalViews.add(new Conversion.Signal(signal.kind().toString(), signal.detail()));
    }
    return new Conversion(
        publicId,
        advertiserId,
        programmeId,
        order.orderId(),
        r.source().toString(),
        r.source().trust(),
        order.orderedAt(),
        r.receivedAt(),
        order.currency().code(),
        order.total().toDecimalString(),
        order.linesAmount().toDecimalString(),
        net(order).toDecimalString(),
        customerStatus == null ? null : customerStatus.toString(),
        statusGiven,
        touch == null
            ? null
            : new Conversion.Attributed(
                attribution.key().label().replace(' ', '-'),
                touch.publisherId(),
                touch.partnershipId(),
                touch.clickId(),
                touch.occurredAt()),
        commissionable,
        status,
        signalViews,
        notes,
        r.clickId(),
        r.couponCode(),
        r.visitorId(),
        r.customerRef() == null ? null : r.customerRef().value(),
        r.channel(),
        r.country() == null ? null : r.country().code(),
        r.subscription() == null ? null : r.subscription().toString(),
        r.event().toString(),
        lineViews(order),
        version,
        updatedAt,
        null,
        null);
  }

  /** What the order is worth now: its lines after returns, or its total when it has no lines. */
  static Money net(Order order) {
    if (order.cancelled()) {
      return Money.zero(order.currency());
    }
    return order.lines().isEmpty() ? order.total() : order.netLinesAmount();
  }

  static List<Conversion.Line> lineViews(Order order) {
    List<Conversion.Line> lines = new ArrayList<>(order.lines().size());
    for (int i = 0; i < order.lines().size(); i++) {
      OrderLine line = order.lines().get(i);
      lines.add(
          new Conversion.Line(
              i + 1,
              line.sku(),
              line.name(),
              line.category() == null ? null : line.category().toString(),
              line.brand(),
              line.quantity(),
              line.unitPrice().toDecimalString(),
              line.discount().toDecimalString(),
              line.amount().toDecimalString(),
              line.returnedQuantity(),
              line.returnedAmount().toDecimalString(),
              line.netAmount().toDecimalString()));
    }
    return lines;
  }

  /** The conversion columns after its two keys, in the order {@link #values} gives them. */
  private static final String[] COLUMNS = {
    "advertiser_id",
    "programme_id",
    "order_id",
    "source",
    "trust",
    "ordered_at",
    "received_at",
    "occurred_quarter",
    "currency",
    "total_minor",
    "lines_minor",
    "net_minor",
    "customer_ref",
    "email_hash",
    "visitor_id",
    "click_ref",
    "coupon_code",
    "channel",
    "country",
    "customer_status",
    "customer_status_given",
    "attribution_key",
    "attributed_click_id",
    "attributed_at",
    "partnership_id",
    "publisher_id",
    "commissionable",
    "status",
    "attribution_notes",
    "version",
    "updated_at",
    "subscription",
    "event",
    "journey"
  };

  /** What a new conversion's row is inserted with: its two keys, then {@link #COLUMNS}. */
  private static final String[] INSERTED =
      Stream.concat(Stream.of("id", "public_id"), Arrays.stream(COLUMNS)).toArray(String[]::new);

  /** Inserts new conversions with their lines and fraud signals; ids are already allocated. */
  static void insert(
      Connection c,
      List<Conversion> conversions,
      List<Long> ids,
      List<ConversionRequest> requests,
      List<@Nullable String> journeys,
      TrackingIndex index)
      throws SQLException {
    BulkInsert rows = new BulkInsert("conversion", INSERTED);
    for (int i = 0; i < conversions.size(); i++) {
      Object[] row = new Object[INSERTED.length];
      row[0] = ids.get(i);
      row[1] = conversions.get(i).id();
      Object[] values = values(conversions.get(i), requests.get(i), journeys.get(i), index);
      System.arraycopy(values, 0, row, 2, values.length);
      rows.add(row);
    }
    rows.write(c);
    insertDetails(c, conversions, ids, requests);
  }

  /**
   * Brings a stored conversion up to the data of a more trusted report of the same order: its row
   * is rewritten in place (same id, next version), its lines and signals replaced; its history is
   * kept and grows.
   */
  static void replace(
      Connection c,
      Conversion conversion,
      long id,
      ConversionRequest request,
      @Nullable String journey,
      TrackingIndex index)
      throws SQLException {
    Sql.update(c, "DELETE FROM conversion_line WHERE conversion_id = ?", id);
    Sql.update(c, "DELETE FROM fraud_signal WHERE conversion_id = ?", id);
    Object[] values = values(conversion, request, journey, index);
    Object[] params = Arrays.copyOf(values, values.length + 1);
    params[values.length] = id;
    Sql.update(
        c,
        "UPDATE conversion SET ("
            + String.join(", ", COLUMNS)
            + ") = ("
            + Sql.marks(COLUMNS.length)
            + ") WHERE id = ?",
        params);
    insertDetails(c, List.of(conversion), List.of(id), List.of(request));
  }

  /** The values of {@link #COLUMNS} for a conversion, as {@link Sql#update} takes them. */
  private static Object[] values(
      Conversion v, ConversionRequest r, @Nullable String journey, TrackingIndex index)
      throws SQLException {
    TrackingIndex.ProgrammeEntry programme = index.programme(v.programmeId());
    if (programme == null) {
      throw new SQLException("programme " + v.programmeId() + " is not in the index");
    }
    TrackingIndex.PartnershipEntry partnership =
        v.attributedTo() == null ? null : index.partnershipById(v.attributedTo().partnershipId());
    Order order = r.order();
    return new Object[] {
      programme.advertiserRowId(),
      programme.rowId(),
      v.orderId(),
      v.source(),
      v.trust(),
      v.orderedAt(),
      v.receivedAt(),
      Sql.quarter(v.orderedAt()),
      v.currency(),
      order.total().minor(),
      order.linesAmount().minor(),
      net(order).minor(),
      Sql.text(v.customerRef()),
      Sql.text(r.emailHash() == null ? null : r.emailHash().hex()),
      Sql.text(v.visitorId()),
      Sql.text(v.clickId()),
      Sql.text(v.couponCode()),
      Sql.text(v.channel()),
      Sql.text(v.country()),
      Sql.text(v.customerStatus()),
      v.customerStatusGiven(),
      v.attributedTo() == null ? "none" : v.attributedTo().key(),
      Sql.text(v.attributedTo() == null ? null : v.attributedTo().clickId()),
      Sql.time(v.attributedTo() == null ? null : v.attributedTo().touchedAt()),
      partnership == null ? Sql.NULL_BIGINT : partnership.rowId(),
      partnership == null ? Sql.NULL_BIGINT : partnership.publisherRowId(),
      v.commissionable(),
      v.status(),
      JsonText.fromList(v.attributionNotes()),
      v.version(),
      v.updatedAt(),
      Sql.text(r.subscription() == null ? null : r.subscription().toString()),
      r.event().toString(),
      Sql.text(journey)
    };
  }

  private static void insertDetails(
      Connection c, List<Conversion> conversions, List<Long> ids, List<ConversionRequest> requests)
      throws SQLException {
    BulkInsert lines =
        new BulkInsert(
            "conversion_line",
            "conversion_id",
            "line_no",
            "sku",
            "name",
            "category",
            "brand",
            "quantity",
            "unit_price_minor",
            "discount_minor",
            "returned_quantity",
            "returned_minor");
    BulkInsert signals = new BulkInsert("fraud_signal", "conversion_id", "kind", "detail");
    for (int i = 0; i < conversions.size(); i++) {
      long id = ids.get(i);
      Order order = requests.get(i).order();
      for (int n = 0; n < order.lines().size(); n++) {
        OrderLine line = order.lines().get(n);
        lines.add(
            id,
            n + 1,
            line.sku(),
            line.name(),
            Sql.text(line.category() == null ? null : line.category().toString()),
            Sql.text(line.brand()),
            line.quantity(),
            line.unitPrice().minor(),
            line.discount().minor(),
            line.returnedQuantity(),
            line.returnedAmount().minor());
      }
      for (Conversion.Signal signal : conversions.get(i).fraudSignals()) {
        signals.add(id, signal.kind(), signal.detail());
      }
    }
    lines.write(c);
    signals.write(c);
  }

  /** Conversions by public id, with lines and signals but no history; all callers' view. */
  static Map<String, Conversion> findByIds(
      Connection c, List<String> publicIds, TrackingIndex index) throws SQLException {
    Map<String, Conversion> found = new LinkedHashMap<>();
    if (publicIds.isEmpty()) {
      return found;
    }
    Sql.Fragment publicId = Sql.oneOf(c, "v.public_id", "text", publicIds);
    List<Row> rows =
        Sql.query(c, FROM + " WHERE " + publicId.sql(), ConversionStore::mapRow, publicId.params());
    for (Conversion conversion : complete(c, rows)) {
      found.put(conversion.id(), conversion);
    }
    return found;
  }

  static Optional<Conversion> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("v.public_id = ?", publicId));
    List<Row> rows = Sql.query(c, FROM + where.sql(), ConversionStore::mapRow, where.params());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Conversion conversion = complete(c, rows).get(0);
    List<Conversion.Event> history =
        Sql.query(
            c,
            "SELECT occurred_at, kind, reason, detail, actor FROM conversion_event"
                + " WHERE conversion_id = ? ORDER BY id",
            r ->
                new Conversion.Event(
                    Sql.requiredInstant(r, "occurred_at"),
                    Sql.requiredString(r, "kind"),
                    r.getString("reason"),
                    Sql.requiredString(r, "detail"),
                    Sql.requiredString(r, "actor")),
            rows.get(0).rowId());
    List<JourneyCredit.FoundTouch> touches =
        JourneyJson.read(
            Sql.queryOne(
                    c,
                    "SELECT journey FROM conversion WHERE id = ?",
                    r -> Optional.ofNullable(r.getString("journey")),
                    rows.get(0).rowId())
                .flatMap(text -> text)
                .orElse(null),
            partnership -> true);
    List<String> channels = new ArrayList<>();
    int[] path = new int[touches.size()];
    for (int i = 0; i < path.length; i++) {
      String channel = touches.get(i).touch().channel();
      if (!channels.contains(channel)) {
        channels.add(channel);
      }
      path[i] = channels.indexOf(channel);
    }
    List<Conversion.Step> journey = new ArrayList<>(path.length);
    for (int i = 0; i < path.length; i++) {
      JourneyCredit.FoundTouch touch = touches.get(i);
      journey.add(
          new Conversion.Step(
              touch.touch().channel(),
              touch.kind(),
              touch.partnershipId(),
              touch.touch().occurredAt(),
              String.valueOf(RoleBased.roleOf(path, path[i]))));
    }
    return Optional.of(conversion.withDetail(history, journey));
  }

  /** The row id and the order of a visible conversion, for a change. */
  static Optional<Row> findRow(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("v.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), ConversionStore::mapRow, where.params());
  }

  static List<Conversion> list(
      Connection c, Principal caller, ConversionFilter filter, @Nullable String after, int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("v", "conversion", after);
    where.equalTo("g.public_id", filter.programmeId());
    where.equalTo("p.public_id", filter.publisherId());
    where.equalTo("v.order_id", filter.orderId());
    where.equalTo("v.status", filter.status());
    if (filter.from() != null) {
      where.and("v.ordered_at >= ?", filter.from());
    }
    if (filter.to() != null) {
      where.and("v.ordered_at < ?", filter.to());
    }
    List<Row> rows =
        Sql.query(
            c,
            FROM + where.sql() + " ORDER BY v.id LIMIT ?",
            ConversionStore::mapRow,
            where.params(limit + 1));
    return complete(c, rows);
  }

  /** The filters of a conversion list; null means any. */
  record ConversionFilter(
      @Nullable String programmeId,
      @Nullable String publisherId,
      @Nullable String orderId,
      @Nullable String status,
      @Nullable Instant from,
      @Nullable Instant to) {}

  /** A conversion row before its lines and signals are read. */
  record Row(
      long rowId,
      String publicId,
      String advertiserId,
      String programmeId,
      String orderId,
      String source,
      String trust,
      Instant orderedAt,
      Instant receivedAt,
      CurrencyUnit currency,
      long totalMinor,
      @Nullable String customerRef,
      @Nullable String visitorId,
      @Nullable String clickRef,
      @Nullable String couponCode,
      @Nullable String channel,
      @Nullable String country,
      @Nullable String customerStatus,
      boolean customerStatusGiven,
      String attributionKey,
      @Nullable String attributedClickId,
      @Nullable Instant attributedAt,
      @Nullable String partnershipId,
      @Nullable String publisherId,
      boolean commissionable,
      String status,
      List<String> notes,
      int version,
      Instant updatedAt,
      @Nullable String subscription,
      String event) {}

  private static Row mapRow(ResultSet r) throws SQLException {
    return new Row(
        r.getLong("id"),
        Sql.requiredString(r, "public_id"),
        Sql.requiredString(r, "advertiser_public_id"),
        Sql.requiredString(r, "programme_public_id"),
        Sql.requiredString(r, "order_id"),
        Sql.requiredString(r, "source"),
        Sql.requiredString(r, "trust"),
        Sql.requiredInstant(r, "ordered_at"),
        Sql.requiredInstant(r, "received_at"),
        CurrencyUnit.of(Sql.requiredString(r, "currency")),
        r.getLong("total_minor"),
        r.getString("customer_ref"),
        r.getString("visitor_id"),
        r.getString("click_ref"),
        r.getString("coupon_code"),
        r.getString("channel"),
        r.getString("country"),
        r.getString("customer_status"),
        r.getBoolean("customer_status_given"),
        Sql.requiredString(r, "attribution_key"),
        r.getString("attributed_click_id"),
        Sql.instant(r, "attributed_at"),
        r.getString("partnership_public_id"),
        r.getString("publisher_public_id"),
        r.getBoolean("commissionable"),
        Sql.requiredString(r, "status"),
        JsonText.toList(Sql.requiredString(r, "attribution_notes")),
        r.getInt("version"),
        Sql.requiredInstant(r, "updated_at"),
        r.getString("subscription"),
        Sql.requiredString(r, "event"));
  }

  /** The order of a stored conversion, lines and returns included. */
  static Order order(Connection c, Row row) throws SQLException {
    Order order = orders(c, List.of(row)).get(row.rowId());
    if (order == null) {
      throw new SQLException("conversion " + row.publicId() + " has no order");
    }
    return order;
  }

  private static Map<Long, Order> orders(Connection c, List<Row> rows) throws SQLException {
    Map<Long, List<OrderLine>> lines = new HashMap<>();
    Map<Long, CurrencyUnit> currencies = new HashMap<>();
    List<Object> ids = new ArrayList<>();
    for (Row row : rows) {
      lines.put(row.rowId(), new ArrayList<>());
      currencies.put(row.rowId(), row.currency());
      ids.add(row.rowId());
    }
    if (!ids.isEmpty()) {
      Sql.Fragment lineOwners = Sql.oneOf(c, "conversion_id", "bigint", ids);
      for (Object[] line :
          Sql.query(
              c,
              "SELECT conversion_id, sku, name, category, brand, quantity, unit_price_minor,"
                  + " discount_minor, returned_quantity, returned_minor FROM conversion_line"
                  + " WHERE "
                  + lineOwners.sql()
                  + " ORDER BY conversion_id, line_no",
              r -> {
                long id = r.getLong("conversion_id");
                CurrencyUnit currency = currencies.get(id);
                if (currency == null) {
                  throw new SQLException("a line of an unknown conversion");
                }
                String category = r.getString("category");
                return new Object[] {
                  id,
                  new OrderLine(
                      Sql.requiredString(r, "sku"),
                      Sql.requiredString(r, "name"),
                      category == null ? null : CategoryPath.parse(category),
                      r.getString("brand"),
                      r.getInt("quantity"),
                      Money.ofMinor(r.getLong("unit_price_minor"), currency),
                      Money.ofMinor(r.getLong("discount_minor"), currency),
                      r.getInt("returned_quantity"),
                      Money.ofMinor(r.getLong("returned_minor"), currency))
                };
              },
              lineOwners.params())) {
        List<OrderLine> list = lines.get((Long) line[0]);
        if (list != null) {
          list.add((OrderLine) line[1]);
        }
      }
    }
    Map<Long, Order> orders = new HashMap<>();
    for (Row row : rows) {
      List<OrderLine> rowLines = lines.getOrDefault(row.rowId(), List.of());
      orders.put(
          row.rowId(),
          new Order(
              row.orderId(),
              row.orderedAt(),
              row.currency(),
              Money.ofMinor(row.totalMinor(), row.currency()),
              rowLines,
              row.status().equals("cancelled")));
    }
    return orders;
  }

  private static List<Conversion> complete(Connection c, List<Row> rows) throws SQLException {
    Map<Long, Order> orders = orders(c, rows);
    Map<Long, List<Conversion.Signal>> signals = new HashMap<>();
    if (!rows.isEmpty()) {
      List<Object> ids = new ArrayList<>();
      for (Row row : rows) {
        ids.add(row.rowId());
      }
      Sql.Fragment signalOwners = Sql.oneOf(c, "conversion_id", "bigint", ids);
      for (Object[] signal :
          Sql.query(
              c,
              "SELECT conversion_id, kind, detail FROM fraud_signal WHERE " + signalOwners.sql(),
              r ->
                  new Object[] {
                    r.getLong("conversion_id"),
                    new Conversion.Signal(
                        Sql.requiredString(r, "kind"), Sql.requiredString(r, "detail"))
                  },
              signalOwners.params())) {
        signals
            .computeIfAbsent((Long) signal[0], k -> new ArrayList<>())
            .add((Conversion.Signal) signal[1]);
      }
    }
    List<Conversion> conversions = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Order order = orders.get(row.rowId());
      if (order == null) {
        throw new SQLException("conversion " + row.publicId() + " has no order");
      }
      Conversion.Attributed attributed = null;
      if (row.partnershipId() != null && row.publisherId() != null && row.attributedAt() != null) {
        attributed =
            new Conversion.Attributed(
                row.attributionKey(),
                row.publisherId(),
                row.partnershipId(),
                row.attributedClickId(),
                row.attributedAt());
      }
      conversions.add(
          new Conversion(
              row.publicId(),
              row.advertiserId(),
              row.programmeId(),
              row.orderId(),
              row.source(),
              row.trust(),
              row.orderedAt(),
              row.receivedAt(),
              row.currency().code(),
              order.total().toDecimalString(),
              order.linesAmount().toDecimalString(),
              net(order).toDecimalString(),
              row.customerStatus(),
              row.customerStatusGiven(),
              attributed,
              row.commissionable(),
              row.status(),
              signals.getOrDefault(row.rowId(), List.of()),
              row.notes(),
              row.clickRef(),
              row.couponCode(),
              row.visitorId(),
              row.customerRef(),
              row.channel(),
              row.country(),
              row.subscription(),
              row.event(),
              lineViews(order),
              row.version(),
              row.updatedAt(),
              null,
              null));
    }
    return conversions;
  }

  /** Parses a stored customer status. */
  static @Nullable CustomerStatus status(@Nullable String text) {
    return text == null ? null : WireEnum.parse(CustomerStatus.class, text).orElse(null);
  }
}
