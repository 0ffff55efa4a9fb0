package dev.levier.finance;

import dev.levier.money.Money;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A commission whose validation period has ended, the fact from which the books take what the
 * advertiser owes and the publisher earns.
 *
 * <p>A commission enters the books only once it is locked: before that it can still be declined or
 * reduced after a return, and those changes belong to the commission, not to the books. After the
 * lock, a change is a movement of its own ({@link Books#clawback}, {@link Books#adjustment}).
 *
 * @param commissionId the commission's id
 * @param conversionId the conversion that earned it
 * @param ruleId the rule that set the amount, or null when none matched (and the amount is zero)
 * @param advertiserId the advertiser who owes it
 * @param publisherId the publisher who earned it
 * @param amount what the publisher earned, in the programme's currency, zero or more
 * @param payout how the amount was converted into the publisher's payout currency, or null when the
 *     publisher is paid in the programme's currency; its {@code from} is {@code amount}
 * @param lockedAt when the validation period ended, in UTC
 */
public record LockedCommission(
    String commissionId,
    String conversionId,
    @Nullable String ruleId,
    String advertiserId,
    String publisherId,
    Money amount,
    @Nullable Conversion payout,
    Instant lockedAt) {

  public LockedCommission {
    Ids.require(commissionId, "commissionId");
    Ids.require(conversionId, "conversionId");
    Ids.require(advertiserId, "advertiserId");
    Ids.require(publisherId, "publisherId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(lockedAt, "lockedAt");
    if (ruleId != null && ruleId.isBlank()) {
      throw new IllegalArgumentException("ruleId: must be null or not blank");
    }
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "amount: commission " + commissionId + " cannot be negative, was " + amount);
    }
    if (payout != null && !payout.from().equals(amount)) {
      throw new IllegalArgumentException(
          "payout: commission "
              + commissionId
              + " is "
              + amount
              + " but its conversion converts "
              + payout.from());
    }
  }

  /** What the publisher is credited: the converted amount, or the amount itself. */
  public Money publisherAmount() {
    return payout == null ? amount : payout.to();
  }

  /** The entry references of this commission. */
  public References references() {
    return References.ofCommission(conversionId, commissionId, ruleId);
  }
}
