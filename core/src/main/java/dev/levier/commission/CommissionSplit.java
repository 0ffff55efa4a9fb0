package dev.levier.commission;

import dev.levier.money.Money;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits what one sale earns between the publishers that share its credit, so that no minor unit is
 * lost or created.
 *
 * <p>Each credited publisher has its own commission for the whole sale (its rules may differ by
 * publisher type or role) and a share of the credit. For every line, each publisher gets its line
 * amount times its share; the parts of a line are rounded together by the largest remainder method
 * so that they add up to the exact sum of the products, rounded half-even once. When every
 * publisher's rules give a line the same amount, the parts of that line therefore add up to that
 * amount exactly, whatever the shares.
 *
 * <p>Shares are first written as whole parts per billion that add up to exactly one billion (again
 * by largest remainder), so the money arithmetic is exact integer arithmetic whatever rounding the
 * model's doubles carry.
 */
public final class CommissionSplit {

  /** The unit shares are written in: parts per billion. */
  public static final long WHOLE = 1_000_000_000L;

  private CommissionSplit() {}

  /**
   * Shares written as parts per billion that add up to exactly {@link #WHOLE}.
   *
   * @param shares zero or more each, at least one positive; scaled to add up to one
   * @throws IllegalArgumentException if a share is negative or not finite, or all are zero
   */
  public static long[] partsPerBillion(double[] shares) {
    double total = 0;
    for (int i = 0; i < shares.length; i++) {
      double share = shares[i];
      if (!(share >= 0) || Double.isInfinite(share)) {
        throw new IllegalArgumentException("share " + i + " must be zero or more, not " + share);
      }
      total += share;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("at least one share must be positive");
    }
    long[] parts = new long[shares.length];
    double[] dropped = new double[shares.length];
    long handedOut = 0;
    for (int i = 0; i < shares.length; i++) {
      double exact = shares[i] / total * WHOLE;
      parts[i] = (long) Math.floor(exact);
      dropped[i] = exact - parts[i];
      handedOut += parts[i];
    }
    List<Integer> order = byLargest(dropped);
    long missing = WHOLE - handedOut;
    // Floating error can make the floors overshoot by a unit or two: take them back from the
    // smallest remainders.
    for (int k = 0; missing > 0; k = (k + 1) % shares.length) {
      int i = order.get(k);
      if (shares[i] > 0) {
        parts[i]++;
        missing--;
      }
    }
    for (int k = shares.length - 1; missing < 0; k = k == 0 ? shares.length - 1 : k - 1) {
      int i = order.get(k);
      if (parts[i] > 0) {
        parts[i]--;
        missing++;
      }
    }
    return parts;
  }

  /**
   * Each publisher's part of the sale: its commission for the whole sale scaled by its share, line
   * by line, the parts of each line rounded together (see the class description).
   *
   * @param whole each credited publisher's commission for the whole sale, all in one currency
   * @param partsPerBillion each one's share, from {@link #partsPerBillion(double[])}
   * @return one commission per publisher, in the same order
   * @throws IllegalArgumentException if the lists differ in length, the shares do not add up to
   *     {@link #WHOLE}, or the currencies differ
   */
  public static List<SaleCommission> split(List<SaleCommission> whole, long[] partsPerBillion) {
    if (whole.size() != partsPerBillion.length) {
      throw new IllegalArgumentException(
          whole.size() + " commissions but " + partsPerBillion.length + " shares");
    }
    long sum = 0;
    for (long part : partsPerBillion) {
      if (part < 0) {
        throw new IllegalArgumentException("a share must not be negative, was " + part);
      }
      sum += part;
    }
    if (sum != WHOLE) {
      throw new IllegalArgumentException("shares must add up to " + WHOLE + ", not " + sum);
    }
    int n = whole.size();
    // Line number -> each publisher's index of that part in its own list, or -1.
    Map<Integer, int[]> lines = new TreeMap<>();
    for (int p = 0; p < n; p++) {
      List<LineCommission> parts = whole.get(p).parts();
      for (int i = 0; i < parts.size(); i++) {
        int[] where =
            lines.computeIfAbsent(
                parts.get(i).lineNo(),
                k -> {
                  int[] none = new int[n];
                  java.util.Arrays.fill(none, -1);
                  return none;
                });
        where[p] = i;
      }
      if (!whole.get(p).total().currency().equals(whole.get(0).total().currency())) {
        throw new IllegalArgumentException("the commissions to split are in different currencies");
      }
    }
    List<List<LineCommission>> scaled = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      scaled.add(new ArrayList<>());
    }
    for (int[] where : lines.values()) {
      long[] amounts = new long[n];
      for (int p = 0; p < n; p++) {
        amounts[p] = where[p] < 0 ? 0 : whole.get(p).parts().get(where[p]).amount().minor();
      }
      long[] parts = splitLine(amounts, partsPerBillion);
      for (int p = 0; p < n; p++) {
        if (where[p] >= 0) {
          LineCommission part = whole.get(p).parts().get(where[p]);
          scaled.get(p).add(scale(part, parts[p], partsPerBillion[p]));
        }
      }
    }
    List<SaleCommission> result = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      SaleCommission original = whole.get(p);
      Money total = Money.zero(original.total().currency());
      for (LineCommission part : scaled.get(p)) {
        total = total.plus(part.amount());
      }
      result.add(new SaleCommission(original.version(), scaled.get(p), total));
    }
    return result;
  }

  /** One line's parts: {@code amounts[p] × shares[p] / WHOLE}, rounded together. */
  private static long[] splitLine(long[] amounts, long[] shares) {
    int n = amounts.length;
    BigInteger whole = BigInteger.valueOf(WHOLE);
    BigInteger exactSum = BigInteger.ZERO;
    long[] floors = new long[n];
    BigInteger[] remainders = new BigInteger[n];
    long floorSum = 0;
    for (int p = 0; p < n; p++) {
      BigInteger product = BigInteger.valueOf(amounts[p]).multiply(BigInteger.valueOf(shares[p]));
      exactSum = exactSum.add(product);
      BigInteger[] division = product.divideAndRemainder(whole);
      floors[p] = division[0].longValueExact();
      remainders[p] = division[1];
      floorSum += floors[p];
    }
    long target =
        new java.math.BigDecimal(exactSum)
            .divide(new java.math.BigDecimal(whole), 0, RoundingMode.HALF_EVEN)
            .longValueExact();
    List<Integer> order = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      order.add(p);
    }
    order.sort(
        Comparator.comparing((Integer p) -> remainders[p])
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    for (int k = 0; floorSum < target; k++) {
      floors[order.get(k % n)]++;
      floorSum++;
    }
    return floors;
  }

  private static LineCommission scale(LineCommission part, long amount, long share) {
    Money uncapped =
        Money.ofMinor(
            BigInteger.valueOf(part.uncapped().minor())
                .multiply(BigInteger.valueOf(share))
                .add(BigInteger.valueOf(WHOLE / 2))
                .divide(BigInteger.valueOf(WHOLE))
                .longValueExact(),
            part.uncapped().currency());
    return new LineCommission(
        part.lineNo(),
        part.ruleId(),
        part.ruleName(),
        part.version(),
        part.held(),
        part.basis(),
        part.base(),
        uncapped.compareTo(Money.ofMinor(amount, uncapped.currency())) < 0
            ? Money.ofMinor(amount, uncapped.currency())
            : uncapped,
        Money.ofMinor(amount, part.amount().currency()),
        part.capNote());
  }

  private static List<Integer> byLargest(double[] dropped) {
    List<Integer> order = new ArrayList<>(dropped.length);
    for (int i = 0; i < dropped.length; i++) {
      order.add(i);
    }
    order.sort(
        Comparator.comparingDouble((Integer i) -> dropped[i])
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    return order;
  }
}
