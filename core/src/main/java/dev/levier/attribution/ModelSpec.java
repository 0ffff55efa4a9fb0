package dev.levier.attribution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which attribution model to run and with what settings, as people write them: a name such as
 * {@code position} and options such as {@code position=30/40/30}. The command line, the API and the
 * commission processor all read models through here, so that a name means the same model everywhere
 * and a mistake gets the same message.
 *
 * <p>Options, and the models they apply to:
 *
 * <ul>
 *   <li>{@code order}: how many past channels a Markov chain state remembers, 1 to {@value
 *       #MAX_ORDER}; 1 by default.
 *   <li>{@code half-life-days}: after how many days a touch counts half in {@code time-decay}; a
 *       positive decimal, 7 by default.
 *   <li>{@code position}: the first, middle and last shares of {@code position} in percent, such as
 *       {@code 40/20/40} (the default); they add up to 100.
 *   <li>{@code roles}: the introducer, assist and closer shares of the role-based model in percent,
 *       such as {@code 30/20/50} (the default); they add up to 100.
 *   <li>{@code multi-role}: what a channel holding several roles gets in the role-based model:
 *       {@code sum} (the default) or {@code strongest}.
 * </ul>
 *
 * <p>Settings of the other models are kept at their defaults, so two specs of the same model with
 * the same settings are equal.
 *
 * @param kind the model
 * @param order Markov chain order
 * @param halfLifeDays time-decay half-life
 * @param position position-based shares
 * @param roles role-based shares: introducer, assist, closer
 * @param multiRole role-based, for a channel with several roles
 */
public record ModelSpec(
    Kind kind,
    int order,
    double halfLifeDays,
    Shares position,
    Shares roles,
    RoleBased.MultiRole multiRole) {

  /**
   * The highest Markov order accepted: with a dozen channels, order 4 already has some twenty
   * thousand states, more than most path summaries have distinct paths to estimate them from.
   */
  public static final int MAX_ORDER = 4;

  /** The option names {@link #parse} knows. */
  public static final List<String> OPTIONS =
      List.of("order", "half-life-days", "position", "roles", "multi-role");

  /** The models, by the name people write. */
  public enum Kind {
    LAST,
    FIRST,
    LINEAR,
    TIME_DECAY,
    POSITION,
    ROLE,
    MARKOV,
    SHAPLEY,
    SHAPLEY_ORDERED;

    /** The name as written: {@code time-decay}, {@code shapley-ordered}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
      return wireName();
    }

    /** All names, joined for a message: {@code last|first|...}. */
    public static String allowed() {
      return Arrays.stream(values()).map(Kind::wireName).collect(Collectors.joining("|"));
    }
  }

  /**
   * Three shares of a whole, as fractions: first, middle and last for {@code position}; introducer,
   * assist and closer for {@code role}.
   */
  public record Shares(double first, double middle, double last) {

    public Shares {
      Numbers.checkShares("shares", new String[] {"first", "middle", "last"}, first, middle, last);
    }

    /** {@code 40/20/40}. */
    @Override
    public String toString() {
      return Numbers.percent(first) + "/" + Numbers.percent(middle) + "/" + Numbers.percent(last);
    }
  }

  public ModelSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(roles, "roles");
    Objects.requireNonNull(multiRole, "multiRole");
    if (order < 1 || order > MAX_ORDER) {
      throw new ModelSpecException(
          "order", "must be a whole number from 1 to " + MAX_ORDER + ", not " + order);
    }
    if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
      throw new ModelSpecException(
          "half-life-days", "must be a positive number of days, not " + halfLifeDays);
    }
  }

  private static final Shares DEFAULT_POSITION =
      new Shares(
          PositionBased.DEFAULT.first(),
          PositionBased.DEFAULT.middle(),
          PositionBased.DEFAULT.last());
  private static final Shares DEFAULT_ROLES =
      new Shares(
          RoleBased.DEFAULT.introducer(), RoleBased.DEFAULT.assist(), RoleBased.DEFAULT.closer());

  /** A model with its default settings. */
  public static ModelSpec of(Kind kind) {
    return new ModelSpec(
        kind,
        1,
        TimeDecay.DEFAULT_HALF_LIFE_DAYS,
        DEFAULT_POSITION,
        DEFAULT_ROLES,
        RoleBased.DEFAULT.multiRole());
  }

  /**
   * A model from its name and options, keyed by the names in {@link #OPTIONS}.
   *
   * @throws ModelSpecException naming the option, if the name is unknown, an option is unknown or
   *     does not apply to the model, or a value cannot be read
   */
  public static ModelSpec parse(String model, Map<String, String> options) {
    Objects.requireNonNull(model, "model");
    Kind kind =
        Arrays.stream(Kind.values())
            .filter(k -> k.wireName().equals(model.strip()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ModelSpecException(
                        "model", "'" + model + "' is not one of " + Kind.allowed()));
    for (String option : options.keySet()) {
      Kind owner = modelOf(option);
      if (owner != kind) {
        throw new ModelSpecException(
            option, "applies only to " + owner + ", not to " + kind.wireName());
      }
    }
    return withOptions(kind, options);
  }

  /**
   * Every model, each with the options that apply to it; for comparing the models side by side.
   *
   * @throws ModelSpecException naming the option, if an option is unknown or cannot be read
   */
  public static List<ModelSpec> parseAll(Map<String, String> options) {
    options.keySet().forEach(ModelSpec::modelOf);
    List<ModelSpec> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      all.add(withOptions(kind, options));
    }
    return all;
  }

  /** The model's name as written: {@code time-decay}. */
  public String name() {
    return kind.wireName();
  }

  /** The model these settings describe. */
  public AttributionModel toModel() {
    return switch (kind) {
      case LAST -> new LastTouch();
      case FIRST -> new FirstTouch();
      case LINEAR -> new Linear();
      case TIME_DECAY -> new TimeDecay(halfLifeDays);
      case POSITION -> new PositionBased(position.first(), position.middle(), position.last());
      case ROLE -> new RoleBased(roles.first(), roles.middle(), roles.last(), multiRole);
      case MARKOV -> new MarkovChain(order);
      case SHAPLEY -> new Shapley(false);
      case SHAPLEY_ORDERED -> new Shapley(true);
    };
  }

  /**
   * The model an option belongs to: {@code order} to {@code markov}, {@code multi-role} to {@code
   * role}.
   *
   * @throws ModelSpecException if there is no such option
   */
  public static Kind modelOf(String option) {
    return switch (option) {
      case "order" -> Kind.MARKOV;
      case "half-life-days" -> Kind.TIME_DECAY;
      case "position" -> Kind.POSITION;
      case "roles", "multi-role" -> Kind.ROLE;
      default ->
          throw new ModelSpecException(
              option, "is not an option; the options are " + String.join(", ", OPTIONS));
    };
  }

  private static ModelSpec withOptions(Kind kind, Map<String, String> options) {
    ModelSpec defaults = of(kind);
    int order = defaults.order();
    double halfLife = defaults.halfLifeDays();
    Shares position = defaults.position();
    Shares roles = defaults.roles();
    RoleBased.MultiRole multiRole = defaults.multiRole();
    for (Map.Entry<String, String> option : options.entrySet()) {
      Kind owner = modelOf(option.getKey());
      if (owner != kind) {
        continue;
      }
      String text = option.getValue().strip();
      switch (option.getKey()) {
        case "order" -> order = order(text);
        case "half-life-days" -> halfLife = halfLife(text);
        case "position" -> position = shares("position", text, "first/middle/last");
        case "roles" -> roles = shares("roles", text, "introducer/assist/closer");
        case "multi-role" -> multiRole = multiRole(text);
        default -> throw new IllegalStateException("an option without a reader: " + option);
      }
    }
    return new ModelSpec(kind, order, halfLife, position, roles, multiRole);
  }

  private static int order(String text) {
    try {
      int order = Integer.parseInt(text);
      if (order >= 1 && order <= MAX_ORDER) {
        return order;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new ModelSpecException(
        "order", "must be a whole number from 1 to " + MAX_ORDER + ", not '" + text + "'");
  }

  private static double halfLife(String text) {
    BigDecimal days = decimal(text);
    if (days == null || days.signum() <= 0 || days.compareTo(BigDecimal.valueOf(36_500)) > 0) {
      throw new ModelSpecException(
          "half-life-days",
          "must be a number of days above 0 and at most 36500, such as 7 or 0.5, not '"
              + text
              + "'");
    }
    return days.doubleValue();
  }

  /** Three percentages written {@code a/b/c}, each 0 to 100, adding up to 100 exactly. */
  private static Shares shares(String option, String text, String parts) {
    String[] fields = text.split("/", -1);
    String expected = "three percentages " + parts + " adding up to 100, such as ";
    String example = option.equals("position") ? "40/20/40" : "30/20/50";
    if (fields.length != 3) {
      throw new ModelSpecException(option, expected + example + ", not '" + text + "'");
    }
    BigDecimal[] percents = new BigDecimal[3];
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < 3; i++) {
      BigDecimal percent = decimal(fields[i].strip());
      if (percent == null || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new ModelSpecException(
            option,
            "'" + fields[i].strip() + "' is not a percentage from 0 to 100 (in '" + text + "')");
      }
      percents[i] = percent;
      total = total.add(percent);
    }
    if (total.compareTo(BigDecimal.valueOf(100)) != 0) {
      throw new ModelSpecException(
          option,
          "the shares "
              + parts
              + " must add up to 100, not "
              + total.stripTrailingZeros().toPlainString()
              + " ('"
              + text
              + "')");
    }
    return new Shares(
        percents[0].movePointLeft(2).doubleValue(),
        percents[1].movePointLeft(2).doubleValue(),
        percents[2].movePointLeft(2).doubleValue());
  }

  private static RoleBased.MultiRole multiRole(String text) {
    for (RoleBased.MultiRole value : RoleBased.MultiRole.values()) {
      if (value.toString().equals(text)) {
        return value;
      }
    }
    throw new ModelSpecException("multi-role", "must be sum or strongest, not '" + text + "'");
  }

  /** A plain decimal of zero or more ({@code 7}, {@code 0.5}), or null. */
  private static @Nullable BigDecimal decimal(String text) {
    if (!text.matches("\\d+(\\.\\d+)?|\\.\\d+")) {
      return null;
    }
    return new BigDecimal(text);
  }
}
