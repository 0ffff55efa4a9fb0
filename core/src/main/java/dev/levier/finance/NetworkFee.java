package dev.levier.finance;

import dev.levier.money.Money;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the network charges an advertiser on top of each commission: a percentage of the commission,
 * a fixed amount per conversion, or both.
 *
 * <p>The percentage part is {@link Money#percent} of the commission, rounded once, half-even, to
 * the minor unit, like every line-level amount in Levier; the fixed part is added as it is. The fee
 * is computed once per commission (per conversion), never per line, so there is exactly one
 * rounding per conversion.
 *
 * @param percentOfCommission from 0 to 100 with at most 4 decimals ({@code 30} means 30% of the
 *     commission)
 * @param fixedPerConversion charged once per conversion, zero or more, in the programme's currency;
 *     null when the fee has no fixed part
 */
public record NetworkFee(BigDecimal percentOfCommission, @Nullable Money fixedPerConversion) {

  /** Declared before {@link #NONE}, whose construction reads it. */
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** No fee: for advertisers the network does not charge. */
  public static final NetworkFee NONE = new NetworkFee(BigDecimal.ZERO, null);

  public NetworkFee {
    Objects.requireNonNull(percentOfCommission, "percentOfCommission");
    if (percentOfCommission.signum() < 0 || percentOfCommission.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException(
          "percentOfCommission: must be from 0 to 100, not " + percentOfCommission.toPlainString());
    }
    if (percentOfCommission.stripTrailingZeros().scale() > 4) {
      throw new IllegalArgumentException(
          "percentOfCommission: at most 4 decimals, not " + percentOfCommission.toPlainString());
    }
    if (fixedPerConversion != null && fixedPerConversion.isNegative()) {
      throw new IllegalArgumentException(
          "fixedPerConversion: must be zero or more, not " + fixedPerConversion);
    }
  }

  /** A percentage of the commission only, such as {@code percent("30")}. */
  public static NetworkFee percent(String percentOfCommission) {
    return new NetworkFee(new BigDecimal(percentOfCommission), null);
  }

  /** A fixed amount per conversion only. */
  public static NetworkFee fixed(Money perConversion) {
    return new NetworkFee(BigDecimal.ZERO, perConversion);
  }

  /**
   * The fee on one conversion's commission: the percentage part rounded half-even, plus the fixed
   * part. A conversion whose commission is zero still pays the fixed part.
   *
   * @param commission the conversion's commission, zero or more
   * @throws IllegalArgumentException if the commission is negative or not in the fixed part's
   *     currency
   */
  public Money on(Money commission) {
    Money percentPart = percentPart(commission);
    return fixedPerConversion == null ? percentPart : percentPart.plus(fixedPartFor(commission));
  }

  /** The percentage part alone: the commission times the percentage, rounded once, half-even. */
  public Money percentPart(Money commission) {
    Objects.requireNonNull(commission, "commission");
    if (commission.isNegative()) {
      throw new IllegalArgumentException(
          "commission: a fee is computed on a commission of zero or more, not " + commission);
    }
    return commission.percent(percentOfCommission);
  }

  /**
   * The part of the fee to give back when a clawback reduces a locked commission from {@code
   * before} by {@code clawedBack}: the fee on {@code before} minus the fee on what is left, and the
   * whole fee, fixed part included, once nothing is left.
   *
   * <p>Computed as a difference rather than as a fee on the clawed-back amount, so that the refunds
   * of any series of partial clawbacks add up to exactly the fee charged once the whole commission
   * is taken back, with no minor unit refunded twice by rounding. Once the commission is at zero
   * the whole fee has been given back, so a further refund is zero.
   *
   * @param before what was left of the commission before this clawback (the locked amount, less
   *     earlier clawbacks)
   * @param clawedBack what this clawback takes back, zero up to {@code before}
   */
  public Money refund(Money before, Money clawedBack) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(clawedBack, "clawedBack");
    if (clawedBack.isNegative() || clawedBack.compareTo(before) > 0) {
      throw new IllegalArgumentException(
          "clawedBack: must be from zero to what is left of the commission ("
              + before
              + "), not "
              + clawedBack);
    }
    if (before.isZero()) {
      return before; // the whole fee went back with the clawback that reached zero
    }
    Money after = before.minus(clawedBack);
    Money feeAfter = after.isZero() ? Money.zero(after.currency()) : on(after);
    return on(before).minus(feeAfter);
  }

  private Money fixedPartFor(Money commission) {
    Money fixed = Objects.requireNonNull(fixedPerConversion);
    if (!fixed.currency().equals(commission.currency())) {
      throw new IllegalArgumentException(
          "commission: the fixed fee is "
              + fixed
              + ", so the commission must be in "
              + fixed.currency()
              + ", not "
              + commission.currency());
    }
    return fixed;
  }

  /** {@code 30% of the commission + EUR 0.10 per conversion}. */
  @Override
  public String toString() {
    String percent =
        percentOfCommission.stripTrailingZeros().toPlainString() + "% of the commission";
    if (fixedPerConversion == null) {
      return percent;
    }
    return percentOfCommission.signum() == 0
        ? fixedPerConversion + " per conversion"
        : percent + " + " + fixedPerConversion + " per conversion";
  }
}
