package dev.levier.commission;

import dev.levier.attribution.JourneyRole;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.geo.CountryCode;
import dev.levier.http.JsonInput;
import dev.levier.http.Parsers;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.network.WireEnum;
import dev.levier.tracking.DeviceType;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a rule set's content, read and written the same way by the API and the store.
 * Every problem is named by its path ({@code rules[2].when.all[0].category[1]}) and all are
 * reported at once; amounts are decimal strings in the programme's currency.
 *
 * <p>A condition is an object with exactly one key: {@code all}, {@code any} (arrays of
 * conditions), {@code not} (a condition), or a test such as {@code {"customerStatus": ["new"]}}.
 */
public final class RuleSetJson {
  /** The content's fields. */
  static final String[] FIELDS = {"resolution", "rules", "caps", "monthlyCaps", "tiers", "bonuses"};

  private static final String[] RULE_FIELDS = {"id", "name", "event", "when", "pay", "priority"};
  private static final String[] CAP_FIELDS = {"id", "name", "lines", "max"};
  private static final String[] PAY_FIELDS = {
    "percent", "fixedPerLine", "fixedPerUnit", "fixedPerOrder"
  };
  private static final String[] RANGE_FIELDS = {"min", "max"};
  private static final String[] MONTHLY_CAP_FIELDS = {"scope", "max", "action"};
  private static final String[] TIER_FIELDS = {"minSales", "percent"};
  private static final String[] BONUS_FIELDS = {
    "id", "name", "newCustomers", "amount", "publishers"
  };
  private static final String[] CONDITIONS = {
    "all",
    "any",
    "not",
    "customerStatus",
    "category",
    "sku",
    "brand",
    "unitPrice",
    "orderValue",
    "coupon",
    "couponCode",
    "publisher",
    "publisherType",
    "group",
    "country",
    "device",
    "channel",
    "ordered",
    "dayOfWeek",
    "hour",
    "role",
    "subscription",
    "expression"
  };
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final int MAX_RULES = 1_000;
  static final int MAX_CAPS = 100;
  private static final int MAX_ITEMS = 1_000;
  private static final String EXISTING = "existing";

  private RuleSetJson() {}

  /**
   * What a rule set holds, apart from its identity and lifecycle.
   *
   * @param monthlyCaps caps on what a publisher, or the whole programme, earns in a month
   * @param tiers volume tiers settled when the month is closed
   * @param bonuses fixed amounts on reaching a number of new customers in the month
   */
  public record Content(
      Resolution resolution,
      List<Rule> rules,
      List<OrderCap> caps,
      List<MonthlyCap> monthlyCaps,
      List<VolumeTier> tiers,
      List<Bonus> bonuses) {
    public Content {
      rules = List.copyOf(rules);
      caps = List.copyOf(caps);
      monthlyCaps = List.copyOf(monthlyCaps);
      tiers = List.copyOf(tiers);
      bonuses = List.copyOf(bonuses);
    }
  }

  /**
   * Reads content written as JSON text, such as a stored document or a demo's rules.
   *
   * @throws dev.levier.errors.ValidationException naming every mistake
   */
  public static Content parse(String json, CurrencyUnit currency) {
    if (!(dev.levier.http.Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
      throw dev.levier.errors.ValidationException.of("rules", "must be a JSON object");
    }
    JsonInput in = JsonInput.of(object, FIELDS);
    Content content = read(in, currency);
    in.validate();
    return java.util.Objects.requireNonNull(content);
  }

  /**
   * Reads the content from the fields of {@code in}; returns null when a problem was recorded (the
   * caller's {@link JsonInput#validate()} reports them).
   */
  public static @Nullable Content read(JsonInput in, CurrencyUnit currency) {
    Resolution resolution =
        present(in, "resolution")
            ? in.optional("resolution", t -> WireEnum.require(Resolution.class, t))
            : Resolution.HIGHEST_PAYING;
    in.requirePresent("rules");
    List<Rule> rules = new ArrayList<>();
    List<JsonInput> ruleInputs = in.objects("rules", 1, MAX_RULES, RULE_FIELDS);
    boolean ok = resolution != null && ruleInputs != null;
    Set<String> ids = new HashSet<>();
    if (ruleInputs != null) {
      for (int i = 0; i < ruleInputs.size(); i++) {
        Rule rule = rule(ruleInputs.get(i), currency);
        if (rule == null) {
          ok = false;
        } else if (!ids.add(rule.id())) {
          in.reject("rules[" + i + "].id", "'" + rule.id() + "' is the id of an earlier rule");
          ok = false;
        } else {
          rules.add(rule);
        }
      }
    }
    List<OrderCap> caps = new ArrayList<>();
    List<JsonInput> capInputs = in.objects("caps", 0, MAX_CAPS, CAP_FIELDS);
    Set<String> capIds = new HashSet<>();
    if (capInputs != null) {
      for (int i = 0; i < capInputs.size(); i++) {
        OrderCap cap = cap(capInputs.get(i), currency);
        if (cap == null) {
          ok = false;
        } else if (!capIds.add(cap.id())) {
          in.reject("caps[" + i + "].id", "'" + cap.id() + "' is the id of an earlier cap");
          ok = false;
        } else {
          caps.add(cap);
        }
      }
    }
    List<MonthlyCap> monthlyCaps = new ArrayList<>();
    List<JsonInput> monthlyInputs = in.objects("monthlyCaps", 0, 2, MONTHLY_CAP_FIELDS);
    if (monthlyInputs != null) {
      for (JsonInput item : monthlyInputs) {
        item.requirePresent("scope", "max");
        MonthlyCap.Scope scope =
            item.optional("scope", t -> WireEnum.require(MonthlyCap.Scope.class, t));
        Money max = item.optional("max", t -> positive(Money.parse(t, currency)));
        MonthlyCap.Action action =
            present(item, "action")
                ? item.optional("action", t -> WireEnum.require(MonthlyCap.Action.class, t))
                : MonthlyCap.Action.CAP;
        if (scope != null && max != null && action != null) {
          monthlyCaps.add(new MonthlyCap(scope, max, action));
        }
      }
    }
    List<VolumeTier> tiers = new ArrayList<>();
    List<JsonInput> tierInputs = in.objects("tiers", 0, 20, TIER_FIELDS);
    if (tierInputs != null) {
      for (JsonInput item : tierInputs) {
        item.requirePresent("minSales", "percent");
        Integer minSales = item.optionalInteger("minSales", 1, 10_000_000);
        BigDecimal percent = item.optional("percent", RuleSetJson::decimal);
        if (minSales != null && percent != null) {
          try {
            tiers.add(new VolumeTier(minSales, percent));
          } catch (IllegalArgumentException e) {
            item.reject("percent", String.valueOf(e.getMessage()));
          }
        }
      }
    }
    List<Bonus> bonuses = new ArrayList<>();
    List<JsonInput> bonusInputs = in.objects("bonuses", 0, 20, BONUS_FIELDS);
    if (bonusInputs != null) {
      for (JsonInput item : bonusInputs) {
        item.requirePresent("id", "newCustomers", "amount");
        String id = item.optional("id", RuleSetJson::id);
        String name = item.optionalText("name", 200);
        Integer newCustomers = item.optionalInteger("newCustomers", 1, 10_000_000);
        Money amount = item.optional("amount", t -> positive(Money.parse(t, currency)));
        List<String> publishers =
            item.list("publishers", 0, MAX_ITEMS, t -> Parsers.publicId("pub", t));
        if (id != null && newCustomers != null && amount != null) {
          bonuses.add(
              new Bonus(
                  id,
                  name != null ? name : id,
                  newCustomers,
                  amount,
                  Set.copyOf(publishers == null ? List.of() : publishers)));
        }
      }
    }
    if (!in.hasErrors()) {
      try {
        new MonthlyCaps(currency, java.time.ZoneOffset.UTC, monthlyCaps);
      } catch (IllegalArgumentException e) {
        in.reject("monthlyCaps", String.valueOf(e.getMessage()));
      }
      try {
        new PeriodClose(currency, tiers, List.of());
      } catch (IllegalArgumentException e) {
        in.reject("tiers", String.valueOf(e.getMessage()));
      }
      try {
        new PeriodClose(currency, List.of(), bonuses);
      } catch (IllegalArgumentException e) {
        in.reject("bonuses", String.valueOf(e.getMessage()));
      }
    }
    if (!ok || resolution == null || in.hasErrors()) {
      if (!in.hasErrors()) {
        // Every refusal above names its field; this only guards against one that did not.
        in.reject("rules", "the rule set could not be read");
      }
      return null;
    }
    return new Content(resolution, rules, caps, monthlyCaps, tiers, bonuses);
  }

  /** The content as the API writes it, field by field: the same shape {@link #read} reads. */
  public record Written(
      String resolution,
      List<Map<String, Object>> rules,
      List<Map<String, Object>> caps,
      List<Map<String, Object>> monthlyCaps,
      List<Map<String, Object>> tiers,
      List<Map<String, Object>> bonuses) {}

  public static Written write(Content content) {
    return new Written(
        content.resolution().toString(),
        content.rules().stream().map(RuleSetJson::write).toList(),
        content.caps().stream().map(RuleSetJson::write).toList(),
        content.monthlyCaps().stream()
            .map(
                c ->
                    Map.<String, Object>of(
                        "scope",
                        c.scope().toString(),
                        "max",
                        c.max().toDecimalString(),
                        "action",
                        c.action().toString()))
            .toList(),
        content.tiers().stream()
            .map(
                t ->
                    Map.<String, Object>of(
                        "minSales", t.minSales(), "percent", t.percent().toPlainString()))
            .toList(),
        content.bonuses().stream()
            .map(
                b -> {
                  Map<String, Object> out = new LinkedHashMap<>();
                  out.put("id", b.id());
                  out.put("name", b.name());
                  out.put("newCustomers", b.newCustomers());
                  out.put("amount", b.amount().toDecimalString());
                  out.put("publishers", sorted(b.publishers()));
                  return out;
                })
            .toList());
  }

  private static Map<String, Object> write(Rule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", rule.id());
    out.put("name", rule.name());
    out.put("event", rule.event().toString());
    out.put("when", write(rule.when()));
    out.put("pay", write(rule.basis()));
    out.put("priority", rule.priority());
    return out;
  }

  private static Map<String, Object> write(OrderCap cap) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", cap.id());
    out.put("name", cap.name());
    out.put("lines", write(cap.lines()));
    out.put("max", cap.max().toDecimalString());
    return out;
  }

  private static Map<String, Object> write(Basis basis) {
    return switch (basis) {
      case Basis.PercentOfLine b -> Map.of("percent", b.percent().toPlainString());
      case Basis.FixedPerLine b -> Map.of("fixedPerLine", b.amount().toDecimalString());
      case Basis.FixedPerUnit b -> Map.of("fixedPerUnit", b.amount().toDecimalString());
      case Basis.FixedPerOrder b -> Map.of("fixedPerOrder", b.amount().toDecimalString());
    };
  }

  /** A condition as one-key JSON; {@link Condition#always()} is the empty {@code all}. */
  static Map<String, Object> write(Condition condition) {
    return switch (condition) {
      case Condition.AllOf c ->
          Map.of("all", c.conditions().stream().map(RuleSetJson::write).toList());
      case Condition.AnyOf c ->
          Map.of("any", c.conditions().stream().map(RuleSetJson::write).toList());
      case Condition.Not c -> Map.of("not", write(c.condition()));
      case Condition.CustomerStatusIn c -> Map.of("customerStatus", names(c.statuses()));
      case Condition.CategoryWithin c ->
          Map.of("category", c.categories().stream().map(CategoryPath::toString).toList());
      case Condition.SkuIn c -> Map.of("sku", sorted(c.skus()));
      case Condition.BrandIn c -> Map.of("brand", sorted(c.brands()));
      case Condition.UnitPriceBetween c -> Map.of("unitPrice", range(c.min(), c.max()));
      case Condition.OrderValueBetween c -> Map.of("orderValue", range(c.min(), c.max()));
      case Condition.CouponUsed c ->
          c.match() == Condition.CouponMatch.ONE_OF
              ? Map.of("couponCode", sorted(c.codes()))
              : Map.of("coupon", couponWord(c.match()));
      case Condition.PublisherIn c -> Map.of("publisher", sorted(c.publisherIds()));
      case Condition.PublisherTypeIn c -> Map.of("publisherType", names(c.types()));
      case Condition.GroupIn c -> Map.of("group", sorted(c.groups()));
      case Condition.CountryIn c ->
          Map.of("country", c.countries().stream().map(CountryCode::code).sorted().toList());
      case Condition.DeviceIn c -> Map.of("device", names(c.devices()));
      case Condition.ChannelIn c -> Map.of("channel", sorted(c.channels()));
      case Condition.OrderedBetween c -> {
        Map<String, Object> range = new LinkedHashMap<>();
        if (c.from() != null) {
          range.put("from", String.valueOf(c.from()));
        }
        if (c.to() != null) {
          range.put("to", String.valueOf(c.to()));
        }
        yield Map.of("ordered", range);
      }
      case Condition.DayOfWeekIn c -> Map.of("dayOfWeek", names(c.days()));
      case Condition.HourBetween c -> Map.of("hour", Map.of("from", c.from(), "to", c.to()));
      case Condition.RoleIn c -> Map.of("role", names(c.roles()));
      case Condition.SubscriptionIs c -> Map.of("subscription", c.phase().toString());
      case Condition.Expression c -> Map.of("expression", c.source());
    };
  }

  private static @Nullable Rule rule(JsonInput in, CurrencyUnit currency) {
    in.requirePresent("id", "pay");
    String id = in.optional("id", RuleSetJson::id);
    String name = in.optionalText("name", 200);
    EventType event =
        present(in, "event")
            ? in.optional("event", t -> WireEnum.require(EventType.class, t))
            : EventType.SALE;
    Condition when = present(in, "when") ? condition(in, "when", currency) : Condition.always();
    Basis basis = basis(in, currency);
    int priority = in.integer("priority", 0, 1_000_000, 100);
    if (id == null || event == null || when == null || basis == null) {
      return null;
    }
    try {
      return new Rule(id, name != null ? name : id, event, when, basis, priority);
    } catch (IllegalArgumentException e) {
      in.reject("pay", String.valueOf(e.getMessage()));
      return null;
    }
  }

  private static @Nullable OrderCap cap(JsonInput in, CurrencyUnit currency) {
    in.requirePresent("id", "max");
    String id = in.optional("id", RuleSetJson::id);
    String name = in.optionalText("name", 200);
    Condition lines = present(in, "lines") ? condition(in, "lines", currency) : Condition.always();
    Money max = in.optional("max", t -> positive(Money.parse(t, currency)));
    if (id == null || lines == null || max == null) {
      return null;
    }
    return new OrderCap(id, name != null ? name : id, lines, max);
  }

  private static @Nullable Basis basis(JsonInput in, CurrencyUnit currency) {
    JsonInput pay = in.object("pay", PAY_FIELDS);
    if (pay == null) {
      return null;
    }
    String key = onlyKey(in, "pay", pay, PAY_FIELDS);
    if (key == null) {
      return null;
    }
    return switch (key) {
      case "percent" -> pay.optional(key, t -> new Basis.PercentOfLine(decimal(t)));
      case "fixedPerLine" ->
          pay.optional(key, t -> new Basis.FixedPerLine(positive(Money.parse(t, currency))));
      case "fixedPerUnit" ->
          pay.optional(key, t -> new Basis.FixedPerUnit(positive(Money.parse(t, currency))));
      default ->
          pay.optional(key, t -> new Basis.FixedPerOrder(positive(Money.parse(t, currency))));
    };
  }

  /** The condition held in {@code field} of {@code parent}. */
  private static @Nullable Condition condition(
      JsonInput parent, String field, CurrencyUnit currency) {
    JsonInput in = parent.object(field, CONDITIONS);
    if (in == null) {
      return null;
    }
    String key = onlyKey(parent, field, in, CONDITIONS);
    return key == null ? null : keyed(in, key, currency);
  }

  /** The condition whose one key, {@code key}, was found in {@code in}. */
  private static @Nullable Condition keyed(JsonInput in, String key, CurrencyUnit currency) {
    try {
      return switch (key) {
        case "all" -> {
          List<Condition> parts = conditions(in, key, currency);
          yield parts == null ? null : new Condition.AllOf(parts);
        }
        case "any" -> {
          List<Condition> parts = conditions(in, key, currency);
          yield parts == null ? null : new Condition.AnyOf(parts);
        }
        case "not" -> {
          Condition inner = condition(in, key, currency);
          yield inner == null ? null : new Condition.Not(inner);
        }
        case "customerStatus" -> {
          List<String> words = in.list(key, 1, 4, RuleSetJson::customerStatusWord);
          if (words == null) {
            yield null;
          }
          Set<CustomerStatus> statuses = EnumSet.noneOf(CustomerStatus.class);
          for (String word : words) {
            if (word.equals(EXISTING)) {
              statuses.add(CustomerStatus.RETURNING);
              statuses.add(CustomerStatus.LAPSED);
            } else {
              statuses.add(WireEnum.require(CustomerStatus.class, word));
            }
          }
          yield new Condition.CustomerStatusIn(statuses);
        }
        case "category" ->
            map(in.list(key, 1, MAX_ITEMS, CategoryPath::parse), Condition.CategoryWithin::new);
        case "sku" ->
            map(in.list(key, 1, MAX_ITEMS, t -> t), l -> new Condition.SkuIn(Set.copyOf(l)));
        case "brand" ->
            map(in.list(key, 1, MAX_ITEMS, t -> t), l -> new Condition.BrandIn(Set.copyOf(l)));
        case "unitPrice" -> {
          Money[] range = range(in, key, currency);
          yield range == null ? null : new Condition.UnitPriceBetween(range[0], range[1]);
        }
        case "orderValue" -> {
          Money[] range = range(in, key, currency);
          yield range == null ? null : new Condition.OrderValueBetween(range[0], range[1]);
        }
        case "coupon" -> in.optional(key, t -> new Condition.CouponUsed(couponMatch(t), Set.of()));
        case "couponCode" ->
            map(
                in.list(key, 1, MAX_ITEMS, t -> t),
                l -> new Condition.CouponUsed(Condition.CouponMatch.ONE_OF, Set.copyOf(l)));
        case "publisher" ->
            map(
                in.list(key, 1, MAX_ITEMS, t -> Parsers.publicId("pub", t)),
                l -> new Condition.PublisherIn(Set.copyOf(l)));
        case "publisherType" ->
            map(
                in.list(key, 1, 20, t -> WireEnum.require(PublisherType.class, t)),
                l -> new Condition.PublisherTypeIn(Set.copyOf(l)));
        case "group" ->
            map(in.list(key, 1, MAX_ITEMS, t -> t), l -> new Condition.GroupIn(Set.copyOf(l)));
        case "country" ->
            map(in.list(key, 1, 250, CountryCode::of), l -> new Condition.CountryIn(Set.copyOf(l)));
        case "device" ->
            map(
                in.list(key, 1, 10, t -> WireEnum.require(DeviceType.class, t)),
                l -> new Condition.DeviceIn(Set.copyOf(l)));
        case "channel" ->
            map(in.list(key, 1, MAX_ITEMS, t -> t), l -> new Condition.ChannelIn(Set.copyOf(l)));
        case "ordered" -> {
          JsonInput range = in.object(key, "from", "to");
          if (range == null) {
            yield null;
          }
          var from = range.optional("from", Parsers::instant);
          var to = range.optional("to", Parsers::instant);
          if (range.hasErrors()) {
            yield null;
          }
          try {
            yield new Condition.OrderedBetween(from, to);
          } catch (IllegalArgumentException e) {
            in.reject(key, String.valueOf(e.getMessage()));
            yield null;
          }
        }
        case "dayOfWeek" ->
            map(
                in.list(key, 1, 7, RuleSetJson::day),
                l -> new Condition.DayOfWeekIn(Set.copyOf(l)));
        case "hour" -> {
          JsonInput range = in.object(key, "from", "to");
          if (range == null) {
            yield null;
          }
          range.requirePresent("from", "to");
          Integer from = range.optionalInteger("from", 0, 23);
          Integer to = range.optionalInteger("to", 1, 24);
          if (from == null || to == null) {
            yield null;
          }
          if (from.equals(to)) {
            in.reject(key, "an hour range must not be empty: from and to are both " + from);
            yield null;
          }
          yield new Condition.HourBetween(from, to);
        }
        case "role" ->
            map(
                in.list(key, 1, 3, t -> WireEnum.require(JourneyRole.class, t)),
                l -> new Condition.RoleIn(Set.copyOf(l)));
        case "subscription" ->
            in.optional(
                key,
                t -> new Condition.SubscriptionIs(WireEnum.require(SubscriptionPhase.class, t)));
        default -> in.optional(key, Condition::expression);
      };
    } catch (IllegalArgumentException e) {
      in.reject(key, String.valueOf(e.getMessage()));
      return null;
    }
  }

  private static @Nullable List<Condition> conditions(
      JsonInput in, String key, CurrencyUnit currency) {
    List<JsonInput> items = in.objects(key, 0, MAX_ITEMS, CONDITIONS);
    if (items == null) {
      return null;
    }
    List<Condition> parts = new ArrayList<>(items.size());
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      JsonInput item = items.get(i);
      String only = onlyKey(in, key + "[" + i + "]", item, CONDITIONS);
      Condition part = only == null ? null : keyed(item, only, currency);
      if (part == null) {
        ok = false;
      } else {
        parts.add(part);
      }
    }
    return ok ? parts : null;
  }

  private static Money @Nullable [] range(JsonInput in, String key, CurrencyUnit currency) {
    JsonInput range = in.object(key, RANGE_FIELDS);
    if (range == null) {
      return null;
    }
    Money min = range.optional("min", t -> Money.parse(t, currency));
    Money max = range.optional("max", t -> Money.parse(t, currency));
    if (range.hasErrors()) {
      return null;
    }
    if (min == null && max == null) {
      in.reject(key, "give min, max or both");
      return null;
    }
    return new Money[] {min, max};
  }

  /** The one key of a condition or basis object, or null after recording why there is not one. */
  private static @Nullable String onlyKey(
      JsonInput parent, String field, JsonInput object, String[] keys) {
    String found = null;
    int count = 0;
    for (String key : keys) {
      if (object.has(key)) {
        found = found == null ? key : found;
        count++;
      }
    }
    if (found != null && count == 1 && object.isExplicitNull(found)) {
      object.reject(found, "must not be null");
      return null;
    }
    if (count != 1) {
      parent.reject(
          field,
          count == 0
              ? "must have one of " + String.join(", ", keys)
              : "must have exactly one key; wrap several conditions in \"all\" or \"any\"");
      return null;
    }
    return found;
  }

  /** Whether a field is there with a value: an explicit null counts as absent. */
  private static boolean present(JsonInput in, String field) {
    return in.has(field) && !in.isExplicitNull(field);
  }

  private static <T, R> @Nullable R map(@Nullable List<T> values, Function<List<T>, R> build) {
    return values == null ? null : build.apply(values);
  }

  private static String id(String text) {
    if (!ID.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit");
    }
    return text;
  }

  private static String customerStatusWord(String text) {
    if (!text.equals(EXISTING) && WireEnum.parse(CustomerStatus.class, text).isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not one of " + WireEnum.allowed(CustomerStatus.class) + "|existing");
    }
    return text;
  }

  private static DayOfWeek day(String text) {
    return WireEnum.require(DayOfWeek.class, text);
  }

  private static Condition.CouponMatch couponMatch(String text) {
    return switch (text) {
      case "any" -> Condition.CouponMatch.ANY;
      case "none" -> Condition.CouponMatch.NONE;
      case "own" -> Condition.CouponMatch.PUBLISHERS_OWN;
      default ->
          throw new IllegalArgumentException(
              "'" + text + "' is not one of any|none|own (for given codes, use couponCode)");
    };
  }

  private static String couponWord(Condition.CouponMatch match) {
    return switch (match) {
      case ANY -> "any";
      case NONE -> "none";
      case PUBLISHERS_OWN -> "own";
      case ONE_OF -> throw new IllegalArgumentException("codes are written as couponCode");
    };
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a decimal number such as 6.5", e);
    }
  }

  private static Money positive(Money amount) {
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("must be above zero, not " + amount.toDecimalString());
    }
    return amount;
  }

  private static Map<String, Object> range(@Nullable Money min, @Nullable Money max) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (min != null) {
      out.put("min", min.toDecimalString());
    }
    if (max != null) {
      out.put("max", max.toDecimalString());
    }
    return out;
  }

  private static <E extends Enum<E>> List<String> names(Set<E> values) {
    return values.stream().sorted().map(WireEnum::wireName).toList();
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
