package dev.levier.attribution;

import dev.levier.commission.CommissionSplit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Shares one sale between the channels of its journey under the programme's setting: who is paid
 * which part, in which role, and why, in words.
 *
 * <p>Under last click (the default) the publisher that last-touch attribution credits is paid the
 * whole sale, as before; the journey still gives it its role. Under a heuristic model every channel
 * of the journey gets the share the model gives it. Under a data-driven model the channels share
 * the sale in proportion to the weights the model learnt from the programme's journeys; until it
 * has learnt (or when it learnt nothing about these channels) the sale is shared equally between
 * them, and a note says so. Shares of the advertiser's other channels, and of partnerships that do
 * not earn at present, are not paid to anyone: the advertiser pays those channels elsewhere.
 */
public final class JourneyCredit {

  /**
   * The most touches a journey keeps, the latest: enough for any customer, and a bound on what a
   * robot clicking all day can make a sale carry.
   */
  public static final int MAX_TOUCHES = 64;

  private JourneyCredit() {}

  /**
   * A touch found for a sale, with what storing it and paying for it needs.
   *
   * @param touch the touch as the models see it; for an affiliate touch the channel is the
   *     publisher's public id
   * @param kind {@code click}, {@code coupon} or {@code channel}
   * @param partnershipId the partnership of an affiliate touch, or null
   * @param clickId the click's id, or null
   * @param visitorId who clicked, or null
   * @param commissionable whether the partnership earns at present
   */
  public record FoundTouch(
      JourneyTouch touch,
      String kind,
      @Nullable String partnershipId,
      @Nullable String clickId,
      @Nullable String visitorId,
      boolean commissionable) {

    public FoundTouch {
      Objects.requireNonNull(touch, "touch");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * One channel's part of the sale.
   *
   * @param channel the publisher's public id, or the name of the advertiser's channel
   * @param partnershipId the partnership to pay, or null when nothing is paid for this part
   * @param clickId the publisher's click that counts (for its device), or null
   * @param role the role the channel played
   * @param partsPerBillion its share of the sale; the shares of one sale add up to {@link
   *     CommissionSplit#WHOLE}
   * @param explanation why it gets this share, in words
   */
  public record Share(
      String channel,
      @Nullable String partnershipId,
      @Nullable String clickId,
      JourneyRole role,
      long partsPerBillion,
      String explanation) {

    /** Whether a commission is paid on this part. */
    public boolean paid() {
      return partnershipId != null;
    }
  }

  /**
   * How the sale is shared.
   *
   * @param touches the journey's touches, oldest first, as they are stored with the conversion
   * @param shares every channel's part, adding up to the whole sale; empty when no touch credits
   *     anyone
   * @param reduceByPercent how much channel de-duplication takes off every paid part, or null
   * @param notes what was decided, in words, for the conversion's notes
   */
  public record Outcome(
      List<FoundTouch> touches,
      List<Share> shares,
      @Nullable BigDecimal reduceByPercent,
      List<String> notes) {

    public Outcome {
      touches = List.copyOf(touches);
      shares = List.copyOf(shares);
      notes = List.copyOf(notes);
    }
  }

  /**
   * Shares one sale.
   *
   * @param found every touch found for the customer, in any order; those outside the window are
   *     dropped
   * @param lastClick the touch last-touch attribution credits (its channel and partnership), or
   *     null when none qualified
   * @param reportedChannel the last paid channel the advertiser reported with the sale, or null
   */
  public static Outcome credit(
      AttributionPolicy policy,
      Attributions.@Nullable Fit fit,
      Instant orderedAt,
      Duration window,
      List<FoundTouch> found,
      @Nullable FoundTouch lastClick,
      @Nullable String reportedChannel) {
    Map<JourneyTouch, FoundTouch> byTouch = new HashMap<>();
    List<JourneyTouch> touches = new ArrayList<>(found.size());
    for (FoundTouch touch : found) {
      // A touch found by two keys (the click id and the visitor) is one touch.
      if (byTouch.putIfAbsent(touch.touch(), touch) == null) {
        touches.add(touch.touch());
      }
    }
    Journey journey = Journey.of(orderedAt, window, touches).latest(MAX_TOUCHES);
    List<FoundTouch> stored = new ArrayList<>(journey.touches().size());
    for (JourneyTouch touch : journey.touches()) {
      stored.add(Objects.requireNonNull(byTouch.get(touch)));
    }
    List<String> notes = new ArrayList<>();
    List<Share> shares = new ArrayList<>();
    if (lastClick == null) {
      return new Outcome(stored, shares, null, notes);
    }
    if (policy.lastClick() || journey.isEmpty()) {
      String channel = lastClick.touch().channel();
      JourneyRole role = journey.roleOf(channel);
      shares.add(
          new Share(
              channel,
              lastClick.commissionable() ? lastClick.partnershipId() : null,
              lastClick.clickId(),
              role == null ? JourneyRole.CLOSER : role,
              CommissionSplit.WHOLE,
              "the whole sale under last click"
                  + (role == null ? "" : ", as " + role + " of a journey of " + size(journey))));
    } else {
      Map<String, Double> byChannel;
      String how;
      AttributionModel model = policy.spec().toModel();
      if (model instanceof TouchModel touchModel) {
        byChannel = journey.shares(touchModel);
        how = "under " + model.describe();
      } else {
        Map<String, Double> learnt = fit == null ? null : journey.sharesByWeight(fit.weights());
        if (learnt == null || fit == null) {
          byChannel = journey.shares(new Linear());
          how = "shared equally: " + model.describe() + " has not learnt about these channels yet";
          notes.add(
              fit == null
                  ? model.describe() + " has not learnt channel weights yet; shared equally"
                  : model.describe()
                      + " learnt nothing about the channels of this journey; shared equally");
        } else {
          byChannel = learnt;
          how = "by the weights " + model.describe() + " learnt on " + fit.fittedAt();
        }
      }
      double[] weights = byChannel.values().stream().mapToDouble(Double::doubleValue).toArray();
      long[] parts = CommissionSplit.partsPerBillion(weights);
      int i = 0;
      for (Map.Entry<String, Double> entry : byChannel.entrySet()) {
        String channel = entry.getKey();
        FoundTouch best = latestOf(stored, channel);
        JourneyRole role = Objects.requireNonNull(journey.roleOf(channel));
        String paidTo =
            best != null && best.touch().affiliate() && best.commissionable()
                ? best.partnershipId()
                : null;
        shares.add(
            new Share(
                channel,
                paidTo,
                best == null ? null : best.clickId(),
                role,
                parts[i],
                percent(parts[i]) + " as " + role + " " + how));
        i++;
      }
      notes.add(
          "shared between "
              + byChannel.size()
              + (byChannel.size() == 1 ? " channel " : " channels ")
              + how);
    }
    BigDecimal reduceBy = null;
    AttributionPolicy.Deduplication dedup = policy.deduplication();
    String lastChannel = reportedChannel;
    JourneyTouch last = journey.last();
    if (lastChannel == null && last != null && !last.affiliate()) {
      lastChannel = last.channel();
    }
    if (dedup != null && dedup.covers(lastChannel)) {
      reduceBy = dedup.reduceByPercent();
      notes.add(
          "the advertiser's "
              + lastChannel
              + " channel had the last paid touch: affiliate commission "
              + (dedup.zeroes()
                  ? "is not paid"
                  : "is reduced by " + reduceBy.stripTrailingZeros().toPlainString() + "%")
              + " (channel de-duplication)");
    }
    return new Outcome(stored, shares, reduceBy, notes);
  }

  private static @Nullable FoundTouch latestOf(List<FoundTouch> touches, String channel) {
    FoundTouch latest = null;
    for (FoundTouch touch : touches) {
      if (touch.touch().channel().equals(channel)) {
        latest = touch;
      }
    }
    return latest;
  }

  private static String size(Journey journey) {
    int n = journey.touches().size();
    return n + (n == 1 ? " touch" : " touches");
  }

  /** {@code 400000000} as {@code 40%}, {@code 333333334} as {@code 33.33%}. */
  static String percent(long partsPerBillion) {
    return BigDecimal.valueOf(partsPerBillion)
            .movePointLeft(7)
            .setScale(2, RoundingMode.HALF_EVEN)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
