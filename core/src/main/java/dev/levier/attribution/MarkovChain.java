package dev.levier.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Markov chain removal-effect model (Anderl, Becker, von Wangenheim and Schumann, "Mapping the
 * customer journey: Lessons learned from graph-based online attribution modeling", International
 * Journal of Research in Marketing 33(3), 2016), computed exactly.
 *
 * <p><b>The chain.</b> States are a start state, transient states, and two absorbing states,
 * conversion and null. Each path is walked once per journey that followed it (its conversions plus
 * its nulls): from the start into its first state, from state to state, and from its last state
 * into conversion (its conversions) or null (its nulls). Transition probabilities are these counts
 * divided by the journeys leaving each state.
 *
 * <p><b>States of higher orders.</b> At order 1 a state is a channel. At order {@code k} a state is
 * a window of {@code k} consecutive touches, sliding by one touch: the path {@code a > b > c} at
 * order 2 is {@code (start) → [a,b] → [b,c] → (conversion)}. A path shorter than {@code k} is one
 * state holding all its touches ({@code a} at order 2 is {@code (start) → [a]}), so paths of one
 * touch give the same chain at every order. This is the convention of the ChannelAttribution
 * package (D. Altomare, D. Loris; {@code R/src/ChannelAttribution.cpp}, where a path is recoded
 * into its windows before the chain is estimated); the other common reading, which also walks the
 * shorter prefixes {@code [a] → [a,b]} first, adds states that only ever come first and was not
 * chosen. A touch repeated in a row is a self-loop; it does not change any absorption probability,
 * so repeated touches neither help nor hurt a channel.
 *
 * <p><b>Removal effect.</b> {@code P} is the probability of reaching conversion from the start.
 * Removing channel {@code c} sends every transition into a state holding {@code c} to null; the
 * removal effect of {@code c} is {@code 1 − P(without c) ÷ P}. Conversions are then shared in
 * proportion to the removal effects: {@code total conversions × RE(c) ÷ Σ RE}.
 *
 * <p><b>Value.</b> Every transition into conversion carries the mean value of the conversions that
 * left that state, and the value removal effect is {@code 1 − E(value without c) ÷ E(value)}; the
 * total value is shared in proportion to these. This is the expected-value reading of the
 * ChannelAttribution package, which draws the value of a simulated conversion from the conversions
 * of the state it left. Sharing the value by conversion shares instead would give a channel that
 * only leads to small orders as much value as one that leads to large ones.
 *
 * <p><b>Exactly, not by simulation.</b> Absorption probabilities solve {@code (I − Q) x = b} over
 * the transient states, with {@code b} the one-step probability of conversion (and, for value, the
 * one-step expected value). Up to 600 states this is Gaussian elimination with partial pivoting on
 * a dense matrix; beyond, Gauss–Seidel on the sparse matrix until no unknown moves by more than
 * 10⁻¹³ of the largest. One solve per channel that appears in the chain, plus one without removal.
 * ChannelAttribution estimates the same quantities by simulation: a trajectory of the chain
 * converts without {@code c} exactly when it converts and never enters a state holding {@code c},
 * so {@code RE(c)} is the share of converting trajectories that visit {@code c}, which is what that
 * package counts over simulated journeys (and, for value, the share of simulated value). The exact
 * solution is what its estimates converge to.
 *
 * <p>Channels that never appear in a journey get a removal effect of zero. Without any conversion
 * every removal effect and every credit is zero.
 *
 * @param order how many consecutive touches a state remembers, from 1 to {@value #MAX_ORDER}
 */
public record MarkovChain(int order) implements AttributionModel {

  /** The highest order: past it the states outnumber the journeys of most data sets. */
  public static final int MAX_ORDER = 4;

  public MarkovChain {
    if (order < 1 || order > MAX_ORDER) {
      throw new IllegalArgumentException(
          "markov: the order must be between 1 and " + MAX_ORDER + ", not " + order);
    }
  }

  /** The first-order chain, the one most tools use by default. */
  public static MarkovChain firstOrder() {
    return new MarkovChain(1);
  }

  @Override
  public String describe() {
    return "markov (order " + order + ")";
  }

  @Override
  public Credits attribute(Paths paths) {
    List<String> channels = paths.channels();
    double[][] effects = effects(paths);
    double[] conversions = share(effects[0], (double) paths.totalConversions());
    double[] values = share(effects[1], paths.totalValue());
    return Credits.of(describe(), channels, conversions, values);
  }

  /** The removal effect of every channel of {@code paths}, sorted by channel. */
  public List<RemovalEffect> removalEffects(Paths paths) {
    List<String> channels = paths.channels();
    double[][] effects = effects(paths);
    List<RemovalEffect> result = new ArrayList<>(channels.size());
    for (int c = 0; c < channels.size(); c++) {
      result.add(new RemovalEffect(channels.get(c), effects[0][c], effects[1][c]));
    }
    result.sort(Comparator.comparing(RemovalEffect::channel));
    return List.copyOf(result);
  }

  /** Removal effects of conversions, then of value, by channel index. */
  private double[][] effects(Paths paths) {
    int channels = paths.channels().size();
    double[] ofConversions = new double[channels];
    double[] ofValue = new double[channels];
    AbsorbingChain chain = AbsorbingChain.of(paths, order);
    double[] full = chain.conversion(-1);
    if (full[0] > 0 || full[1] > 0) {
      for (int c = 0; c < channels; c++) {
        if (!chain.visits(c)) {
          continue;
        }
        double[] without = chain.conversion(c);
        ofConversions[c] = effect(full[0], without[0]);
        ofValue[c] = effect(full[1], without[1]);
      }
    }
    return new double[][] {ofConversions, ofValue};
  }

  private static double effect(double with, double without) {
    if (!(with > 0)) {
      return 0;
    }
    // Removing a channel can only lose conversions; clamp the last bit of rounding.
    return Math.min(1, Math.max(0, 1 - without / with));
  }

  private static double[] share(double[] effects, double total) {
    double sum = 0;
    for (double e : effects) {
      sum += e;
    }
    double[] shares = new double[effects.length];
    if (sum > 0) {
      for (int c = 0; c < effects.length; c++) {
        shares[c] = total * effects[c] / sum;
      }
    }
    return shares;
  }
}
