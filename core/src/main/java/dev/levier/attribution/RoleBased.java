package dev.levier.attribution;

import dev.levier.network.WireEnum;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Shares a journey between the roles its channels played: the channel of the first touch
 * <em>introduced</em> the customer, the channel of the last touch <em>closed</em> the sale, and
 * every other channel touched in between <em>assisted</em>. Roles belong to channels (publishers),
 * not to touches, so a publisher that sends the same customer five times between the two ends is
 * one assist, not five.
 *
 * <ul>
 *   <li>The assists share the assist share equally. Without any assist, the assist share goes to
 *       the introducer and the closer in proportion to their own shares (equally if both are zero).
 *   <li>A channel that holds several roles (it introduced and closed) gets, by {@link MultiRole}:
 *       the sum of their shares ({@link MultiRole#SUM}), or only the largest of them, after which
 *       the shares of all channels are scaled to add up to one ({@link MultiRole#STRONGEST}).
 *   <li>A journey of one channel gives it everything.
 * </ul>
 *
 * @param introducer the introducer's share, from 0 to 1
 * @param assist what the assists share, from 0 to 1
 * @param closer the closer's share, from 0 to 1; the three add up to one
 * @param multiRole what a channel holding several roles gets
 */
public record RoleBased(double introducer, double assist, double closer, MultiRole multiRole)
    implements TouchModel {

  public static final RoleBased DEFAULT = new RoleBased(0.3, 0.2, 0.5, MultiRole.SUM);

  /** What a channel that plays several roles in one journey gets. */
  public enum MultiRole {
    /** The sum of the shares of its roles. */
    SUM,
    /** The largest share of its roles; all channels' shares are then scaled to add up to one. */
    STRONGEST;

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  public RoleBased {
    Numbers.checkShares(
        "role", new String[] {"introducer", "assist", "closer"}, introducer, assist, closer);
    java.util.Objects.requireNonNull(multiRole, "multiRole");
  }

  @Override
  public String describe() {
    return "role (introducer "
        + Numbers.percent(introducer)
        + "%, assist "
        + Numbers.percent(assist)
        + "%, closer "
        + Numbers.percent(closer)
        + "%, several roles: "
        + multiRole
        + ")";
  }

  /**
   * The role a channel played in a journey: closer if it holds the last touch, else introducer if
   * it holds the first, else assist; null if the journey never touched it. A journey of one touch
   * was closed by it.
   */
  public static @Nullable JourneyRole roleOf(int[] path, int channel) {
    if (path[path.length - 1] == channel) {
      return JourneyRole.CLOSER;
    }
    if (path[0] == channel) {
      return JourneyRole.INTRODUCER;
    }
    for (int touch : path) {
      if (touch == channel) {
        return JourneyRole.ASSIST;
      }
    }
    return null;
  }

  @Override
  public void weigh(int[] path, double @Nullable [] agesDays, double[] weights) {
    int n = path.length;
    Arrays.fill(weights, 0, n, 0);
    int first = path[0];
    int last = path[n - 1];
    if (first == last && allSame(path)) {
      weights[n - 1] = 1;
      return;
    }
    // The first middle touch of each assisting channel carries that channel's share.
    int assists = 0;
    for (int t = 1; t < n - 1; t++) {
      if (isFirstAssistTouch(path, t)) {
        assists++;
      }
    }
    double head = introducer;
    double tail = closer;
    double each = 0;
    if (assists == 0) {
      double ends = head + tail;
      head = ends > 0 ? head / ends : 0.5;
      tail = ends > 0 ? tail / ends : 0.5;
    } else {
      each = assist / assists;
    }
    if (first == last) {
      // One channel introduced and closed: it holds two roles.
      double both = multiRole == MultiRole.SUM ? head + tail : Math.max(head, tail);
      weights[n - 1] = both;
    } else {
      weights[0] = head;
      weights[n - 1] = tail;
    }
    for (int t = 1; t < n - 1; t++) {
      if (isFirstAssistTouch(path, t)) {
        weights[t] = each;
      }
    }
    double total = 0;
    for (int t = 0; t < n; t++) {
      total += weights[t];
    }
    if (total <= 0) {
      // Every role that was played has a zero share: split between the channels equally.
      int channels = 0;
      for (int t = 0; t < n; t++) {
        if (isFirstTouchOfChannel(path, t)) {
          channels++;
        }
      }
      for (int t = 0; t < n; t++) {
        weights[t] = isFirstTouchOfChannel(path, t) ? 1.0 / channels : 0;
      }
      return;
    }
    if (Math.abs(total - 1) > 1e-12) {
      for (int t = 0; t < n; t++) {
        weights[t] /= total;
      }
    }
  }

  private static boolean allSame(int[] path) {
    for (int channel : path) {
      if (channel != path[0]) {
        return false;
      }
    }
    return true;
  }

  /** Whether touch {@code t} is the first middle touch of a channel that holds neither end. */
  private static boolean isFirstAssistTouch(int[] path, int t) {
    int channel = path[t];
    if (channel == path[0] || channel == path[path.length - 1]) {
      return false;
    }
    for (int before = 1; before < t; before++) {
      if (path[before] == channel) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFirstTouchOfChannel(int[] path, int t) {
    for (int before = 0; before < t; before++) {
      if (path[before] == path[t]) {
        return false;
      }
    }
    return true;
  }
}
