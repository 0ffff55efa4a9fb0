package dev.levier.conversion;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.commission.EventType;
import dev.levier.commission.SubscriptionPhase;
import dev.levier.errors.BadRequestException;
import dev.levier.geo.CountryCode;
import dev.levier.http.JsonInput;
import dev.levier.http.Parsers;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import dev.levier.tracking.CouponService;
import dev.levier.tracking.RandomIds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a reported conversion, whichever way it came: a JSON body, or the query of a postback or
 * pixel (whose parameters carry the same names, lines as {@code lines[0].sku}). Every problem is
 * reported at once, by field, and nothing is stored unless all is well.
 */
public final class ConversionParser {
  static final String[] FIELDS = {
    "programmeId",
    "orderId",
    "clickId",
    "couponCode",
    "visitorId",
    "customerRef",
    "customerEmail",
    "customerStatus",
    "orderedAt",
    "currency",
    "total",
    "lines",
    "channel",
    "country",
    "subscription",
    "event"
  };
  static final String[] LINE_FIELDS = {
    "sku", "name", "category", "brand", "quantity", "unitPrice", "discount"
  };
  private static final Pattern LINE_PARAM = Pattern.compile("lines\\[(\\d{1,3})]\\.(\\w+)");
  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  private ConversionParser() {}

  /**
   * Reads a conversion from a JSON object.
   *
   * @param orderedAtDefault the time to use when {@code orderedAt} is left out; null makes it
   *     required
   */
  public static ConversionRequest parse(
      JsonInput in,
      ConversionRequest.Source source,
      String actor,
      Instant now,
      @Nullable Instant orderedAtDefault) {
    String programmeId = in.required("programmeId", t -> Parsers.publicId("prg", t));
    String orderId = in.required("orderId", t -> Order.requireOrderId(t));
    String clickId = in.optional("clickId", ConversionParser::clickId);
    String couponCode = in.optional("couponCode", CouponService::code);
    String visitorId = in.optional("visitorId", ConversionParser::visitorId);
    CustomerRef customerRef = in.optional("customerRef", CustomerRef::of);
    EmailHash emailHash = in.optional("customerEmail", EmailHash::ofEmailOrHash);
    CustomerStatus customerStatus = in.optional("customerStatus", ConversionParser::status);
    Instant orderedAt =
        orderedAtDefault == null
            ? in.required("orderedAt", Parsers::instant)
            : in.optional("orderedAt", Parsers::instant);
    if (orderedAt == null) {
      orderedAt = orderedAtDefault;
    }
    if (orderedAt != null && orderedAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
      in.reject("orderedAt", "is in the future (" + orderedAt + "); send the time of the order");
    }
    CurrencyUnit currency = in.required("currency", CurrencyUnit::of);
    Money total = null;
    if (currency != null) {
      CurrencyUnit c = currency;
      total = in.required("total", t -> Money.parse(t, c));
      if (total != null && total.isNegative()) {
        in.reject("total", "must not be negative");
      }
    } else {
      in.requirePresent("total");
    }
    String channel = in.optional("channel", ConversionParser::channel);
    CountryCode country = in.optional("country", CountryCode::of);
    SubscriptionPhase subscription =
        in.optional(
            "subscription",
            t ->
                WireEnum.parse(SubscriptionPhase.class, t)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "'" + t + "' is not one of first|renewal")));
    EventType event =
        in.has("event") && !in.isExplicitNull("event")
            ? in.optional("event", ConversionParser::event)
            : EventType.SALE;
    List<OrderLine> lines = lines(in, currency);
    in.validate();
    Order order;
    try {
      order =
          Order.of(
              requireNonNull(orderId), requireNonNull(orderedAt), requireNonNull(total), lines);
    } catch (IllegalArgumentException | ArithmeticException e) {
      in.reject("lines", String.valueOf(e.getMessage()));
      in.validate();
      throw e;
    }
    return new ConversionRequest(
        source,
        actor,
        requireNonNull(programmeId),
        order,
        clickId,
        couponCode,
        visitorId,
        customerRef,
        emailHash,
        customerStatus,
        channel,
        country,
        subscription,
        event == null ? EventType.SALE : event,
        now);
  }

  /**
   * Turns the query of a postback or pixel into the JSON shape {@link #parse} reads. Parameters
   * given twice, and line numbers out of order or over the limit, are refused here.
   */
  public static ObjectNode fromQuery(Map<String, List<String>> query, Set<String> ignored) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    Map<Integer, ObjectNode> lines = new TreeMap<>();
    for (Map.Entry<String, List<String>> entry : query.entrySet()) {
      String name = entry.getKey();
      if (ignored.contains(name)) {
        continue;
      }
      if (entry.getValue().size() != 1) {
        throw new BadRequestException(
            name, "query parameter '" + name + "' is given more than once");
      }
      String value = entry.getValue().get(0);
      Matcher line = LINE_PARAM.matcher(name);
      if (line.matches()) {
        int index = Integer.parseInt(line.group(1));
        if (index >= Order.MAX_LINES) {
          throw new BadRequestException(name, name + ": at most " + Order.MAX_LINES + " lines");
        }
        ObjectNode node = lines.computeIfAbsent(index, i -> json.objectNode());
        if (line.group(2).equals("quantity") && value.matches("\\d{1,9}")) {
          node.put("quantity", Integer.parseInt(value));
        } else {
          node.put(line.group(2), value);
        }
      } else {
        root.put(name, value);
      }
    }
    if (!lines.isEmpty()) {
      ArrayNode array = root.putArray("lines");
      int expected = 0;
      for (Map.Entry<Integer, ObjectNode> entry : lines.entrySet()) {
        if (entry.getKey() != expected) {
          throw new BadRequestException(
              "lines[" + expected + "]",
              "lines are numbered from 0 without gaps; lines[" + expected + "] is missing");
        }
        array.add(entry.getValue());
        expected++;
      }
    }
    return root;
  }

  /** A sale or a lead; valid clicks are paid from the click journal when the month closes. */
  private static EventType event(String text) {
    EventType event =
        WireEnum.parse(EventType.class, text)
            .orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not one of sale|lead"));
    if (event == EventType.CLICK) {
      throw new IllegalArgumentException(
          "clicks are not reported: valid clicks are counted by the click journal and paid when"
              + " the month closes; send sale or lead");
    }
    return event;
  }

  private static List<OrderLine> lines(JsonInput in, @Nullable CurrencyUnit currency) {
    List<JsonInput> items = in.objects("lines", 0, Order.MAX_LINES, LINE_FIELDS);
    List<OrderLine> lines = new ArrayList<>();
    if (items == null) {
      return lines;
    }
    for (JsonInput line : items) {
      String sku = line.required("sku", t -> OrderLine.requireSku(t));
      String name = line.optionalText("name", OrderLine.MAX_NAME_LENGTH);
      CategoryPath category = line.optional("category", CategoryPath::parse);
      String brand = line.optionalText("brand", OrderLine.MAX_BRAND_LENGTH);
      Integer quantity = line.optionalInteger("quantity", 1, OrderLine.MAX_QUANTITY);
      if (!line.has("quantity")) {
        line.reject("quantity", "is required");
      }
      Money unitPrice = null;
      Money discount = null;
      if (currency != null) {
        CurrencyUnit c = currency;
        unitPrice = line.required("unitPrice", t -> Money.parse(t, c));
        discount = line.optional("discount", t -> Money.parse(t, c));
      }
      if (sku == null || quantity == null || unitPrice == null || in.hasErrors()) {
        continue;
      }
      try {
        lines.add(
            OrderLine.of(
                sku,
                name == null ? "" : name,
                category,
                brand,
                quantity,
                unitPrice,
                discount == null ? Money.zero(unitPrice.currency()) : discount));
      } catch (IllegalArgumentException | ArithmeticException e) {
        line.reject("unitPrice", String.valueOf(e.getMessage()));
      }
    }
    return lines;
  }

  static CustomerStatus status(String text) {
    return WireEnum.parse(CustomerStatus.class, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is not one of " + WireEnum.allowed(CustomerStatus.class)));
  }

  static String visitorId(String text) {
    if (!RandomIds.looksLikeVisitorId(text)) {
      throw new IllegalArgumentException(
          "is not a Levier visitor id (22 characters of A-Z, a-z, 0-9, - and _)");
    }
    return text;
  }

  private static String clickId(String text) {
    if (!RandomIds.looksLikeClickId(text)) {
      throw new IllegalArgumentException(
          "is not a Levier click id (24 characters of A-Z, a-z, 0-9, - and _)");
    }
    return text;
  }

  static String channel(String text) {
    if (!CHANNEL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 32 lower-case letters, digits, - or _, such as search or social");
    }
    return text;
  }
}
