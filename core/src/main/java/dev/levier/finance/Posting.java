package dev.levier.finance;

import dev.levier.money.Money;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a journal entry: an amount put on one account.
 *
 * <p>The amount is signed, debit positive and credit negative, so that an entry balances when its
 * amounts add up to zero in each currency and a reversal is the same postings negated. {@link
 * #debit} and {@link #credit} build postings from a positive amount for readers who think in sides.
 *
 * @param account the account, in the amount's currency
 * @param amount the signed amount, never zero: a posting that moves nothing would only be noise in
 *     the books
 * @param conversion how the amount was obtained from an amount in another currency, or null when it
 *     was not converted; the converted amount is this posting's amount, in either sign
 */
public record Posting(Account account, Money amount, @Nullable Conversion conversion) {

  public Posting {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    if (!amount.currency().equals(account.currency())) {
      throw new IllegalArgumentException(
          "amount: "
              + amount
              + " cannot be posted to "
              + account
              + ", which holds "
              + account.currency());
    }
    if (amount.isZero()) {
      throw new IllegalArgumentException("amount: a posting to " + account + " must not be zero");
    }
    if (conversion != null
        && !conversion.to().equals(amount)
        && !conversion.to().equals(amount.negate())) {
      throw new IllegalArgumentException(
          "conversion: " + conversion + " does not give the posted amount " + amount);
    }
  }

  /** A signed amount on an account, without conversion. */
  public static Posting of(Account account, Money signedAmount) {
    return new Posting(account, signedAmount, null);
  }

  /**
   * A debit of a positive amount.
   *
   * @throws IllegalArgumentException if the amount is not above zero
   */
  public static Posting debit(Account account, Money amount) {
    requirePositive(amount, "debit");
    return new Posting(account, amount, null);
  }

  /**
   * A credit of a positive amount, stored as its negative.
   *
   * @throws IllegalArgumentException if the amount is not above zero
   */
  public static Posting credit(Account account, Money amount) {
    requirePositive(amount, "credit");
    return new Posting(account, amount.negate(), null);
  }

  /** Which side the amount is on. */
  public Side side() {
    return Side.ofSign(amount.minor());
  }

  /** The same posting with the opposite sign, as a reversal books it. */
  public Posting negate() {
    return new Posting(account, amount.negate(), conversion == null ? null : conversion.negate());
  }

  private static void requirePositive(Money amount, String side) {
    Objects.requireNonNull(amount, "amount");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(
          "amount: a " + side + " takes an amount above zero, not " + amount);
    }
  }

  /** {@code debit publisher_payable:pub_7:EUR EUR 10.00}. */
  @Override
  public String toString() {
    return side() + " " + account + " " + amount.abs();
  }
}
