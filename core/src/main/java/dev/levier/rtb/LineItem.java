package dev.levier.rtb;

import dev.levier.money.CurrencyUnit;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What a campaign buys and how: its flight, budgets (in micros of its currency), pacing, bid
 * strategy, highest bid, frequency caps, targeting and creatives.
 *
 * @param maxBidCpmMicros no bid of the line item passes this CPM, whatever the strategy says
 */
public record LineItem(
    String id,
    String campaignId,
    String advertiserId,
    CurrencyUnit currency,
    ZoneId zone,
    Instant start,
    Instant end,
    long dailyBudgetMicros,
    long totalBudgetMicros,
    Pacing pacing,
    BidStrategy strategy,
    long maxBidCpmMicros,
    FrequencyCaps caps,
    Targeting targeting,
    List<Creative> creatives) {

  public LineItem {
    creatives = List.copyOf(creatives);
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end: must be after start");
    }
    if (dailyBudgetMicros <= 0 || totalBudgetMicros <= 0 || maxBidCpmMicros <= 0) {
      throw new IllegalArgumentException("budgets and the highest bid must be above zero");
    }
  }

  /** Whether the flight covers the instant. */
  public boolean flying(Instant now) {
    return !now.isBefore(start) && now.isBefore(end);
  }
}
