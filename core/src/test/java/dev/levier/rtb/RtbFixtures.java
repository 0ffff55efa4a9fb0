package dev.levier.rtb;

import dev.levier.money.CurrencyUnit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Line items, creatives and auctions for the bidder's tests. */
final class RtbFixtures {
  static final Instant NOW = Instant.parse("2026-03-04T10:15:00Z");

  private RtbFixtures() {}

  static Creative banner(String id, int w, int h) {
    return new Creative(
        id,
        AdFormat.BANNER,
        w,
        h,
        "<a href=\"${CLICK_URL}\"><img src=\"https://cdn.example/" + id + ".png\"></a>",
        List.of("shop.example"),
        List.of("IAB22-1"),
        Set.of(),
        0,
        Set.of(),
        Set.of(),
        "https://shop.example/",
        null);
  }

  /** Targeting of countries, operating systems and site domains only. */
  static Targeting targeting(
      Set<dev.levier.geo.CountryCode> countries, Set<String> systems, Set<String> domains) {
    return new Targeting(
        countries, Set.of(), Set.of(), Set.of(), systems, Set.of(), domains, Set.of(), Set.of(),
        Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
  }

  static LineItem lineItem(
      String id, CurrencyUnit currency, BidStrategy strategy, Targeting targeting) {
    return lineItem(id, currency, strategy, targeting, FrequencyCaps.NONE, 100_000_000L);
  }

  static LineItem lineItem(
      String id,
      CurrencyUnit currency,
      BidStrategy strategy,
      Targeting targeting,
      FrequencyCaps caps,
      long dailyMicros) {
    return new LineItem(
        id,
        "cmp_1",
        "adv_1",
        currency,
        ZoneOffset.UTC,
        NOW.minusSeconds(86_400),
        NOW.plusSeconds(30 * 86_400L),
        dailyMicros,
        dailyMicros * 30,
        Pacing.ASAP,
        strategy,
        10_000_000L,
        caps,
        targeting,
        List.of(banner(id + "-c", 300, 250)));
  }

  static Opportunity bannerSlot(long floorMicros) {
    return new Opportunity(
        "1",
        "tag-1",
        new Opportunity.BannerSlot(List.of(new Opportunity.Size(300, 250))),
        null,
        false,
        floorMicros,
        Set.of(),
        List.of(),
        false);
  }

  static Auction auction(
      CurrencyUnit currency, boolean firstPrice, @Nullable String user, Opportunity... slots) {
    return new Auction(
        "req-1",
        firstPrice,
        currency,
        NOW,
        dev.levier.geo.CountryCode.of("FR"),
        "FR-75",
        "Paris",
        2,
        "macos",
        "safari",
        "news.example",
        null,
        Set.of("IAB3-1"),
        user,
        Set.of(),
        user != null,
        Set.of(),
        Set.of(),
        Set.of(),
        List.of(slots));
  }
}
