package dev.levier.rtb;

import static dev.levier.rtb.RtbFixtures.NOW;
import static dev.levier.rtb.RtbFixtures.auction;
import static dev.levier.rtb.RtbFixtures.bannerSlot;
import static dev.levier.rtb.RtbFixtures.lineItem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.finance.ExchangeRate;
import dev.levier.finance.RateTable;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class BidderTest {
  private static final RateTable FX =
      RateTable.of(
          List.of(
              new ExchangeRate(
                  CurrencyUnit.EUR,
                  CurrencyUnit.USD,
                  new BigDecimal("1.25"),
                  LocalDate.of(2026, 1, 1))));

  private final Map<String, Budget> budgets = new HashMap<>();
  private final Bidder bidder =
      new Bidder(
          budgets::get,
          new FrequencyCounter(1000),
          new SmoothedRates(0.002, 0.05, 1000),
          new BidShading());

  /** The bids for one 300×250 banner without floor, second price, for the user. */
  private List<Bid> banner(TargetingIndex index, CurrencyUnit currency, @Nullable String user) {
    return bidder.bid(auction(currency, false, user, bannerSlot(0)), index, FX);
  }

  private TargetingIndex index(LineItem... items) {
    for (LineItem item : items) {
      budgets.put(
          item.id(),
          new Budget(
              item.dailyBudgetMicros(),
              item.totalBudgetMicros(),
              item.pacing(),
              ZoneOffset.UTC,
              0,
              0,
              NOW));
    }
    return TargetingIndex.of(List.of(items));
  }

  @Test
  void aFixedCpmIsConvertedIntoTheAuctionsCurrencyAndComparedWithTheFloor() {
    TargetingIndex index =
        index(
            lineItem("li_a", CurrencyUnit.EUR, new BidStrategy.FixedCpm(2_000_000), Targeting.ANY));
    List<Bid> bids =
        bidder.bid(auction(CurrencyUnit.USD, false, null, bannerSlot(2_400_000)), index, FX);
    assertThat(bids)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.priceCpmMicros()).isEqualTo(2_500_000);
              assertThat(b.reservedMicros()).isEqualTo(2_000);
            });
    assertThat(bidder.bid(auction(CurrencyUnit.USD, false, null, bannerSlot(2_600_000)), index, FX))
        .isEmpty();
  }

  @Test
  void theMostValuableLineItemBidsAndNoneAboveItsHighestBid() {
    TargetingIndex index =
        index(
            lineItem(
                "li_low", CurrencyUnit.EUR, new BidStrategy.FixedCpm(1_000_000), Targeting.ANY),
            lineItem(
                "li_high", CurrencyUnit.EUR, new BidStrategy.FixedCpm(50_000_000), Targeting.ANY));
    Bid bid = banner(index, CurrencyUnit.EUR, null).get(0);
    assertThat(bid.lineItem().id()).isEqualTo("li_high");
    assertThat(bid.priceCpmMicros()).isEqualTo(10_000_000);
  }

  @Test
  void aTargetCpaIsWorthClickRateTimesConversionRateTimesTheCpa() {
    TargetingIndex index =
        index(
            lineItem(
                "li_cpa", CurrencyUnit.EUR, new BidStrategy.TargetCpa(50_000_000), Targeting.ANY));
    Bid bid = banner(index, CurrencyUnit.EUR, null).get(0);
    // 0.002 × 0.05 × 50 EUR × 1000 = 5 EUR CPM
    assertThat(bid.priceCpmMicros()).isEqualTo(5_000_000);
  }

  @Test
  void targetingCountryDayAndSegmentsDecide() {
    Targeting germany =
        new Targeting(
            Set.of(CountryCode.of("DE")),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of());
    Targeting wednesdayMorningNews =
        new Targeting(
            Set.of(CountryCode.of("FR")),
            Set.of("fr-75"),
            Set.of("paris"),
            Set.of(2),
            Set.of("macOS"),
            Set.of(),
            Set.of("example"),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of("IAB3"),
            Set.of(AdFormat.BANNER),
            Set.of(),
            Set.of(DayOfWeek.WEDNESDAY),
            Set.of(10),
            Set.of());
    Targeting segment =
        new Targeting(
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of("s1"));
    Auction auction = auction(CurrencyUnit.EUR, false, null, bannerSlot(0));
    assertThat(germany.matches(auction, ZoneOffset.UTC)).isFalse();
    assertThat(wednesdayMorningNews.matches(auction, ZoneOffset.UTC)).isTrue();
    assertThat(wednesdayMorningNews.matches(auction, java.time.ZoneId.of("Asia/Tokyo"))).isFalse();
    // Segments are personal data: without consent, no segment matches.
    assertThat(segment.matches(auction, ZoneOffset.UTC)).isFalse();
  }

  @Test
  void blockedCategoriesAdvertisersAndAttributesRefuseTheCreative() {
    Creative creative = RtbFixtures.banner("c", 300, 250);
    Opportunity slot = bannerSlot(0);
    Auction open = auction(CurrencyUnit.EUR, false, null, slot);
    assertThat(creative.fits(slot, open)).isTrue();
    assertThat(creative.fits(slot, blocking(slot, Set.of("IAB22"), Set.of(), Set.of()))).isFalse();
    assertThat(creative.fits(slot, blocking(slot, Set.of(), Set.of("shop.example"), Set.of())))
        .isFalse();
    Creative expanding =
        new Creative(
            "x",
            AdFormat.BANNER,
            300,
            250,
            "",
            List.of(),
            List.of(),
            Set.of(14),
            0,
            Set.of(),
            Set.of(),
            "https://shop.example/",
            null);
    Opportunity noExpanding =
        new Opportunity("1", "t", slot.banner(), null, false, 0, Set.of(14), List.of(), false);
    assertThat(expanding.fits(noExpanding, open)).isFalse();
  }

  /** An auction whose request blocks these categories, advertiser domains and advertised apps. */
  private static Auction blocking(
      Opportunity slot, Set<String> bcat, Set<String> badv, Set<String> bapp) {
    return new Auction(
        "req-blocks",
        false,
        CurrencyUnit.EUR,
        NOW,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        Set.of(),
        null,
        Set.of(),
        false,
        bcat,
        badv,
        bapp,
        List.of(slot));
  }

  @Test
  void aCreativeOfABlockedAppIsNotBidButAnotherCreativeOfTheLineItemIs() {
    Opportunity slot = bannerSlot(0);
    Creative app = appBanner("c-app", "com.example.Game");
    Creative page = RtbFixtures.banner("c-page", 300, 250);
    assertThat(app.bundle())
        .as("app-store ids compare in lower case")
        .isEqualTo("com.example.game");
    assertThat(app.fits(slot, blocking(slot, Set.of(), Set.of(), Set.of("com.example.game"))))
        .isFalse();
    assertThat(app.fits(slot, blocking(slot, Set.of(), Set.of(), Set.of("com.other.app"))))
        .isTrue();
    assertThat(page.fits(slot, blocking(slot, Set.of(), Set.of(), Set.of("com.example.game"))))
        .as("an ad of a web page advertises no app")
        .isTrue();

    LineItem base =
        lineItem("li_app", CurrencyUnit.EUR, new BidStrategy.FixedCpm(2_000_000), Targeting.ANY);
    LineItem item =
        new LineItem(
            base.id(),
            base.campaignId(),
            base.advertiserId(),
            base.currency(),
            base.zone(),
            base.start(),
            base.end(),
            base.dailyBudgetMicros(),
            base.totalBudgetMicros(),
            base.pacing(),
            base.strategy(),
            base.maxBidCpmMicros(),
            base.caps(),
            base.targeting(),
            List.of(app, page));
    TargetingIndex index = index(item);
    assertThat(bidder.bid(blocking(slot, Set.of(), Set.of(), Set.of()), index, FX))
        .singleElement()
        .satisfies(b -> assertThat(b.creative().id()).isEqualTo("c-app"));
    assertThat(
            bidder.bid(blocking(slot, Set.of(), Set.of(), Set.of("com.example.game")), index, FX))
        .singleElement()
        .satisfies(b -> assertThat(b.creative().id()).isEqualTo("c-page"));
  }

  private static Creative appBanner(String id, String bundle) {
    Creative page = RtbFixtures.banner(id, 300, 250);
    return new Creative(
        id,
        page.format(),
        page.width(),
        page.height(),
        page.markup(),
        page.adomain(),
        page.categories(),
        page.attributes(),
        page.durationSeconds(),
        page.protocols(),
        page.mimes(),
        page.landingUrl(),
        bundle);
  }

  @Test
  void aPrivateAuctionTakesOnlyItsDealsAtTheDealsFloor() {
    Targeting deal =
        new Targeting(
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of("AB-1"),
            Set.of(),
            Set.of(),
            Set.of());
    TargetingIndex index =
        index(
            lineItem(
                "li_open", CurrencyUnit.EUR, new BidStrategy.FixedCpm(9_000_000), Targeting.ANY),
            lineItem("li_deal", CurrencyUnit.EUR, new BidStrategy.FixedCpm(3_000_000), deal));
    Opportunity pmp =
        new Opportunity(
            "1",
            "t",
            bannerSlot(0).banner(),
            null,
            false,
            30_000,
            Set.of(),
            List.of(new Opportunity.Deal("AB-1", 2_500_000, 2)),
            true);
    Bid bid = bidder.bid(auction(CurrencyUnit.EUR, true, null, pmp), index, FX).get(0);
    assertThat(bid.lineItem().id()).isEqualTo("li_deal");
    assertThat(bid.dealId()).isEqualTo("AB-1");
    // The deal is second price: the value is bid, unshaded.
    assertThat(bid.priceCpmMicros()).isEqualTo(3_000_000);
  }

  @Test
  void aCappedLineItemBidsOnlyForAKnownUserAndStopsAtTheCap() {
    TargetingIndex index =
        index(
            lineItem(
                "li_cap",
                CurrencyUnit.EUR,
                new BidStrategy.FixedCpm(1_000_000),
                Targeting.ANY,
                new FrequencyCaps(2, 0, 0),
                100_000_000L));
    assertThat(banner(index, CurrencyUnit.EUR, null)).isEmpty();
    for (int i = 0; i < 2; i++) {
      assertThat(banner(index, CurrencyUnit.EUR, "u1")).hasSize(1);
    }
    assertThat(banner(index, CurrencyUnit.EUR, "u1")).isEmpty();
    assertThat(banner(index, CurrencyUnit.EUR, "u2")).hasSize(1);
    bidder.caps().uncount("li_cap", "u1", NOW);
    assertThat(banner(index, CurrencyUnit.EUR, "u1")).hasSize(1);
  }

  @Test
  void aLineItemWithoutARateIntoTheAuctionsCurrencyDoesNotBid() {
    TargetingIndex index =
        index(
            lineItem(
                "li_gbp", CurrencyUnit.GBP, new BidStrategy.FixedCpm(2_000_000), Targeting.ANY));
    assertThat(banner(index, CurrencyUnit.USD, null)).isEmpty();
  }

  @Test
  void firstPriceBidsAreShadedOnceWinRatesAreKnown() {
    BidShading shading = new BidShading();
    assertThat(shading.shade(10_000_000, 0)).isEqualTo(10_000_000);
    // Bids at 6 EUR and above always won, bids below 5 EUR never did.
    for (int i = 0; i < 200; i++) {
      shading.observe(6_000_000 + i * 20_000L, true);
      shading.observe(4_000_000 + i * 5_000L, false);
    }
    long shaded = shading.shade(10_000_000, 0);
    assertThat(shaded).isBetween(6_000_000L, 7_000_000L);
    assertThat(shading.shade(10_000_000, 9_000_000)).isBetween(9_000_000L, 10_000_000L);
  }

  /**
   * Regression: the bids of test auctions were counted as bids that never won, so an exchange's
   * test traffic taught the shading to bid lower.
   */
  @Test
  void aWithdrawnBidTeachesTheShadingNothing() {
    BidShading shading = new BidShading();
    for (int i = 0; i < 200; i++) {
      shading.observe(6_000_000 + i * 20_000L, true);
      shading.observe(4_000_000 + i * 5_000L, false);
    }
    long shaded = shading.shade(10_000_000, 0);
    for (int i = 0; i < 10_000; i++) {
      shading.bid(6_500_000);
      shading.withdrawn(6_500_000);
    }
    assertThat(shading.shade(10_000_000, 0)).isEqualTo(shaded);
    assertThat(shading.unsaved().stream().mapToLong(BidShading.Count::bids).sum()).isEqualTo(400);
  }

  @Test
  void smoothedRatesStartFromThePriorAndMoveToWhatIsSeen() {
    SmoothedRates rates = new SmoothedRates(0.001, 0.05, 1000);
    List<String> levels = SmoothedRates.levels("banner", "tag-1", "");
    assertThat(rates.predict(levels).clickRate()).isEqualTo(0.001);
    for (int i = 0; i < 100_000; i++) {
      rates.impression(levels);
      if (i % 100 == 0) {
        rates.click(levels);
      }
    }
    assertThat(rates.predict(levels).clickRate())
        .isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.0005));
    assertThat(rates.predict(SmoothedRates.levels("banner", "other", "")).clickRate())
        .isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.0005));
  }

  @Test
  void theIndexFindsLineItemsByCountryAndByDomainWithItsParents() {
    Targeting franceNews =
        new Targeting(
            Set.of(CountryCode.of("FR")),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of("news.example"),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of());
    LineItem anywhere =
        lineItem("li_any", CurrencyUnit.EUR, new BidStrategy.FixedCpm(1_000_000), Targeting.ANY);
    LineItem news =
        lineItem("li_news", CurrencyUnit.EUR, new BidStrategy.FixedCpm(1_000_000), franceNews);
    TargetingIndex index = TargetingIndex.of(List.of(anywhere, news));
    assertThat(index.candidates(AdFormat.BANNER, CountryCode.of("FR"), "www.news.example"))
        .containsExactlyInAnyOrder(anywhere, news);
    assertThat(index.candidates(AdFormat.BANNER, CountryCode.of("FR"), "othernews.example"))
        .containsExactly(anywhere);
    assertThat(index.candidates(AdFormat.BANNER, CountryCode.of("DE"), "news.example"))
        .containsExactly(anywhere);
    assertThat(index.candidates(AdFormat.BANNER, null, null)).containsExactly(anywhere);
    assertThat(index.candidates(AdFormat.VIDEO, CountryCode.of("FR"), "news.example")).isEmpty();
  }

  @Test
  void bannerCandidatesAreThoseWithACreativeOfASizeTheSlotTakesEachOnce() {
    LineItem medium =
        lineItem("li_medium", CurrencyUnit.EUR, new BidStrategy.FixedCpm(1_000_000), Targeting.ANY);
    LineItem twoSizes =
        new LineItem(
            "li_two",
            medium.campaignId(),
            medium.advertiserId(),
            medium.currency(),
            medium.zone(),
            medium.start(),
            medium.end(),
            medium.dailyBudgetMicros(),
            medium.totalBudgetMicros(),
            medium.pacing(),
            medium.strategy(),
            medium.maxBidCpmMicros(),
            medium.caps(),
            medium.targeting(),
            List.of(RtbFixtures.banner("c-lead", 728, 90), RtbFixtures.banner("c-mpu", 300, 250)));
    TargetingIndex index = TargetingIndex.of(List.of(medium, twoSizes));
    Opportunity leaderboard = slot(new Opportunity.Size(728, 90));
    Opportunity both = slot(new Opportunity.Size(300, 250), new Opportunity.Size(728, 90));
    Opportunity skyscraper = slot(new Opportunity.Size(160, 600));
    Opportunity anySize = slot();

    assertThat(index.candidates(leaderboard, AdFormat.BANNER, null, null))
        .containsExactly(twoSizes);
    assertThat(index.candidates(both, AdFormat.BANNER, null, null))
        .containsExactlyInAnyOrder(medium, twoSizes);
    assertThat(index.candidates(skyscraper, AdFormat.BANNER, null, null)).isEmpty();
    assertThat(index.candidates(anySize, AdFormat.BANNER, null, null))
        .containsExactlyInAnyOrder(medium, twoSizes);
  }

  @Test
  void theIndexFindsExactlyTheLineItemsWhoseCountryAndDomainTargetingTakesTheRequest() {
    java.util.Random random = new java.util.Random(7);
    List<String> countries = List.of("FR", "DE", "GB");
    List<String> domains = List.of("news.example", "www.news.example", "shop.example");
    List<LineItem> items = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Set<CountryCode> targetedCountries = new java.util.HashSet<>();
      Set<String> targetedDomains = new java.util.HashSet<>();
      for (String c : countries) {
        if (random.nextInt(3) == 0) {
          targetedCountries.add(CountryCode.of(c));
        }
      }
      for (String d : domains) {
        if (random.nextInt(3) == 0) {
          targetedDomains.add(d);
        }
      }
      Targeting targeting = RtbFixtures.targeting(targetedCountries, Set.of(), targetedDomains);
      items.add(
          lineItem("li_" + i, CurrencyUnit.EUR, new BidStrategy.FixedCpm(1_000_000), targeting));
    }
    TargetingIndex index = TargetingIndex.of(items);
    Opportunity slot = bannerSlot(0);
    for (String country : List.of("FR", "DE", "GB", "ES")) {
      for (String domain : List.of("news.example", "www.news.example", "a.shop.example", "x.org")) {
        Auction auction = withPlace(CountryCode.of(country), domain);
        List<LineItem> wanted =
            items.stream().filter(item -> item.targeting().matches(auction, item.zone())).toList();
        List<TargetingIndex.Entry> found =
            index.entries(slot, AdFormat.BANNER, auction.country(), auction.domain());
        assertThat(found.stream().map(e -> e.lineItem).distinct().toList())
            .as("%s on %s", country, domain)
            .containsExactlyInAnyOrderElementsOf(wanted);
        // What the bidder then skips checking must already hold.
        assertThat(found).allMatch(e -> e.targetsMore || wanted.contains(e.lineItem));
      }
    }
  }

  private static Auction withPlace(CountryCode country, String domain) {
    Auction base = auction(CurrencyUnit.EUR, false, "u-1", bannerSlot(0));
    return new Auction(
        base.id(),
        base.firstPrice(),
        base.currency(),
        base.now(),
        country,
        base.region(),
        base.city(),
        base.deviceType(),
        base.os(),
        base.browser(),
        domain,
        base.bundle(),
        base.contentCategories(),
        base.user(),
        base.segments(),
        base.personalData(),
        base.blockedCategories(),
        base.blockedAdvertisers(),
        base.blockedApps(),
        base.opportunities());
  }

  @Test
  void theMostValuableLineItemThatPassesItsChecksBidsEvenBehindManyMoreValuableThatFail() {
    // 40 line items worth more target another system than the request's, so they fail their
    // checks one after the other, past the point where the rest is sorted.
    Targeting otherSystem = RtbFixtures.targeting(Set.of(), Set.of("ios"), Set.of());
    List<LineItem> items = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add(
          lineItem(
              "li_ios_" + i,
              CurrencyUnit.EUR,
              new BidStrategy.FixedCpm(5_000_000 + i * 10_000L),
              otherSystem));
    }
    items.add(
        lineItem("li_low", CurrencyUnit.EUR, new BidStrategy.FixedCpm(1_000_000), Targeting.ANY));
    items.add(
        lineItem("li_mid", CurrencyUnit.EUR, new BidStrategy.FixedCpm(2_000_000), Targeting.ANY));
    java.util.Collections.shuffle(items, new java.util.Random(3));
    TargetingIndex index = index(items.toArray(LineItem[]::new));

    List<Bid> bids = banner(index, CurrencyUnit.EUR, "u-1");

    assertThat(bids)
        .singleElement()
        .satisfies(b -> assertThat(b.lineItem().id()).isEqualTo("li_mid"));
  }

  @Test
  void lineItemsOfEveryStrategyAreRankedByTheirValueAtTheRequestsPredictedRates() {
    // At the prior rates (0.2% of impressions clicked, 5% of clicks converting): a fixed 3.00 CPM,
    // 2.00 a click (4.00 CPM), and returns of 2 on orders of 90.00 (4.50 CPM) or 70.00 (3.50 CPM).
    LineItem fixed =
        lineItem("li_fixed", CurrencyUnit.EUR, new BidStrategy.FixedCpm(3_000_000), Targeting.ANY);
    LineItem perClick =
        lineItem("li_cpc", CurrencyUnit.EUR, new BidStrategy.TargetCpc(2_000_000), Targeting.ANY);

    assertBid(index(fixed, perClick, onSpend("li_roas", 90_000_000)), "li_roas", 4_500_000);
    // Below the price per click, though it would bid more with a wrong weight.
    assertBid(index(fixed, perClick, onSpend("li_roas_less", 70_000_000)), "li_cpc", 4_000_000);
  }

  private static LineItem onSpend(String id, long orderValueMicros) {
    return lineItem(
        id,
        CurrencyUnit.EUR,
        new BidStrategy.TargetRoas(new BigDecimal("2"), orderValueMicros),
        Targeting.ANY);
  }

  private void assertBid(TargetingIndex index, String lineItemId, long priceCpmMicros) {
    assertThat(banner(index, CurrencyUnit.EUR, "u-" + lineItemId))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.lineItem().id()).isEqualTo(lineItemId);
              assertThat(b.priceCpmMicros()).isEqualTo(priceCpmMicros);
            });
  }

  private static Opportunity slot(Opportunity.Size... sizes) {
    return new Opportunity(
        "1",
        "tag-1",
        new Opportunity.BannerSlot(List.of(sizes)),
        null,
        false,
        0,
        Set.of(),
        List.of(),
        false);
  }

  @Test
  void macrosAreReplacedAndUnknownOnesKept() {
    assertThat(
            NoticeMacros.substitute(
                "https://x/win?p=${AUCTION_PRICE}&l=${AUCTION_LOSS}&o=${OTHER}",
                Map.of(NoticeMacros.AUCTION_PRICE, "1.25", NoticeMacros.AUCTION_LOSS, "102")))
        .isEqualTo("https://x/win?p=1.25&l=102&o=${OTHER}");
  }

  @Test
  void microsRoundHalfEven() {
    assertThat(Micros.of(new BigDecimal("0.03"))).isEqualTo(30_000);
    assertThat(Micros.toDecimal(2_500_000)).isEqualByComparingTo("2.5");
    assertThat(Micros.toDecimal(2_500_000).toPlainString()).isEqualTo("2.5");
    assertThat(Micros.perImpression(2_500)).isEqualTo(2);
    assertThat(Micros.perImpression(3_500)).isEqualTo(4);
    assertThat(Micros.toMoney(12_345_000, CurrencyUnit.EUR).minor()).isEqualTo(1234);
    assertThat(Micros.toMoney(12_355_000, CurrencyUnit.EUR).minor()).isEqualTo(1236);
  }
}
