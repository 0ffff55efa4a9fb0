package dev.levier.finance;

import dev.levier.money.Money;
import java.util.List;
import java.util.Objects;

/**
 * What one payout run decided: the payouts to schedule, and for every other balance why it waits.
 *
 * @param scheduled the payouts to schedule, by publisher then currency
 * @param held the balances not paid now, with the reason, by publisher then currency
 */
public record PayoutPlan(List<Payout> scheduled, List<Held> held) {

  public PayoutPlan {
    scheduled = List.copyOf(scheduled);
    held = List.copyOf(held);
  }

  /**
   * A balance not paid in this run.
   *
   * @param publisherId the publisher
   * @param balance what it is owed (negative when it owes)
   * @param reason in plain words, such as "below the threshold of EUR 50.00"
   */
  public record Held(String publisherId, Money balance, String reason) {
    public Held {
      Objects.requireNonNull(publisherId, "publisherId");
      Objects.requireNonNull(balance, "balance");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
