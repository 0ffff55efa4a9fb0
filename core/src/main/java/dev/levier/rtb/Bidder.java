package dev.levier.rtb;

import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
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
      double valueInAuction,
      long floorInAuction,
      boolean firstPrice,
      @Nullable String dealId,
      Fx.Pair rates,
      List<String> levels) {}

  private @Nullable Bid bidOn(
      Auction auction, Opportunity slot, TargetingIndex index, RateTable table) {
    List<Candidate> candidates = new ArrayList<>();
    String segment =
        auction.personalData() && !auction.segments().isEmpty()
            ? auction.segments().iterator().next()
            : "";
    Fx fx = new Fx(table, auction);
    for (AdFormat format : AdFormat.values()) {
      if (!slot.offers(format)) {
        continue;
      }
      // The levels and the rates read at them are the same for every line item of the format.
      List<String> levels = SmoothedRates.levels(format.toString(), slot.placement(), segment);
      Prediction prediction = rates.predict(levels);
      for (LineItem item : index.candidates(format, auction.country(), auction.domain())) {
        Candidate candidate = consider(auction, slot, format, item, fx, levels, prediction);
        if (candidate != null) {
          candidates.add(candidate);
        }
      }
    }
    // The most valuable first; usually it bids, so the rest is never ordered.
    while (!candidates.isEmpty()) {
      int best = 0;
      for (int i = 1; i < candidates.size(); i++) {
        if (candidates.get(i).valueInAuction() > candidates.get(best).valueInAuction()) {
          best = i;
        }
      }
      Candidate c = candidates.get(best);
      candidates.set(best, candidates.get(candidates.size() - 1));
      candidates.remove(candidates.size() - 1);
      LineItem item = c.lineItem();
      Budget budget = budgets.apply(item.id());
      if (budget == null) {
        continue;
      }
      // Sorting used an approximate conversion; the floor is checked exactly on the bid itself.
      long floor = Micros.convert(c.floorInAuction(), c.rates().toLocal());
      while (Micros.convert(floor, c.rates().toAuction()) < c.floorInAuction()) {
        floor++;
      }
      if (c.valueCpm() < floor) {
        continue;
      }
      long priceLocal = c.firstPrice() ? shading.shade(c.valueCpm(), floor) : c.valueCpm();
      long price = Math.max(Micros.convert(priceLocal, c.rates().toAuction()), 1);
      if (price < c.floorInAuction()) {
        continue;
      }
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
      Fx fx,
      List<String> levels,
      Prediction prediction) {
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
    Fx.Pair pair = fx.pair(item.currency());
    if (pair == null) {
      return null;
    }
    long value = Math.min(item.strategy().valueCpm(prediction), item.maxBidCpmMicros());
    long floorInAuction = deal != null ? deal.floorCpmMicros() : slot.floorCpmMicros();
    double valueInAuction = value * pair.approximate();
    if (value <= 0 || valueInAuction < floorInAuction * (1 - 1e-9)) {
      return null;
    }
    boolean firstPrice = deal != null ? deal.auctionType() == 1 : auction.firstPrice();
    return new Candidate(
        item,
        creative,
        value,
        valueInAuction,
        floorInAuction,
        firstPrice,
        deal == null ? null : deal.id(),
        pair,
        levels);
  }

  /**
   * The rates between the auction's currency and each line item currency, looked up once per
   * request: most line items share a currency, and a lookup in the table is not free.
   */
  private static final class Fx {
    private static final Pair SAME = new Pair(BigDecimal.ONE, BigDecimal.ONE, 1.0);
    private static final Pair NONE = new Pair(BigDecimal.ONE, BigDecimal.ONE, Double.NaN);

    /** Exact rates both ways, and the rate into the auction's currency for sorting. */
    record Pair(BigDecimal toAuction, BigDecimal toLocal, double approximate) {}

    private final RateTable table;
    private final Auction auction;
    private final String auctionCode;
    private final java.util.Map<CurrencyUnit, Pair> pairs = new java.util.HashMap<>(4);

    /** The last currency asked for and its pair: line items come mostly in a few currencies. */
    private String lastCode = "";

    private Pair lastPair = NONE;

    Fx(RateTable table, Auction auction) {
      this.table = table;
      this.auction = auction;
      this.auctionCode = auction.currency().code();
    }

    /**
     * The rates between a line item's currency and the auction's; asked once per candidate, so the
     * common cases compare codes only.
     */
    @Nullable Pair pair(CurrencyUnit currency) {
      String code = currency.code();
      if (code.equals(auctionCode)) {
        return SAME;
      }
      if (!code.equals(lastCode)) {
        lastPair = pairs.computeIfAbsent(currency, this::lookUp);
        lastCode = code;
      }
      return Double.isNaN(lastPair.approximate()) ? null : lastPair;
    }

    private Pair lookUp(CurrencyUnit currency) {
      try {
        BigDecimal toAuction = rate(table, currency, auction.currency(), auction);
        BigDecimal toLocal = rate(table, auction.currency(), currency, auction);
        return new Pair(toAuction, toLocal, toAuction.doubleValue());
      } catch (MissingRateException e) {
        return NONE;
      }
    }
  }

  private static BigDecimal rate(
      RateTable fx, CurrencyUnit from, CurrencyUnit to, Auction auction) {
    if (from.equals(to)) {
      return BigDecimal.ONE;
    }
    return fx.rate(from, to, auction.now()).rate().round(MathContext.DECIMAL64);
  }
}
