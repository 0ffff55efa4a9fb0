package dev.levier.attribution;

import java.util.Arrays;

/**
 * The Markov chain of a set of paths, as {@link MarkovChain} defines it: a start state, transient
 * states (windows of up to {@code order} consecutive channels), and two absorbing states,
 * conversion and null. Transition probabilities are the observed counts, each path counting once
 * per journey that followed it (its conversions plus its nulls).
 *
 * <p>Answers one question exactly: starting from the start state, with some channel's states
 * removed (every transition into them goes to null instead), what is the probability of reaching
 * the conversion state, and what value is expected from the conversions reached. Both are the
 * solutions of the same linear system {@code (I − Q) x = b} over the transient states, with two
 * right-hand sides.
 */
final class AbsorbingChain {

  /**
   * Up to this many transient states the system is solved directly (Gaussian elimination with
   * partial pivoting, O(n³)); beyond, iteratively on the sparse matrix, since a dense matrix of
   * tens of thousands of states would not fit the heap.
   */
  static final int DENSE_LIMIT = 600;

  /** The iterative solve stops when no unknown moves by more than this, relative to the largest. */
  static final double TOLERANCE = 1e-13;

  /** The iterative solve gives up after this many sweeps rather than loop forever. */
  static final int MAX_SWEEPS = 1_000_000;

  private final int order;
  private final long base;
  private final int states;
  // Per state: journeys entering from the start, leaving to conversion or null, and the value of
  // the conversions leaving it.
  private final double[] fromStart;
  private final double[] toConversion;
  private final double[] conversionValue;
  private final double[] leaving;
  private final double startTotal;
  // Transitions between transient states, by origin (compressed rows), self-loops apart.
  private final int[] rowStart;
  private final int[] target;
  private final double[] count;
  private final double[] selfLoop;
  private final long[] stateKeys;

  private AbsorbingChain(Builder builder) {
    this.order = builder.order;
    this.base = builder.base;
    this.states = builder.states.size();
    this.fromStart = Arrays.copyOf(builder.fromStart, states);
    this.toConversion = Arrays.copyOf(builder.toConversion, states);
    this.conversionValue = Arrays.copyOf(builder.conversionValue, states);
    double[] out = new double[states];
    double start = 0;
    for (int s = 0; s < states; s++) {
      out[s] = toConversion[s] + builder.toNull[s];
      start += fromStart[s];
    }
    this.startTotal = start;
    this.stateKeys = new long[states];
    for (int s = 0; s < states; s++) {
      stateKeys[s] = builder.states.key(s);
    }
    int edges = builder.edges.size();
    int[] perRow = new int[states + 1];
    for (int e = 0; e < edges; e++) {
      long key = builder.edges.key(e);
      int from = (int) (key >>> 32);
      int to = (int) key;
      out[from] += builder.edgeCount[e];
      if (from != to) {
        perRow[from + 1]++;
      }
    }
    for (int s = 0; s < states; s++) {
      perRow[s + 1] += perRow[s];
    }
    this.rowStart = perRow.clone();
    this.target = new int[perRow[states]];
    this.count = new double[perRow[states]];
    this.selfLoop = new double[states];
    int[] next = Arrays.copyOf(perRow, states);
    for (int e = 0; e < edges; e++) {
      long key = builder.edges.key(e);
      int from = (int) (key >>> 32);
      int to = (int) key;
      if (from == to) {
        selfLoop[from] += builder.edgeCount[e];
      } else {
        int at = next[from]++;
        target[at] = to;
        count[at] = builder.edgeCount[e];
      }
    }
    this.leaving = out;
  }

  /** Collects the transitions of the paths of {@code paths} for a chain of {@code order}. */
  static AbsorbingChain of(Paths paths, int order) {
    Builder builder = new Builder(paths.channels().size(), order);
    for (int i = 0; i < paths.size(); i++) {
      builder.add(paths.path(i), paths.conversions(i), paths.value(i), paths.nulls(i));
    }
    return new AbsorbingChain(builder);
  }

  /** How many transient states the paths visit. */
  int states() {
    return states;
  }

  /** Whether any journey was seen at all. */
  boolean isEmpty() {
    return startTotal == 0;
  }

  /** Whether {@code channel} is one of the channels of transient state {@code state}. */
  boolean contains(int state, int channel) {
    long key = stateKeys[state];
    for (int i = 0; i < order && key > 0; i++) {
      if (key % base - 1 == channel) {
        return true;
      }
      key /= base;
    }
    return false;
  }

  /** Whether some transient state holds {@code channel}. */
  boolean visits(int channel) {
    for (int s = 0; s < states; s++) {
      if (contains(s, channel)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The probability of conversion from the start and the expected value of the conversions reached
   * from the start, with the states of {@code removedChannel} sent to null (-1 removes nothing).
   *
   * @return the probability, then the expected value
   */
  double[] conversion(int removedChannel) {
    if (startTotal == 0) {
      return new double[] {0, 0};
    }
    // Unknowns are the states kept; a removed state absorbs into null, so its unknowns are zero.
    int[] unknown = new int[states];
    int kept = 0;
    for (int s = 0; s < states; s++) {
      unknown[s] = removedChannel >= 0 && contains(s, removedChannel) ? -1 : kept++;
    }
    double[][] solution =
        kept <= DENSE_LIMIT ? solveDense(unknown, kept) : solveIteratively(unknown, kept);
    double probability = 0;
    double value = 0;
    for (int s = 0; s < states; s++) {
      int u = unknown[s];
      if (u >= 0 && fromStart[s] > 0) {
        probability += fromStart[s] / startTotal * solution[0][u];
        value += fromStart[s] / startTotal * solution[1][u];
      }
    }
    return new double[] {probability, value};
  }

  /**
   * Gaussian elimination with partial pivoting on {@code I − Q}, with the probability of converting
   * in one step and the value expected in one step as the two right-hand sides.
   */
  private double[][] solveDense(int[] unknown, int kept) {
    double[][] a = new double[kept][kept + 2];
    for (int s = 0; s < states; s++) {
      int u = unknown[s];
      if (u < 0) {
        continue;
      }
      double[] row = a[u];
      double out = leaving[s];
      row[u] = 1 - selfLoop[s] / out;
      for (int e = rowStart[s]; e < rowStart[s + 1]; e++) {
        int v = unknown[target[e]];
        if (v >= 0) {
          row[v] -= count[e] / out;
        }
      }
      row[kept] = toConversion[s] / out;
      row[kept + 1] = conversionValue[s] / out;
    }
    for (int col = 0; col < kept; col++) {
      int pivot = col;
      for (int r = col + 1; r < kept; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      double[] pivotRow = a[col];
      double p = pivotRow[col];
      if (p == 0) {
        // Cannot happen: every state leaks into an absorbing state, so I − Q is invertible.
        throw new IllegalStateException("the Markov chain has a closed set of states");
      }
      for (int r = col + 1; r < kept; r++) {
        double[] row = a[r];
        double factor = row[col] / p;
        if (factor == 0) {
          continue;
        }
        for (int c = col; c < kept + 2; c++) {
          row[c] -= factor * pivotRow[c];
        }
      }
    }
    double[][] x = new double[2][kept];
    for (int r = kept - 1; r >= 0; r--) {
      double[] row = a[r];
      double p = row[kept];
      double v = row[kept + 1];
      for (int c = r + 1; c < kept; c++) {
        p -= row[c] * x[0][c];
        v -= row[c] * x[1][c];
      }
      x[0][r] = p / row[r];
      x[1][r] = v / row[r];
    }
    return x;
  }

  /**
   * Gauss–Seidel on the sparse rows: each sweep sets every unknown from the current others, self
   * loops solved in place. From zero the unknowns rise monotonically to the solution (Q is
   * non-negative and substochastic), so the sweeps stop once no unknown moves by more than {@link
   * #TOLERANCE} of the largest.
   */
  private double[][] solveIteratively(int[] unknown, int kept) {
    double[] p = new double[kept];
    double[] v = new double[kept];
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double moved = 0;
      double largest = 0;
      for (int s = 0; s < states; s++) {
        int u = unknown[s];
        if (u < 0) {
          continue;
        }
        double out = leaving[s];
        double sumP = toConversion[s];
        double sumV = conversionValue[s];
        for (int e = rowStart[s]; e < rowStart[s + 1]; e++) {
          int t = unknown[target[e]];
          if (t >= 0) {
            sumP += count[e] * p[t];
            sumV += count[e] * v[t];
          }
        }
        double stay = out - selfLoop[s];
        double newP = sumP / stay;
        double newV = sumV / stay;
        moved = Math.max(moved, Math.max(Math.abs(newP - p[u]), Math.abs(newV - v[u])));
        largest = Math.max(largest, Math.max(newP, newV));
        p[u] = newP;
        v[u] = newV;
      }
      if (moved <= TOLERANCE * Math.max(1, largest)) {
        return new double[][] {p, v};
      }
    }
    throw new IllegalStateException(
        "the Markov chain of "
            + kept
            + " states did not converge in "
            + MAX_SWEEPS
            + " sweeps; try a lower order");
  }

  /** Collects counts path by path, allocating nothing per path. */
  private static final class Builder {
    private final int order;
    private final long base;
    private final LongIndex states = new LongIndex(64);
    private final LongIndex edges = new LongIndex(256);
    private double[] fromStart = new double[64];
    private double[] toConversion = new double[64];
    private double[] toNull = new double[64];
    private double[] conversionValue = new double[64];
    private double[] edgeCount = new double[256];

    Builder(int channels, int order) {
      this.order = order;
      this.base = channels + 1L;
      // A state's key is its window of channels written in base channels + 1, digit 0 meaning
      // "no channel", so the key of the longest window must fit in a long.
      double largest = Math.pow((double) base, order);
      if (largest >= Long.MAX_VALUE / 2.0) {
        throw new IllegalArgumentException(
            "a Markov chain of order " + order + " cannot number " + channels + " channels");
      }
    }

    void add(int[] path, long conversions, double value, long nulls) {
      double journeys = (double) conversions + nulls;
      if (journeys == 0) {
        return;
      }
      int length = path.length;
      // Windows end at touch `last`; the first one ends at the order-th touch (or at the last
      // touch of a shorter path).
      int firstEnd = Math.min(order, length) - 1;
      int previous = -1;
      for (int last = firstEnd; last < length; last++) {
        int from = Math.max(0, last - order + 1);
        long key = 0;
        for (int t = last; t >= from; t--) {
          key = key * base + path[t] + 1;
        }
        int state = state(key);
        if (previous < 0) {
          fromStart[state] += journeys;
        } else {
          int edge = edges.id(((long) previous << 32) | state);
          if (edge == edgeCount.length) {
            edgeCount = Arrays.copyOf(edgeCount, edge * 2);
          }
          edgeCount[edge] += journeys;
        }
        previous = state;
      }
      toConversion[previous] += conversions;
      toNull[previous] += nulls;
      conversionValue[previous] += value;
    }

    private int state(long key) {
      int state = states.id(key);
      if (state == fromStart.length) {
        int grown = state * 2;
        fromStart = Arrays.copyOf(fromStart, grown);
        toConversion = Arrays.copyOf(toConversion, grown);
        toNull = Arrays.copyOf(toNull, grown);
        conversionValue = Arrays.copyOf(conversionValue, grown);
      }
      return state;
    }
  }
}
