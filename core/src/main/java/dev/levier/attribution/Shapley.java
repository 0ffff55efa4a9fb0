package dev.levier.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Shapley value of each channel, as Zhao, Mahboobi and Bagheri define it for attribution
 * ("Shapley Value Methods for Attribution Modeling in Online Advertising", arXiv:1804.05327, 2018),
 * plain or ordered.
 *
 * <p><b>Plain</b> ({@code new Shapley(false)}). Channels are the players. For a coalition {@code S}
 * of channels, {@code r(S)} is the number of conversions of the journeys whose <em>set</em> of
 * channels is exactly {@code S}, and the characteristic function is {@code v(S) = Σ_{T ⊆ S} r(T)}:
 * the conversions of every journey that used only channels of {@code S}. The credit of channel
 * {@code j} is its Shapley value {@code φ_j = Σ_{S ⊆ N∖{j}} |S|! (n − |S| − 1)! ÷ n! × (v(S ∪ {j})
 * − v(S))}. Up to {@value #MAX_COALITION_CHANNELS} channels it is computed over all coalitions:
 * {@code r} from the paths in one pass, {@code v} by the subset-sum (zeta) transform, then {@code
 * φ} in {@code O(n·2ⁿ)}. Past that the coalitions do not fit in memory, and the credit is computed
 * with the paper's simplified formula {@code φ_j = Σ_{S ∋ j} r(S) ÷ |S|}, which the paper proves
 * equal for this {@code v}: every converting journey shares its conversions equally between the
 * distinct channels it touched. Value is shared the same way with the value of the conversions in
 * place of their number.
 *
 * <p><b>Ordered</b> ({@code new Shapley(true)}). The paper's ordered Shapley value splits the
 * simplified formula by touch position: {@code φ_j^i = Σ_{S ∋ j} r_i(S, j) ÷ |S|}, where {@code
 * r_i(S, j)} counts the conversions of journeys with channel set {@code S} whose {@code i}-th touch
 * is channel {@code j}. The paper's journeys do not repeat a channel; when a journey touches
 * channel {@code j} several times, each of its {@code m} touches takes {@code 1 ÷ m} of the
 * channel's share, so that the positions of a channel add up to its plain Shapley value and all
 * credits add up to the conversions (as in the open-source implementation that divides by the
 * channel's count in the journey). {@link #attribute(Paths)} gives the channel totals; {@link
 * #byPosition(Paths)} the breakdown by touch position.
 *
 * <p>Order within a journey does not matter to the plain value: {@code a > b} and {@code b > a} are
 * one coalition. Journeys without a conversion ({@code nulls}) do not enter {@code v}, so they do
 * not change any credit.
 *
 * @param ordered whether to credit channels by touch position
 */
public record Shapley(boolean ordered) implements AttributionModel {

  /** Up to this many converting channels the value is computed over all coalitions. */
  public static final int MAX_COALITION_CHANNELS = 20;

  /** The plain Shapley value. */
  public static Shapley plain() {
    return new Shapley(false);
  }

  /** The ordered Shapley value. */
  public static Shapley byTouchPosition() {
    return new Shapley(true);
  }

  @Override
  public String describe() {
    return ordered ? "shapley (ordered)" : "shapley";
  }

  @Override
  public Credits attribute(Paths paths) {
    int channels = paths.channels().size();
    double[] conversions;
    double[] values;
    if (ordered) {
      Positions positions = positions(paths);
      conversions = new double[channels];
      values = new double[channels];
      for (int c = 0; c < channels; c++) {
        for (int t = 0; t < positions.touches; t++) {
          conversions[c] += positions.conversions[c * positions.touches + t];
          values[c] += positions.values[c * positions.touches + t];
        }
      }
    } else {
      double[][] phi =
          convertingChannels(paths) <= MAX_COALITION_CHANNELS
              ? overCoalitions(paths)
              : simplified(paths);
      conversions = phi[0];
      values = phi[1];
    }
    return Credits.of(describe(), paths.channels(), conversions, values);
  }

  /**
   * The ordered Shapley value of every channel at every touch position, sorted by channel then
   * position; positions where a channel earned nothing are left out.
   */
  public List<PositionCredit> byPosition(Paths paths) {
    Positions positions = positions(paths);
    List<String> channels = paths.channels();
    List<PositionCredit> credits = new ArrayList<>();
    for (int c = 0; c < channels.size(); c++) {
      for (int t = 0; t < positions.touches; t++) {
        int at = c * positions.touches + t;
        if (positions.conversions[at] != 0 || positions.values[at] != 0) {
          credits.add(
              new PositionCredit(
                  channels.get(c), t + 1, positions.conversions[at], positions.values[at]));
        }
      }
    }
    credits.sort(
        Comparator.comparing(PositionCredit::channel).thenComparingInt(PositionCredit::touch));
    return List.copyOf(credits);
  }

  private static boolean converts(Paths paths, int i) {
    return paths.conversions(i) > 0 || paths.value(i) > 0;
  }

  /** How many channels appear in a journey with a conversion or a value. */
  static int convertingChannels(Paths paths) {
    boolean[] seen = new boolean[paths.channels().size()];
    int count = 0;
    for (int i = 0; i < paths.size(); i++) {
      if (!converts(paths, i)) {
        continue;
      }
      for (int channel : paths.path(i)) {
        if (!seen[channel]) {
          seen[channel] = true;
          count++;
        }
      }
    }
    return count;
  }

  /**
   * The Shapley value from its definition over all coalitions of converting channels: conversions
   * then value, by channel index.
   *
   * @throws IllegalArgumentException past {@value #MAX_COALITION_CHANNELS} converting channels
   */
  static double[][] overCoalitions(Paths paths) {
    int channels = paths.channels().size();
    // Only converting channels are players; the others have a zero Shapley value (dummy players).
    int[] bit = new int[channels];
    Arrays.fill(bit, -1);
    int[] channelOfBit = new int[Math.min(channels, MAX_COALITION_CHANNELS)];
    int n = 0;
    for (int i = 0; i < paths.size(); i++) {
      if (!converts(paths, i)) {
        continue;
      }
      for (int channel : paths.path(i)) {
        if (bit[channel] < 0) {
          if (n == MAX_COALITION_CHANNELS) {
            throw new IllegalArgumentException(
                "shapley: more than "
                    + MAX_COALITION_CHANNELS
                    + " converting channels are too many to list every coalition");
          }
          bit[channel] = n;
          channelOfBit[n] = channel;
          n++;
        }
      }
    }
    double[] conversions = new double[channels];
    double[] values = new double[channels];
    if (n == 0) {
      return new double[][] {conversions, values};
    }
    int coalitions = 1 << n;
    // r(S), then v(S) in place.
    double[] vConversions = new double[coalitions];
    double[] vValues = new double[coalitions];
    for (int i = 0; i < paths.size(); i++) {
      if (!converts(paths, i)) {
        continue;
      }
      int mask = 0;
      for (int channel : paths.path(i)) {
        mask |= 1 << bit[channel];
      }
      vConversions[mask] += paths.conversions(i);
      vValues[mask] += paths.value(i);
    }
    for (int b = 0; b < n; b++) {
      int player = 1 << b;
      for (int mask = 0; mask < coalitions; mask++) {
        if ((mask & player) != 0) {
          vConversions[mask] += vConversions[mask ^ player];
          vValues[mask] += vValues[mask ^ player];
        }
      }
    }
    // |S|! (n − |S| − 1)! ÷ n! = 1 ÷ (n × C(n − 1, |S|)); C is exact in a double for n ≤ 20.
    double[] weight = new double[n];
    double binomial = 1;
    for (int s = 0; s < n; s++) {
      weight[s] = 1 / (n * binomial);
      binomial = binomial * (n - 1 - s) / (s + 1);
    }
    double[] phiConversions = new double[n];
    double[] phiValues = new double[n];
    for (int mask = 0; mask < coalitions; mask++) {
      int size = Integer.bitCount(mask);
      if (size == n) {
        continue;
      }
      double w = weight[size];
      for (int b = 0; b < n; b++) {
        int player = 1 << b;
        if ((mask & player) == 0) {
          phiConversions[b] += w * (vConversions[mask | player] - vConversions[mask]);
          phiValues[b] += w * (vValues[mask | player] - vValues[mask]);
        }
      }
    }
    for (int b = 0; b < n; b++) {
      conversions[channelOfBit[b]] = phiConversions[b];
      values[channelOfBit[b]] = phiValues[b];
    }
    return new double[][] {conversions, values};
  }

  /**
   * The Shapley value by the simplified formula of Zhao et al.: each converting journey shares its
   * conversions and its value equally between its distinct channels. Conversions then value, by
   * channel index.
   */
  static double[][] simplified(Paths paths) {
    int channels = paths.channels().size();
    double[] conversions = new double[channels];
    double[] values = new double[channels];
    // Stamps mark the channels already met in the current path, without clearing per path.
    int[] stamp = new int[channels];
    int generation = 0;
    for (int i = 0; i < paths.size(); i++) {
      if (!converts(paths, i)) {
        continue;
      }
      int[] path = paths.path(i);
      generation++;
      int distinct = 0;
      for (int channel : path) {
        if (stamp[channel] != generation) {
          stamp[channel] = generation;
          distinct++;
        }
      }
      double conversionShare = (double) paths.conversions(i) / distinct;
      double valueShare = paths.value(i) / distinct;
      generation++;
      for (int channel : path) {
        if (stamp[channel] != generation) {
          stamp[channel] = generation;
          conversions[channel] += conversionShare;
          values[channel] += valueShare;
        }
      }
    }
    return new double[][] {conversions, values};
  }

  /**
   * Credits by channel and position: channel {@code c}, touch {@code t} at {@code c·touches + t}.
   */
  private static final class Positions {
    final int touches;
    final double[] conversions;
    final double[] values;

    Positions(int touches, double[] conversions, double[] values) {
      this.touches = touches;
      this.conversions = conversions;
      this.values = values;
    }
  }

  private static Positions positions(Paths paths) {
    int channels = paths.channels().size();
    int touches = 0;
    for (int i = 0; i < paths.size(); i++) {
      if (converts(paths, i)) {
        touches = Math.max(touches, paths.path(i).length);
      }
    }
    double[] conversions = new double[Math.multiplyExact(channels, touches)];
    double[] values = new double[conversions.length];
    int[] occurrences = new int[channels];
    for (int i = 0; i < paths.size(); i++) {
      if (!converts(paths, i)) {
        continue;
      }
      int[] path = paths.path(i);
      int distinct = 0;
      for (int channel : path) {
        if (occurrences[channel]++ == 0) {
          distinct++;
        }
      }
      double conversionShare = (double) paths.conversions(i) / distinct;
      double valueShare = paths.value(i) / distinct;
      for (int t = 0; t < path.length; t++) {
        int channel = path[t];
        int m = occurrences[channel];
        conversions[channel * touches + t] += conversionShare / m;
        values[channel * touches + t] += valueShare / m;
      }
      for (int channel : path) {
        occurrences[channel] = 0;
      }
    }
    return new Positions(touches, conversions, values);
  }
}
