package dev.levier.rtb;

import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decides the bids for one request: for each impression, the line items that want it and have a
 * creative that fits are valued by their strategy at the predicted rates (never above their highest
 * bid), converted into the auction's currency and compared with the floor; the most valuable one
 * that still has budget and whose caps allow the user bids, shaded in a first-price auction.
 *
 * <p>Pure apart from the counters it is given: budgets, caps, rates and the shading statistics.
 */
public final class Bidder {
  private final Function<String, @Nullable Budget> budgets;
  private final FrequencyCounter caps;
  private final SmoothedRates rates;
  private final BidShading shading;

  public Bidder(
      Function<String, @Nullable Budget> budgets,
      FrequencyCounter caps,
      SmoothedRates rates,
      BidShading shading) {
    this.budgets = budgets;
    this.caps = caps;
    this.rates = rates;
    this.shading = shading;
  }

  public SmoothedRates rates() {
    return rates;
  }

  public BidShading shading() {
    return shading;
  }

  public FrequencyCounter caps() {
    return caps;
  }

  /** The bids for the request, at most one per impression. */
  public List<Bid> bid(Auction auction, TargetingIndex index, RateTable fx) {
    List<Bid> bids = new ArrayList<>(auction.opportunities().size());
    for (Opportunity slot : auction.opportunities()) {
      Bid bid = bidOn(auction, slot, index, fx);
      if (bid != null) {
        bids.add(bid);
      }
    }
    return bids;
  }

  private record Candidate(
      LineItem lineItem,
      Creative creative,
      long valueCpm,
      long floorCpm,
      boolean firstPrice,
      @Nullable String dealId,
      BigDecimal toAuction,
      List<String> levels) {}

  private @Nullable Bid bidOn(
      Auction auction, Opportunity slot, TargetingIndex index, RateTable fx) {
    List<Candidate> candidates = new ArrayList<>();
    String segment =
        auction.personalData() && !auction.segments().isEmpty()
            ? auction.segments().iterator().next()
            : "";
    for (AdFormat format : AdFormat.values()) {
      if (!slot.offers(format)) {
        continue;
      }
      for (LineItem item : index.candidates(format, auction.country())) {
        Candidate candidate = consider(auction, slot, format, item, fx, segment);
        if (candidate != null) {
          candidates.add(candidate);
        }
      }
    }
    candidates.sort(
        Comparator.comparingLong((Candidate c) -> Micros.convert(c.valueCpm(), c.toAuction()))
            .reversed());
    for (Candidate c : candidates) {
      LineItem item = c.lineItem();
      Budget budget = budgets.apply(item.id());
      if (budget == null) {
        continue;
      }
      long priceLocal = c.firstPrice() ? shading.shade(c.valueCpm(), c.floorCpm()) : c.valueCpm();
      long cost = Micros.perImpression(priceLocal);
      if (!budget.reserve(cost, auction.now())) {
        continue;
      }
      String user = auction.user();
      if (item.caps().any()
          && (user == null || !caps.tryCount(item.id(), user, item.caps(), auction.now()))) {
        budget.release(cost);
        continue;
      }
      long price = Math.max(Micros.convert(priceLocal, c.toAuction()), 1);
      if (c.firstPrice()) {
        shading.bid(priceLocal);
      }
      return new Bid(
          slot.impId(),
          item,
          c.creative(),
          price,
          priceLocal,
          c.valueCpm(),
          cost,
          c.dealId(),
          c.levels());
    }
    return null;
  }

  private @Nullable Candidate consider(
      Auction auction,
      Opportunity slot,
      AdFormat format,
      LineItem item,
      RateTable fx,
      String segment) {
    if (!item.flying(auction.now()) || !item.targeting().matches(auction, item.zone())) {
      return null;
    }
    Opportunity.Deal deal = item.targeting().deal(slot);
    if (deal == null && (slot.privateAuction() || !item.targeting().deals().isEmpty())) {
      return null;
    }
    if (item.caps().any() && auction.user() == null) {
      return null;
    }
    Creative creative = null;
    for (Creative c : item.creatives()) {
      if (c.format() == format && c.fits(slot, auction)) {
        creative = c;
        break;
      }
    }
    if (creative == null) {
      return null;
    }
    BigDecimal toAuction;
    BigDecimal toLocal;
    try {
      toAuction = rate(fx, item.currency(), auction.currency(), auction);
      toLocal = rate(fx, auction.currency(), item.currency(), auction);
    } catch (MissingRateException e) {
      return null;
    }
    List<String> levels = SmoothedRates.levels(format.toString(), slot.placement(), segment);
    long value = Math.min(item.strategy().valueCpm(rates.predict(levels)), item.maxBidCpmMicros());
    long floorAuction = deal != null ? deal.floorCpmMicros() : slot.floorCpmMicros();
    long floor = Micros.convert(floorAuction, toLocal);
    if (value <= 0 || value < floor || Micros.convert(value, toAuction) < floorAuction) {
      return null;
    }
    boolean firstPrice = deal != null ? deal.auctionType() == 1 : auction.firstPrice();
    return new Candidate(
        item,
        creative,
        value,
        floor,
        firstPrice,
        deal == null ? null : deal.id(),
        toAuction,
        levels);
  }

  private static BigDecimal rate(
      RateTable fx, CurrencyUnit from, CurrencyUnit to, Auction auction) {
    if (from.equals(to)) {
      return BigDecimal.ONE;
    }
    return fx.rate(from, to, auction.now()).rate().round(MathContext.DECIMAL64);
  }
}
