package dev.levier.finance;

import dev.levier.money.Money;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One payment to one publisher in one currency.
 *
 * @param id the payout's id, derived from the payout run by {@link Payouts#plan}
 * @param publisherId the publisher paid
 * @param amount above zero, in the currency of the publisher's balance
 * @param status where it stands
 * @param failure why it failed, for a failed payout only
 */
public record Payout(
    String id, String publisherId, Money amount, PayoutStatus status, @Nullable String failure) {

  public Payout {
    Ids.require(id, "id");
    Ids.require(publisherId, "publisherId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(status, "status");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(
          "amount: payout " + id + " must be above zero, not " + amount);
    }
    if ((status == PayoutStatus.FAILED) != (failure != null && !failure.isBlank())) {
      throw new IllegalArgumentException(
          "failure: payout "
              + id
              + (status == PayoutStatus.FAILED
                  ? " failed and needs the reason"
                  : " is " + status + " and has no failure reason"));
    }
  }

  /** A new scheduled payout. */
  public static Payout scheduled(String id, String publisherId, Money amount) {
    return new Payout(id, publisherId, amount, PayoutStatus.SCHEDULED, null);
  }

  /**
   * The same payout, sent.
   *
   * @throws IllegalStateException if it is not scheduled
   */
  public Payout sent() {
    requireMove(PayoutStatus.SENT);
    return new Payout(id, publisherId, amount, PayoutStatus.SENT, null);
  }

  /**
   * The same payout, failed for the reason given.
   *
   * @throws IllegalStateException if it is not scheduled
   */
  public Payout failed(String reason) {
    Objects.requireNonNull(reason, "reason");
    requireMove(PayoutStatus.FAILED);
    return new Payout(id, publisherId, amount, PayoutStatus.FAILED, reason);
  }

  private void requireMove(PayoutStatus next) {
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException(
          "payout "
              + id
              + " is "
              + status
              + " and cannot become "
              + next
              + "; only a scheduled payout is sent or fails");
    }
  }
}
