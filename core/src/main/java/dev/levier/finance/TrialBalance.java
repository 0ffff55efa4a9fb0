package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.Objects;

/**
 * The sums of all debit balances and of all credit balances of the books in one currency; in
 * balanced books they are equal.
 *
 * @param currency the currency
 * @param debits the sum of the accounts whose balance is on the debit side, zero or more
 * @param credits the sum of the accounts whose balance is on the credit side, as a positive amount
 */
public record TrialBalance(CurrencyUnit currency, Money debits, Money credits) {

  public TrialBalance {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(debits, "debits");
    Objects.requireNonNull(credits, "credits");
  }

  /** Whether debits equal credits, as double entry guarantees. */
  public boolean isBalanced() {
    return debits.equals(credits);
  }
}
