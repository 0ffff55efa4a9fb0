package dev.levier.rtb;

import static java.util.Objects.requireNonNull;

import dev.levier.geo.CountryCode;
import dev.levier.http.JsonInput;
import dev.levier.http.Parsers;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import java.math.BigDecimal;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads line items and creatives, from an API body and from the JSON documents stored for them, by
 * the same rules: what was accepted once reads back the same way. Amounts are decimal strings in
 * the campaign's currency ({@code "2.50"}); problems are named by their path ({@code
 * lineItems[0].targeting.hours[1]}).
 */
final class CampaignInput {
  static final String[] LINE_ITEM_FIELDS = {
    "name",
    "start",
    "end",
    "dailyBudget",
    "totalBudget",
    "pacing",
    "bidStrategy",
    "maxBid",
    "frequencyCaps",
    "targeting",
    "creatives"
  };
  static final String[] STRATEGY_FIELDS = {"kind", "cpm", "cpc", "cpa", "roas", "orderValue"};
  static final String[] CAPS_FIELDS = {"perHour", "perDay", "perFlight"};
  static final String[] TARGETING_FIELDS = {
    "countries",
    "regions",
    "cities",
    "deviceTypes",
    "operatingSystems",
    "browsers",
    "domains",
    "blockedDomains",
    "bundles",
    "blockedBundles",
    "categories",
    "formats",
    "deals",
    "days",
    "hours",
    "segments"
  };
  static final String[] CREATIVE_FIELDS = {
    "format",
    "width",
    "height",
    "markup",
    "adomain",
    "categories",
    "attributes",
    "durationSeconds",
    "protocols",
    "mimes",
    "landingUrl",
    "bundle"
  };
  private static final Pattern CATEGORY = Pattern.compile("IAB[0-9]{1,2}(-[0-9]{1,2})?");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");
  private static final int MAX_LIST = 1000;

  private CampaignInput() {}

  /**
   * A line item as read, without its ids.
   *
   * @param creatives the ids of the campaign's creatives it serves; empty for all of them
   */
  record Draft(
      String name,
      Instant start,
      Instant end,
      long dailyBudgetMicros,
      long totalBudgetMicros,
      dev.levier.rtb.Pacing pacing,
      BidStrategy strategy,
      long maxBidCpmMicros,
      FrequencyCaps caps,
      Targeting targeting,
      List<String> creatives) {

    LineItem toLineItem(
        String id,
        String campaignId,
        String advertiserId,
        CurrencyUnit currency,
        ZoneId zone,
        List<Creative> creatives) {
      return new LineItem(
          id,
          campaignId,
          advertiserId,
          currency,
          zone,
          start,
          end,
          dailyBudgetMicros,
          totalBudgetMicros,
          pacing,
          strategy,
          maxBidCpmMicros,
          caps,
          targeting,
          creatives);
    }
  }

  /** Reads one line item; null if any problem was recorded in {@code in}. */
  static @Nullable Draft lineItem(JsonInput in, CurrencyUnit currency) {
    String name = in.requiredText("name", 200);
    Instant start = in.required("start", Parsers::instant);
    Instant end = in.required("end", Parsers::instant);
    if (start != null && end != null && !end.isAfter(start)) {
      in.reject("end", "must be after start");
    }
    Long daily = in.required("dailyBudget", t -> amount(t, currency));
    Long total = in.required("totalBudget", t -> amount(t, currency));
    if (daily != null && total != null && daily > total) {
      in.reject("dailyBudget", "must not be more than totalBudget");
    }
    dev.levier.rtb.Pacing pacing =
        in.optional("pacing", t -> WireEnum.require(dev.levier.rtb.Pacing.class, t));
    Long maxBid = in.required("maxBid", t -> amount(t, currency));
    BidStrategy strategy = null;
    JsonInput s = in.object("bidStrategy", STRATEGY_FIELDS);
    if (s == null) {
      in.requirePresent("bidStrategy");
    } else {
      strategy = strategy(s, currency);
    }
    FrequencyCaps caps = FrequencyCaps.NONE;
    JsonInput c = in.object("frequencyCaps", CAPS_FIELDS);
    if (c != null) {
      caps =
          new FrequencyCaps(
              c.integer("perHour", 0, 1_000_000, 0),
              c.integer("perDay", 0, 1_000_000, 0),
              c.integer("perFlight", 0, 1_000_000, 0));
    }
    Targeting targeting = Targeting.ANY;
    JsonInput t = in.object("targeting", TARGETING_FIELDS);
    if (t != null) {
      targeting = targeting(t);
    }
    List<String> creatives = in.list("creatives", 1, 50, id -> Parsers.publicId("crv", id));
    if (in.hasErrors()) {
      return null;
    }
    return new Draft(
        requireNonNull(name),
        requireNonNull(start),
        requireNonNull(end),
        requireNonNull(daily),
        requireNonNull(total),
        pacing == null ? dev.levier.rtb.Pacing.EVEN : pacing,
        requireNonNull(strategy),
        requireNonNull(maxBid),
        caps,
        targeting,
        creatives == null ? List.of() : List.copyOf(creatives));
  }

  private static @Nullable BidStrategy strategy(JsonInput s, CurrencyUnit currency) {
    String kind = s.requiredText("kind", 20);
    if (kind == null) {
      return null;
    }
    Function<String, Long> money = t -> amount(t, currency);
    return switch (kind) {
      case "fixed-cpm" -> {
        Long cpm = s.required("cpm", money);
        yield cpm == null ? null : new BidStrategy.FixedCpm(cpm);
      }
      case "target-cpc" -> {
        Long cpc = s.required("cpc", money);
        yield cpc == null ? null : new BidStrategy.TargetCpc(cpc);
      }
      case "target-cpa" -> {
        Long cpa = s.required("cpa", money);
        yield cpa == null ? null : new BidStrategy.TargetCpa(cpa);
      }
      case "target-roas" -> {
        BigDecimal roas = s.required("roas", CampaignInput::ratio);
        Long orderValue = s.required("orderValue", money);
        yield roas == null || orderValue == null
            ? null
            : new BidStrategy.TargetRoas(roas, orderValue);
      }
      default -> {
        s.reject(
            "kind", "'" + kind + "' is not one of fixed-cpm|target-cpc|target-cpa|target-roas");
        yield null;
      }
    };
  }

  private static Targeting targeting(JsonInput t) {
    List<CountryCode> countries = t.list("countries", 0, 300, CountryCode::of);
    List<String> regions = t.list("regions", 0, MAX_LIST, CampaignInput::token);
    List<String> cities = t.list("cities", 0, MAX_LIST, CampaignInput::name);
    List<Integer> deviceTypes = t.integers("deviceTypes", 8, 1, 8);
    List<String> systems = t.list("operatingSystems", 0, 100, CampaignInput::token);
    List<String> browsers = t.list("browsers", 0, 100, CampaignInput::token);
    List<String> domains = t.list("domains", 0, MAX_LIST, CampaignInput::token);
    List<String> blockedDomains = t.list("blockedDomains", 0, MAX_LIST, CampaignInput::token);
    List<String> bundles = t.list("bundles", 0, MAX_LIST, CampaignInput::token);
    List<String> blockedBundles = t.list("blockedBundles", 0, MAX_LIST, CampaignInput::token);
    List<String> categories = t.list("categories", 0, 500, CampaignInput::category);
    List<AdFormat> formats = t.list("formats", 0, 3, f -> WireEnum.require(AdFormat.class, f));
    List<String> deals = t.list("deals", 0, MAX_LIST, CampaignInput::token);
    List<DayOfWeek> days =
        t.list("days", 0, 7, d -> WireEnum.require(DayOfWeek.class, d.toLowerCase(Locale.ROOT)));
    List<Integer> hours = t.integers("hours", 24, 0, 23);
    List<String> segments = t.list("segments", 0, MAX_LIST, CampaignInput::token);
    return new Targeting(
        set(countries),
        set(regions),
        set(cities),
        set(deviceTypes),
        set(systems),
        set(browsers),
        set(domains),
        set(blockedDomains),
        set(bundles),
        set(blockedBundles),
        set(categories),
        set(formats),
        set(deals),
        set(days),
        set(hours),
        set(segments));
  }

  /** Reads one creative; null if any problem was recorded in {@code in}. */
  static @Nullable Creative creative(JsonInput in, String id) {
    AdFormat format = in.required("format", f -> WireEnum.require(AdFormat.class, f));
    int width = in.integer("width", 0, 10_000, 0);
    int height = in.integer("height", 0, 10_000, 0);
    String markup = in.requiredText("markup", 30_000);
    List<String> adomain = in.list("adomain", 1, 10, CampaignInput::token);
    if (adomain == null) {
      in.requirePresent("adomain");
    }
    List<String> categories = in.list("categories", 0, 20, CampaignInput::category);
    List<Integer> attributes = in.integers("attributes", 20, 1, 99);
    int duration = in.integer("durationSeconds", 0, 3600, 0);
    List<Integer> protocols = in.integers("protocols", 20, 1, 99);
    List<String> mimes = in.list("mimes", 0, 20, CampaignInput::token);
    String landing = in.required("landingUrl", CampaignInput::landingUrl);
    String bundle = in.optional("bundle", CampaignInput::token);
    if (format == AdFormat.BANNER && (width == 0 || height == 0)) {
      in.reject("width", "a banner needs its width and height");
    }
    if (format == AdFormat.VIDEO && duration == 0) {
      in.reject("durationSeconds", "a video needs its duration");
    }
    if (in.hasErrors()) {
      return null;
    }
    return new Creative(
        id,
        requireNonNull(format),
        width,
        height,
        requireNonNull(markup),
        requireNonNull(adomain),
        categories == null ? List.of() : categories,
        set(attributes),
        duration,
        set(protocols),
        set(mimes),
        requireNonNull(landing),
        bundle);
  }

  private static <T> Set<T> set(@Nullable List<T> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }

  /** An amount above zero in the currency, as micros. */
  static long amount(String text, CurrencyUnit currency) {
    Money money = Money.parse(text, currency);
    if (!money.isPositive()) {
      throw new IllegalArgumentException("must be above zero");
    }
    return Micros.of(money);
  }

  private static BigDecimal ratio(String text) {
    try {
      BigDecimal value = new BigDecimal(text);
      if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(1000)) > 0) {
        throw new IllegalArgumentException("must be above 0 and at most 1000");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a decimal number such as \"4\" or \"2.5\"", e);
    }
  }

  private static String token(String text) {
    if (!TOKEN.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 100 letters, digits or . _ : / -, not '" + shorten(text) + "'");
    }
    return text;
  }

  private static String name(String text) {
    if (text.length() > 100) {
      throw new IllegalArgumentException("must be at most 100 characters");
    }
    return text;
  }

  private static String category(String text) {
    if (!CATEGORY.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + shorten(text) + "' is not an IAB content category such as IAB3 or IAB3-1");
    }
    return text;
  }

  private static String landingUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL", e);
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("must be an absolute http(s) URL");
    }
    return text;
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
