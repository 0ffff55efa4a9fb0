package dev.levier.commission;

import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import java.time.YearMonth;
import java.util.Objects;

/**
 * A limit on what commissions may add up to in one calendar month of the programme's time zone: for
 * one publisher in the programme, or for the whole programme (the advertiser's monthly budget).
 * Caps per order are {@link OrderCap}s.
 *
 * <p>A commission that fits under the cap is paid in full, even if it reaches the cap exactly. One
 * that does not fit is cut to what is left ({@link Action#CAP}) or pays nothing ({@link
 * Action#ZERO}), and keeps the reason in words.
 *
 * @param scope whose earnings the cap limits
 * @param max the most those earnings may add up to in a month, above zero, in the programme's
 *     currency
 * @param action what happens to a commission that does not fit
 */
public record MonthlyCap(Scope scope, Money max, Action action) {

  public MonthlyCap {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(action, "action");
    if (!max.isPositive()) {
      throw new IllegalArgumentException("max: must be above zero, not " + max);
    }
  }

  /** Whose earnings in the month a cap limits. */
  public enum Scope {
    /** One publisher's commissions in the programme. */
    PUBLISHER("publisher's"),
    /** All the programme's commissions, whichever publisher earned them. */
    PROGRAMME("programme's");

    private final String owner;

    Scope(String owner) {
      this.owner = owner;
    }

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  /** What happens to a commission that does not fit under the cap. */
  public enum Action {
    /** It is paid what is left under the cap, down to nothing. */
    CAP,
    /** It is paid nothing: a commission is paid in full or not at all. */
    ZERO;

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  /**
   * What a new commission is paid under this cap.
   *
   * @param month the month the commission's order belongs to, in the programme's time zone; for the
   *     explanation
   * @param earned what the scope has already earned in that month, in the cap's currency
   * @param amount what the commission would pay without the cap, zero or more
   * @throws IllegalArgumentException if an amount is in another currency or {@code amount} is
   *     negative
   */
  public CapOutcome apply(YearMonth month, Money earned, Money amount) {
    Objects.requireNonNull(month, "month");
    requireCurrency("earned", earned);
    requireCurrency("amount", amount);
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount: must not be negative, was " + amount);
    }
    Money room = max.minus(earned);
    if (amount.isZero() || amount.compareTo(room) <= 0) {
      return new CapOutcome(amount, amount, null);
    }
    Money zero = Money.zero(max.currency());
    Money paid = action == Action.ZERO || !room.isPositive() ? zero : room;
    String name = scope.owner + " monthly cap of " + max;
    String reason;
    if (action == Action.ZERO) {
      reason =
          name
              + " would be exceeded ("
              + earned
              + " already earned in "
              + month
              + "): nothing of "
              + amount
              + " paid, as this cap pays a commission in full or not at all";
    } else if (!room.isPositive()) {
      reason =
          name
              + " already reached in "
              + month
              + " ("
              + earned
              + " earned): "
              + paid
              + " of "
              + amount
              + " paid";
    } else {
      reason =
          name
              + " reached: "
              + paid
              + " of "
              + amount
              + " paid, as "
              + earned
              + " was already earned in "
              + month;
    }
    return new CapOutcome(amount, paid, reason);
  }

  private void requireCurrency(String what, Money money) {
    Objects.requireNonNull(money, what);
    if (!money.currency().equals(max.currency())) {
      throw new IllegalArgumentException(
          what + ": " + money + " is not in the cap's currency " + max.currency());
    }
  }
}
