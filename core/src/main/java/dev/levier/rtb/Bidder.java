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
  /** One ranking per thread, reused from impression to impression. */
  private static final ThreadLocal<Ranking> RANKINGS = ThreadLocal.withInitial(Ranking::new);

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
    String segment =
        auction.personalData() && !auction.segments().isEmpty()
            ? auction.segments().iterator().next()
            : "";
    Fx fx = new Fx(table, auction, index.currencies());
    Ranking ranking = RANKINGS.get().cleared();
    List<List<String>> levelsByFormat = new ArrayList<>(2);
    List<Prediction> predictions = new ArrayList<>(2);
    for (AdFormat format : AdFormat.values()) {
      if (!slot.offers(format)) {
        continue;
      }
      // The levels and the rates read at them are the same for every line item of the format.
      List<String> levels = SmoothedRates.levels(format.toString(), slot.placement(), segment);
      Prediction prediction = rates.predict(levels);
      int formatSlot = levelsByFormat.size();
      levelsByFormat.add(levels);
      predictions.add(prediction);
      // How a value follows the predicted rates, by kind of strategy (see TargetingIndex.Group).
      double[] factors = {
        1,
        prediction.clickRate() * 1000,
        prediction.clickRate() * prediction.conversionRate() * 1000
      };
      for (TargetingIndex.Group group :
          index.groups(slot, format, auction.country(), auction.domain())) {
        ranking.makeRoom(group.size());
        for (int i = 0; i < group.size(); i++) {
          Fx.Pair pair = fx.pair(group.currencySlots[i]);
          if (pair == null) {
            continue;
          }
          long value =
              Math.min(Math.round(group.weights[i] * factors[group.kinds[i]]), group.maxBids[i]);
          if (value > 0) {
            ranking.add(group.entries[i], format, formatSlot, value * pair.approximate());
          }
        }
      }
    }
    // The most valuable first; usually it passes the checks and bids, so the rest is never
    // checked (a value reads a few numbers laid out by the index; the checks read the whole line
    // item). Values here are close to the strategies' own, enough to rank; the one that bids is
    // valued again exactly.
    for (int position = ranking.takeBest(); position >= 0; position = ranking.takeBest()) {
      int formatSlot = ranking.formatSlot(position);
      Candidate c =
          consider(
              auction,
              slot,
              ranking.format(position),
              ranking.entry(position),
              fx,
              levelsByFormat.get(formatSlot),
              predictions.get(formatSlot));
      if (c == null) {
        continue;
      }
      Bid bid = tryToBid(auction, slot, c);
      if (bid != null) {
        return bid;
      }
    }
    return null;
  }

  private static long value(LineItem item, Prediction prediction) {
    return Math.min(item.strategy().valueCpm(prediction), item.maxBidCpmMicros());
  }

  /** The bid of a candidate that passed the checks, if its floor, budget and caps allow it. */
  private @Nullable Bid tryToBid(Auction auction, Opportunity slot, Candidate c) {
    LineItem item = c.lineItem();
    Budget budget = budgets.apply(item.id());
    if (budget == null) {
      return null;
    }
    // Ranking used an approximate conversion; the floor is checked exactly on the bid itself.
    long floor = Micros.convert(c.floorInAuction(), c.rates().toLocal());
    while (Micros.convert(floor, c.rates().toAuction()) < c.floorInAuction()) {
      floor++;
    }
    if (c.valueCpm() < floor) {
      return null;
    }
    long priceLocal = c.firstPrice() ? shading.shade(c.valueCpm(), floor) : c.valueCpm();
    long price = Math.max(Micros.convert(priceLocal, c.rates().toAuction()), 1);
    if (price < c.floorInAuction()) {
      return null;
    }
    long cost = Micros.perImpression(priceLocal);
    if (!budget.reserve(cost, auction.now())) {
      return null;
    }
    String user = auction.user();
    if (item.caps().any()
        && (user == null || !caps.tryCount(item.id(), user, item.caps(), auction.now()))) {
      budget.release(cost);
      return null;
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
        c.rates().toLocal(),
        c.levels());
  }

  /**
   * The line items offered for one impression and their values in the auction's currency, taken out
   * most valuable first. A linear search finds each: a request rarely needs more than a few. Should
   * many fail their checks, the rest is sorted once, so a request never costs the square of its
   * line items.
   */
  private static final class Ranking {
    /**
     * Clears the ranking for the next impression. The arrays stay: a request thread ranks one
     * impression at a time, and they would otherwise be grown again for every request.
     */
    Ranking cleared() {
      java.util.Arrays.fill(entries, 0, added, null);
      added = 0;
      size = 0;
      searches = 0;
      sorted = false;
      return this;
    }

    private static final int SEARCHES_BEFORE_SORTING = 16;

    private TargetingIndex.Entry[] entries = new TargetingIndex.Entry[32];
    private AdFormat[] formats = new AdFormat[32];
    private int[] formatSlots = new int[32];
    private double[] values = new double[32];
    private int size;

    /** How many were added since the last clearing: the positions that may hold an entry. */
    private int added;

    private int searches;
    private boolean sorted;

    void makeRoom(int more) {
      if (size + more > entries.length) {
        int capacity = Math.max(size + more, entries.length * 2);
        entries = java.util.Arrays.copyOf(entries, capacity);
        formats = java.util.Arrays.copyOf(formats, capacity);
        formatSlots = java.util.Arrays.copyOf(formatSlots, capacity);
        values = java.util.Arrays.copyOf(values, capacity);
      }
    }

    void add(TargetingIndex.Entry entry, AdFormat format, int formatSlot, double value) {
      makeRoom(1);
      entries[size] = entry;
      added = Math.max(added, size + 1);
      formats[size] = format;
      formatSlots[size] = formatSlot;
      values[size] = value;
      size++;
    }

    /** The position of the most valuable line item left, now taken out; -1 when none is left. */
    int takeBest() {
      if (size == 0) {
        return -1;
      }
      if (!sorted && ++searches > SEARCHES_BEFORE_SORTING) {
        sortAscending();
      }
      if (!sorted) {
        int best = 0;
        for (int i = 1; i < size; i++) {
          if (values[i] > values[best]) {
            best = i;
          }
        }
        swap(best, size - 1);
      }
      return --size;
    }

    TargetingIndex.Entry entry(int position) {
      return entries[position];
    }

    AdFormat format(int position) {
      return formats[position];
    }

    int formatSlot(int position) {
      return formatSlots[position];
    }

    private void sortAscending() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
      TargetingIndex.Entry[] e = new TargetingIndex.Entry[entries.length];
      AdFormat[] f = new AdFormat[entries.length];
      int[] s = new int[entries.length];
      double[] v = new double[entries.length];
      for (int i = 0; i < size; i++) {
        e[i] = entries[order[i]];
        f[i] = formats[order[i]];
        s[i] = formatSlots[order[i]];
        v[i] = values[order[i]];
      }
      entries = e;
      formats = f;
      formatSlots = s;
      values = v;
      sorted = true;
    }

    private void swap(int i, int j) {
      TargetingIndex.Entry e = entries[i];
      entries[i] = entries[j];
      entries[j] = e;
      AdFormat f = formats[i];
      formats[i] = formats[j];
      formats[j] = f;
      int s = formatSlots[i];
      formatSlots[i] = formatSlots[j];
      formatSlots[j] = s;
      double v = values[i];
      values[i] = values[j];
      values[j] = v;
    }
  }

  private @Nullable Candidate consider(
      Auction auction,
      Opportunity slot,
      AdFormat format,
      TargetingIndex.Entry entry,
      Fx fx,
      List<String> levels,
      Prediction prediction) {
    LineItem item = entry.lineItem;
    if (!item.flying(auction.now())
        || (entry.targetsMore && !item.targeting().matches(auction, item.zone()))) {
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
    for (Creative c : entry.creatives(format)) {
      if (c.fits(slot, auction)) {
        creative = c;
        break;
      }
    }
    if (creative == null) {
      return null;
    }
    Fx.Pair pair = fx.pair(entry.currencySlot);
    if (pair == null) {
      return null;
    }
    long value = value(item, prediction);
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
   * The rates between the auction's currency and each currency of the line items, looked up once
   * per request and at most once per currency: a lookup in the table is not free, and it would
   * otherwise be made for every candidate.
   */
  private static final class Fx {
    private static final Pair SAME = new Pair(BigDecimal.ONE, BigDecimal.ONE, 1.0);
    private static final Pair NONE = new Pair(BigDecimal.ONE, BigDecimal.ONE, Double.NaN);

    /** Exact rates both ways, and the rate into the auction's currency for ranking. */
    record Pair(BigDecimal toAuction, BigDecimal toLocal, double approximate) {}

    private final RateTable table;
    private final Auction auction;
    private final List<CurrencyUnit> currencies;
    private final @Nullable Pair[] pairs;

    Fx(RateTable table, Auction auction, List<CurrencyUnit> currencies) {
      this.table = table;
      this.auction = auction;
      this.currencies = currencies;
      this.pairs = new Pair[currencies.size()];
    }

    /** The rates for the currency the index numbered {@code slot}; null when the table has none. */
    @Nullable Pair pair(int slot) {
      Pair pair = pairs[slot];
      if (pair == null) {
        CurrencyUnit currency = currencies.get(slot);
        pair = currency.equals(auction.currency()) ? SAME : lookUp(currency);
        pairs[slot] = pair;
      }
      return Double.isNaN(pair.approximate()) ? null : pair;
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
