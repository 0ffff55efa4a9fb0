package dev.levier.commission;

import dev.levier.money.Money;
import java.util.Objects;

/**
 * A bonus granted (or withdrawn) at period close.
 *
 * @param bonusId the {@link Bonus} it pays
 * @param amount what it pays; negative when a bonus granted before is no longer earned; never zero
 * @param explanation why, in plain words
 */
public record BonusAward(String bonusId, Money amount, String explanation) {
  public BonusAward {
    Objects.requireNonNull(bonusId, "bonusId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(explanation, "explanation");
    if (amount.isZero()) {
      throw new IllegalArgumentException("amount: a bonus of zero is not booked");
    }
  }
}
