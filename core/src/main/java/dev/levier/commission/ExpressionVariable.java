package dev.levier.commission;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.OrderLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The facts an expression condition reads: one CEL variable each, with a dotted name, declared with
 * its type so that a misspelled name or a wrong type is refused when the expression is checked. The
 * table of {@link Condition.Expression} documents them for people; keep the two in step.
 *
 * <p>A value read as null is absent: the expression cannot be evaluated, and the condition does not
 * hold. Absent means unknown (a customer status nobody could work out, a lead's line); a fact that
 * is known to be "none" (no coupon, no group, a one-off order) is the empty string instead, so that
 * {@code order.coupon == ""} can be asked.
 */
enum ExpressionVariable {
  CUSTOMER_STATUS("customer.status", SimpleType.STRING),
  ORDER_VALUE("order.value", SimpleType.INT),
  ORDER_CURRENCY("order.currency", SimpleType.STRING),
  ORDER_COUPON("order.coupon", SimpleType.STRING),
  ORDER_OWN_COUPON("order.ownCoupon", SimpleType.BOOL),
  ORDER_COUNTRY("order.country", SimpleType.STRING),
  ORDER_DEVICE("order.device", SimpleType.STRING),
  ORDER_CHANNEL("order.channel", SimpleType.STRING),
  ORDER_HOUR("order.hour", SimpleType.INT),
  ORDER_DAY_OF_WEEK("order.dayOfWeek", SimpleType.INT),
  PUBLISHER_ID("publisher.id", SimpleType.STRING),
  PUBLISHER_TYPE("publisher.type", SimpleType.STRING),
  PUBLISHER_GROUP("publisher.group", SimpleType.STRING),
  JOURNEY_ROLE("journey.role", SimpleType.STRING),
  SUBSCRIPTION_PHASE("subscription.phase", SimpleType.STRING),
  LINE_SKU("line.sku", SimpleType.STRING),
  LINE_BRAND("line.brand", SimpleType.STRING),
  LINE_CATEGORY("line.category", SimpleType.STRING),
  LINE_CATEGORIES("line.categories", ListType.create(SimpleType.STRING)),
  LINE_QUANTITY("line.quantity", SimpleType.INT),
  LINE_UNIT_PRICE("line.unitPrice", SimpleType.INT),
  LINE_AMOUNT("line.amount", SimpleType.INT);

  private static final Map<String, ExpressionVariable> BY_NAME;

  static {
    Map<String, ExpressionVariable> byName = new HashMap<>();
    for (ExpressionVariable v : values()) {
      byName.put(v.variableName, v);
    }
    BY_NAME = Map.copyOf(byName);
  }

  private final String variableName;
  private final CelType type;

  ExpressionVariable(String variableName, CelType type) {
    this.variableName = variableName;
    this.type = type;
  }

  /** The name written in expressions, such as {@code order.value}. */
  String variableName() {
    return variableName;
  }

  CelType type() {
    return type;
  }

  /** Whether the fact belongs to the line rather than to the sale. */
  boolean onLine() {
    return variableName.startsWith("line.");
  }

  /**
   * The fact's value for this sale and line, or null when it is unknown: a CEL {@code int} is a
   * {@link Long}, a {@code list} a {@link List}.
   */
  @Nullable Object read(SaleFacts sale, @Nullable OrderLine line) {
    return switch (this) {
      case CUSTOMER_STATUS -> text(sale.customerStatus());
      case ORDER_VALUE -> sale.orderValue().minor();
      case ORDER_CURRENCY -> sale.orderValue().currency().code();
      case ORDER_COUPON -> orEmpty(sale.couponCode());
      case ORDER_OWN_COUPON -> sale.publishersOwnCoupon();
      case ORDER_COUNTRY -> text(sale.country());
      case ORDER_DEVICE -> text(sale.device());
      case ORDER_CHANNEL -> sale.channel();
      case ORDER_HOUR -> (long) sale.localOrderedAt().getHour();
      case ORDER_DAY_OF_WEEK -> (long) sale.localOrderedAt().getDayOfWeek().getValue();
      case PUBLISHER_ID -> sale.publisherId();
      case PUBLISHER_TYPE -> sale.publisherType().toString();
      case PUBLISHER_GROUP -> orEmpty(sale.group());
      case JOURNEY_ROLE -> text(sale.role());
      case SUBSCRIPTION_PHASE -> orEmpty(text(sale.subscription()));
      default -> line == null ? null : readLine(line);
    };
  }

  private @Nullable Object readLine(OrderLine line) {
    return switch (this) {
      case LINE_SKU -> line.sku();
      case LINE_BRAND -> line.brand();
      case LINE_CATEGORY -> text(line.category());
      case LINE_CATEGORIES -> withAncestors(line.category());
      case LINE_QUANTITY -> (long) line.quantity();
      case LINE_UNIT_PRICE -> line.unitPrice().minor();
      case LINE_AMOUNT -> line.amount().minor();
      default -> throw new AssertionError(this + " is not a fact of the line");
    };
  }

  /** The variable of that name, or null. */
  static @Nullable ExpressionVariable named(String name) {
    return BY_NAME.get(name);
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }

  private static String orEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }

  /** {@code A > B > C} gives {@code ["A", "A > B", "A > B > C"]}; null stays unknown. */
  private static @Nullable List<String> withAncestors(@Nullable CategoryPath path) {
    if (path == null) {
      return null;
    }
    List<String> segments = path.segments();
    List<String> paths = new ArrayList<>(segments.size());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      if (i > 0) {
        text.append(" ").append(CategoryPath.SEPARATOR).append(" ");
      }
      text.append(segments.get(i));
      paths.add(text.toString());
    }
    return Collections.unmodifiableList(paths);
  }
}
