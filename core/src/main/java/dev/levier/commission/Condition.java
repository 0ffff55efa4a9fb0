package dev.levier.commission;

import dev.levier.attribution.JourneyRole;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.geo.CountryCode;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.tracking.DeviceType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * When a rule applies: a test on the facts of a sale and of one of its lines, nestable with {@link
 * AllOf}, {@link AnyOf} and {@link Not}. A condition on a fact that is unknown does not hold, and a
 * condition on the line does not hold where there is no line (a lead).
 *
 * <p>Conditions are values: two rules with the same conditions have equal conditions, and {@link
 * #describe} writes one in plain words for the commission's explanation.
 */
public sealed interface Condition {

  /** Whether the condition holds for this sale and line ({@code line} is null for a lead). */
  boolean test(SaleFacts sale, @Nullable OrderLine line);

  /** The condition in plain words, such as {@code customer is new}. */
  String describe();

  /**
   * Adds to {@code held} the plain words of the simple conditions that hold and make this one hold:
   * for {@link AnyOf}, only the branches that held. Call it when {@link #test} is true.
   */
  default void explain(SaleFacts sale, @Nullable OrderLine line, List<String> held) {
    held.add(describe());
  }

  /** Holds always: the condition of a programme's default rule. */
  static Condition always() {
    return new AllOf(List.of());
  }

  /** Every condition holds; with none, it always holds. */
  record AllOf(List<Condition> conditions) implements Condition {
    public AllOf {
      conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      // Indexed, not for-each: no iterator per test on the hot path.
      for (int i = 0; i < conditions.size(); i++) {
        if (!conditions.get(i).test(sale, line)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String describe() {
      return conditions.isEmpty()
          ? "always"
          : conditions.stream()
              .map(Condition::describe)
              .collect(Collectors.joining(" and ", "(", ")"));
    }

    @Override
    public void explain(SaleFacts sale, @Nullable OrderLine line, List<String> held) {
      if (conditions.isEmpty()) {
        held.add("always");
      }
      for (Condition c : conditions) {
        c.explain(sale, line, held);
      }
    }
  }

  /** At least one condition holds. */
  record AnyOf(List<Condition> conditions) implements Condition {
    public AnyOf {
      conditions = List.copyOf(conditions);
      if (conditions.isEmpty()) {
        throw new IllegalArgumentException("anyOf needs at least one condition");
      }
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      for (int i = 0; i < conditions.size(); i++) {
        if (conditions.get(i).test(sale, line)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return conditions.stream()
          .map(Condition::describe)
          .collect(Collectors.joining(" or ", "(", ")"));
    }

    @Override
    public void explain(SaleFacts sale, @Nullable OrderLine line, List<String> held) {
      for (Condition c : conditions) {
        if (c.test(sale, line)) {
          c.explain(sale, line, held);
        }
      }
    }
  }

  /** The condition does not hold. */
  record Not(Condition condition) implements Condition {
    public Not {
      Objects.requireNonNull(condition, "condition");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return !condition.test(sale, line);
    }

    @Override
    public String describe() {
      return "not " + condition.describe();
    }
  }

  /** The customer's status is one of these; {@code existing} is returning or lapsed. */
  record CustomerStatusIn(Set<CustomerStatus> statuses) implements Condition {
    public CustomerStatusIn {
      statuses = immutableEnumSet(statuses, "customer statuses");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      CustomerStatus status = sale.customerStatus();
      return status != null && statuses.contains(status);
    }

    @Override
    public String describe() {
      return "customer is " + words(statuses, " or ");
    }
  }

  /** The line's product is in one of these categories or below them. */
  record CategoryWithin(List<CategoryPath> categories) implements Condition {
    public CategoryWithin {
      categories = List.copyOf(categories);
      if (categories.isEmpty()) {
        throw new IllegalArgumentException("categories: give at least one");
      }
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      CategoryPath category = line == null ? null : line.category();
      if (category == null) {
        return false;
      }
      for (int i = 0; i < categories.size(); i++) {
        if (category.isWithin(categories.get(i))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return "category within "
          + categories.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(" or "));
    }
  }

  /** The line's SKU is one of these (exactly as the advertiser writes it). */
  record SkuIn(Set<String> skus) implements Condition {
    public SkuIn {
      skus = nonEmpty(skus, "skus");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return line != null && skus.contains(line.sku());
    }

    @Override
    public String describe() {
      return "SKU is " + quoted(skus);
    }
  }

  /** The line's brand is one of these, ignoring case. */
  record BrandIn(Set<String> brands) implements Condition {
    public BrandIn {
      brands = ignoringCase(nonEmpty(brands, "brands"));
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      String brand = line == null ? null : line.brand();
      return brand != null && brands.contains(brand);
    }

    @Override
    public String describe() {
      return "brand is " + quoted(brands);
    }
  }

  /**
   * The price of one unit of the line's product, before discount, is at least {@code min} and below
   * {@code max}; either bound may be open (null).
   */
  record UnitPriceBetween(@Nullable Money min, @Nullable Money max) implements Condition {
    public UnitPriceBetween {
      checkRange(min, max, "unit price");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return line != null && inRange(line.unitPrice(), min, max);
    }

    @Override
    public String describe() {
      return "unit price " + range(min, max);
    }
  }

  /** The order's value is at least {@code min} and below {@code max}; either may be open. */
  record OrderValueBetween(@Nullable Money min, @Nullable Money max) implements Condition {
    public OrderValueBetween {
      checkRange(min, max, "order value");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return inRange(sale.orderValue(), min, max);
    }

    @Override
    public String describe() {
      return "order value " + range(min, max);
    }
  }

  /** How a coupon condition matches. */
  enum CouponMatch {
    /** Any coupon was used. */
    ANY,
    /** One of the given codes was used (ignoring case). */
    ONE_OF,
    /** The coupon used is assigned to the credited publisher. */
    PUBLISHERS_OWN,
    /** No coupon was used. */
    NONE
  }

  /** A coupon condition; {@code codes} is used by {@link CouponMatch#ONE_OF} only. */
  record CouponUsed(CouponMatch match, Set<String> codes) implements Condition {
    public CouponUsed {
      Objects.requireNonNull(match, "match");
      if (match == CouponMatch.ONE_OF) {
        codes = ignoringCase(nonEmpty(codes, "codes"));
      } else if (!codes.isEmpty()) {
        throw new IllegalArgumentException("codes: only for a coupon condition on given codes");
      } else {
        codes = Set.of();
      }
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      String code = sale.couponCode();
      return switch (match) {
        case ANY -> code != null;
        case ONE_OF -> code != null && codes.contains(code);
        case PUBLISHERS_OWN -> sale.publishersOwnCoupon();
        case NONE -> code == null;
      };
    }

    @Override
    public String describe() {
      return switch (match) {
        case ANY -> "a coupon was used";
        case ONE_OF -> "coupon " + quoted(codes) + " was used";
        case PUBLISHERS_OWN -> "the publisher's own coupon was used";
        case NONE -> "no coupon was used";
      };
    }
  }

  /** The credited publisher is one of these (public ids). */
  record PublisherIn(Set<String> publisherIds) implements Condition {
    public PublisherIn {
      publisherIds = nonEmpty(publisherIds, "publisherIds");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return publisherIds.contains(sale.publisherId());
    }

    @Override
    public String describe() {
      return "publisher is " + words(publisherIds, " or ");
    }
  }

  /** The credited publisher's type is one of these. */
  record PublisherTypeIn(Set<PublisherType> types) implements Condition {
    public PublisherTypeIn {
      types = immutableEnumSet(types, "publisher types");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return types.contains(sale.publisherType());
    }

    @Override
    public String describe() {
      return "publisher type is " + words(types, " or ");
    }
  }

  /** The partnership is in one of these groups (exact names). */
  record GroupIn(Set<String> groups) implements Condition {
    public GroupIn {
      groups = nonEmpty(groups, "groups");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      String group = sale.group();
      return group != null && groups.contains(group);
    }

    @Override
    public String describe() {
      return "partnership group is " + quoted(groups);
    }
  }

  /** The order came from one of these countries. */
  record CountryIn(Set<CountryCode> countries) implements Condition {
    public CountryIn {
      countries = nonEmpty(countries, "countries");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      CountryCode country = sale.country();
      return country != null && countries.contains(country);
    }

    @Override
    public String describe() {
      return "country is "
          + countries.stream().map(CountryCode::code).sorted().collect(Collectors.joining(" or "));
    }
  }

  /** The credited click came from one of these kinds of device. */
  record DeviceIn(Set<DeviceType> devices) implements Condition {
    public DeviceIn {
      devices = immutableEnumSet(devices, "devices");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      DeviceType device = sale.device();
      return device != null && devices.contains(device);
    }

    @Override
    public String describe() {
      return "device is " + words(devices, " or ");
    }
  }

  /** The last paid channel the advertiser saw is one of these (ignoring case). */
  record ChannelIn(Set<String> channels) implements Condition {
    public ChannelIn {
      channels = ignoringCase(nonEmpty(channels, "channels"));
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      String channel = sale.channel();
      return channel != null && channels.contains(channel);
    }

    @Override
    public String describe() {
      return "last paid channel is " + quoted(channels);
    }
  }

  /** The order was placed at or after {@code from} and before {@code to}; either may be open. */
  record OrderedBetween(@Nullable Instant from, @Nullable Instant to) implements Condition {
    public OrderedBetween {
      if (from == null && to == null) {
        throw new IllegalArgumentException("a date range needs a start, an end or both");
      }
      if (from != null && to != null && !from.isBefore(to)) {
        throw new IllegalArgumentException("a date range must start before it ends");
      }
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      Instant at = sale.orderedAt();
      return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    @Override
    public String describe() {
      return from == null
          ? "ordered before " + to
          : to == null ? "ordered from " + from : "ordered from " + from + " to before " + to;
    }
  }

  /** The order was placed on one of these days, in the programme's time zone. */
  record DayOfWeekIn(Set<DayOfWeek> days) implements Condition {
    public DayOfWeekIn {
      days = immutableEnumSet(days, "days");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return days.contains(sale.localOrderedAt().getDayOfWeek());
    }

    @Override
    public String describe() {
      return "ordered on "
          + days.stream()
              .sorted()
              .map(d -> d.toString().charAt(0) + d.toString().substring(1).toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(" or "));
    }
  }

  /**
   * The order was placed from hour {@code from} (0–23) up to, not including, hour {@code to} (1–24)
   * in the programme's time zone; {@code from > to} goes over midnight (22 to 6).
   */
  record HourBetween(int from, int to) implements Condition {
    public HourBetween {
      if (from < 0 || from > 23) {
        throw new IllegalArgumentException("from: an hour from 0 to 23, not " + from);
      }
      if (to < 1 || to > 24) {
        throw new IllegalArgumentException("to: an hour from 1 to 24, not " + to);
      }
      if (from == to) {
        throw new IllegalArgumentException("an hour range must not be empty");
      }
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      int hour = sale.localOrderedAt().getHour();
      return from < to ? hour >= from && hour < to : hour >= from || hour < to;
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "ordered between %02d:00 and %02d:00", from, to);
    }
  }

  /** The credited touch played one of these parts in the journey. */
  record RoleIn(Set<JourneyRole> roles) implements Condition {
    public RoleIn {
      roles = immutableEnumSet(roles, "roles");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      JourneyRole role = sale.role();
      return role != null && roles.contains(role);
    }

    @Override
    public String describe() {
      return "the publisher's role is " + words(roles, " or ");
    }
  }

  /** The order is the first payment, or a renewal, of a subscription. */
  record SubscriptionIs(SubscriptionPhase phase) implements Condition {
    public SubscriptionIs {
      Objects.requireNonNull(phase, "phase");
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return sale.subscription() == phase;
    }

    @Override
    public String describe() {
      return phase == SubscriptionPhase.FIRST
          ? "first order of a subscription"
          : "renewal of a subscription";
    }
  }

  /**
   * Parses and type-checks a CEL expression for {@link Expression}; see there for the variables.
   *
   * @throws ExpressionException if the expression does not parse, names an unknown variable or
   *     function, mixes types, is not a {@code bool}, or is longer than 2,000 characters; the
   *     exception gives the line and column of the mistake
   */
  static Expression expression(String source) {
    Objects.requireNonNull(source, "source");
    return new Expression(source, ExpressionEnvironment.compile(source));
  }

  /**
   * What the structured conditions cannot say, as a <a href="https://cel.dev">CEL</a> expression
   * over the same facts: {@code order.value >= 10000 && line.brand == "Acme"}. It is checked once,
   * by {@link Condition#expression}: a misspelled variable, a wrong type or a result that is not a
   * {@code bool} is refused there, with its position. CEL has no loops, no recursion and no
   * function that reads a file or calls out, and evaluation is bounded (at most 1,000 macro
   * iterations), so an expression cannot hang or harm the engine.
   *
   * <p>The variables. Money is an {@code int} of minor units in the programme's currency (EUR
   * 100.00 is {@code 10000}); texts are as the advertiser sent them (case matters) and enumerations
   * are their lower-case names.
   *
   * <table>
   *   <caption>Variables of an expression condition</caption>
   *   <tr><th>variable</th><th>type</th><th>value</th></tr>
   *   <tr><td>{@code customer.status}</td><td>string</td><td>{@code "new"}, {@code "returning"}
   *       or {@code "lapsed"}; unknown when the customer status is</td></tr>
   *   <tr><td>{@code order.value}</td><td>int</td><td>the order's value, minor units</td></tr>
   *   <tr><td>{@code order.currency}</td><td>string</td><td>the programme's currency, such as
   *       {@code "EUR"}</td></tr>
   *   <tr><td>{@code order.coupon}</td><td>string</td><td>the coupon code used, {@code ""} when
   *       none was</td></tr>
   *   <tr><td>{@code order.ownCoupon}</td><td>bool</td><td>whether that coupon is assigned to the
   *       credited publisher</td></tr>
   *   <tr><td>{@code order.country}</td><td>string</td><td>ISO 3166 code, such as {@code "FR"};
   *       may be unknown</td></tr>
   *   <tr><td>{@code order.device}</td><td>string</td><td>the credited click's device:
   *       {@code "desktop"}, {@code "mobile"}, {@code "tablet"}, {@code "bot"} or
   *       {@code "unknown"}; may be unknown</td></tr>
   *   <tr><td>{@code order.channel}</td><td>string</td><td>the last paid channel the advertiser
   *       saw; may be unknown</td></tr>
   *   <tr><td>{@code order.hour}</td><td>int</td><td>0 to 23, in the programme's time
   *       zone</td></tr>
   *   <tr><td>{@code order.dayOfWeek}</td><td>int</td><td>1 (Monday) to 7 (Sunday), in the
   *       programme's time zone</td></tr>
   *   <tr><td>{@code publisher.id}</td><td>string</td><td>the credited publisher's public
   *       id</td></tr>
   *   <tr><td>{@code publisher.type}</td><td>string</td><td>{@code "cashback"},
   *       {@code "voucher"}, {@code "content"}, {@code "influencer"}, {@code "comparison"},
   *       {@code "email"}, {@code "subnetwork"}, {@code "search"}, {@code "app"} or
   *       {@code "other"}</td></tr>
   *   <tr><td>{@code publisher.group}</td><td>string</td><td>the partnership's group, {@code ""}
   *       when it has none</td></tr>
   *   <tr><td>{@code journey.role}</td><td>string</td><td>{@code "introducer"}, {@code "assist"}
   *       or {@code "closer"}; may be unknown</td></tr>
   *   <tr><td>{@code subscription.phase}</td><td>string</td><td>{@code "first"} or
   *       {@code "renewal"}, {@code ""} for a one-off order</td></tr>
   *   <tr><td>{@code line.sku}</td><td>string</td><td>the line's SKU</td></tr>
   *   <tr><td>{@code line.brand}</td><td>string</td><td>the line's brand; may be unknown</td></tr>
   *   <tr><td>{@code line.category}</td><td>string</td><td>the line's category path, such as
   *       {@code "Electronics > Phones"}; may be unknown</td></tr>
   *   <tr><td>{@code line.categories}</td><td>list(string)</td><td>that path and its ancestors,
   *       {@code ["Electronics", "Electronics > Phones"]}, so that
   *       {@code "Electronics" in line.categories} holds for anything under Electronics; unknown
   *       with the category</td></tr>
   *   <tr><td>{@code line.quantity}</td><td>int</td><td>units bought</td></tr>
   *   <tr><td>{@code line.unitPrice}</td><td>int</td><td>the price of one unit before discount,
   *       minor units</td></tr>
   *   <tr><td>{@code line.amount}</td><td>int</td><td>what the customer paid for the line,
   *       quantity × unit price − discount, before returns, minor units</td></tr>
   * </table>
   *
   * <p>A fact that is unknown (a customer status nobody could work out, the line of a lead) makes
   * the expression fail, and a failed evaluation does not hold, like any condition on an unknown
   * fact. CEL's {@code ||} and {@code &&} still decide when the other side does: {@code
   * customer.status == "new" || order.value > 50000} holds for a large order of an unknown
   * customer. Division by zero, overflow and the iteration limit fail the same way.
   *
   * <p>An expression that names a {@code line.} variable is tested per line; any other is tested
   * once per sale. Two expressions are equal when their source texts are.
   *
   * @param source the expression as written
   * @param compiled the checked and planned program, built by {@link Condition#expression}
   */
  record Expression(String source, Compiled compiled) implements Condition {
    public Expression {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(compiled, "compiled");
    }

    /** The program CEL planned for an expression; only {@link Condition#expression} makes one. */
    public static final class Compiled {
      private final dev.cel.runtime.Program program;
      private final Set<String> variables;
      private final boolean readsLine;

      Compiled(dev.cel.runtime.Program program, Set<String> variables) {
        this.program = Objects.requireNonNull(program, "program");
        this.variables = Set.copyOf(variables);
        boolean onLine = false;
        for (String name : variables) {
          ExpressionVariable variable = ExpressionVariable.named(name);
          onLine |= variable != null && variable.onLine();
        }
        this.readsLine = onLine;
      }

      @Override
      public String toString() {
        return "compiled CEL reading " + new TreeSet<>(variables);
      }
    }

    /** The names of the variables the expression reads, such as {@code order.value}. */
    public Set<String> variables() {
      return compiled.variables;
    }

    /** Whether the expression reads a {@code line.} variable, so is tested per line. */
    public boolean readsLine() {
      return compiled.readsLine;
    }

    @Override
    public boolean test(SaleFacts sale, @Nullable OrderLine line) {
      return ExpressionEnvironment.test(compiled.program, sale, line);
    }

    @Override
    public String describe() {
      return "expression " + quote(source.strip());
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Expression e && source.equals(e.source);
    }

    @Override
    public int hashCode() {
      return source.hashCode();
    }

    @Override
    public String toString() {
      return "Expression[" + source + "]";
    }

    /** The text in double quotes, with quotes, backslashes and line breaks escaped. */
    private static String quote(String text) {
      StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> quoted.append("\\\"");
          case '\\' -> quoted.append("\\\\");
          case '\n' -> quoted.append("\\n");
          case '\r' -> quoted.append("\\r");
          case '\t' -> quoted.append("\\t");
          default -> quoted.append(c);
        }
      }
      return quoted.append('"').toString();
    }
  }

  private static <T> Set<T> nonEmpty(Set<T> values, String name) {
    Set<T> copy = Set.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(name + ": give at least one");
    }
    return copy;
  }

  /**
   * A set whose {@code contains} ignores case without building a lower-case copy of the probe: a
   * sorted set ordered by {@link String#CASE_INSENSITIVE_ORDER}, read-only.
   */
  private static Set<String> ignoringCase(Set<String> values) {
    TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(values);
    return java.util.Collections.unmodifiableSortedSet(set);
  }

  private static <E extends Enum<E>> Set<E> immutableEnumSet(Set<E> values, String name) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + ": give at least one");
    }
    // An EnumSet tests membership with a bit mask; it stays private to the record.
    return java.util.Collections.unmodifiableSet(EnumSet.copyOf(values));
  }

  private static void checkRange(@Nullable Money min, @Nullable Money max, String what) {
    if (min == null && max == null) {
      throw new IllegalArgumentException(what + ": a range needs a minimum, a maximum or both");
    }
    if (min != null && max != null) {
      if (!min.currency().equals(max.currency())) {
        throw new IllegalArgumentException(what + ": the minimum and maximum differ in currency");
      }
      if (min.compareTo(max) >= 0) {
        throw new IllegalArgumentException(what + ": the minimum must be below the maximum");
      }
    }
  }

  private static boolean inRange(Money value, @Nullable Money min, @Nullable Money max) {
    if (min != null && (!value.currency().equals(min.currency()) || value.minor() < min.minor())) {
      return false;
    }
    return max == null || (value.currency().equals(max.currency()) && value.minor() < max.minor());
  }

  private static String range(@Nullable Money min, @Nullable Money max) {
    if (min == null) {
      return "below " + max;
    }
    return max == null ? "at least " + min : "from " + min + " to below " + max;
  }

  private static String words(Set<?> values, String separator) {
    List<String> names = new ArrayList<>();
    for (Object v : values) {
      names.add(v.toString());
    }
    return String.join(separator, new TreeSet<>(names));
  }

  private static String quoted(Set<String> values) {
    return new TreeSet<>(values)
        .stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(" or "));
  }
}
