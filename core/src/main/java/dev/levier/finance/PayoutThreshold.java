package dev.levier.finance;

import dev.levier.money.Money;
import java.util.Objects;

/**
 * The smallest balance for which a publisher is paid in one currency, so that small amounts wait
 * until a payout is worth its bank fee.
 *
 * @param publisherId the publisher
 * @param minimum zero or more; its currency is the balance's currency it applies to
 */
public record PayoutThreshold(String publisherId, Money minimum) {

  public PayoutThreshold {
    Ids.require(publisherId, "publisherId");
    Objects.requireNonNull(minimum, "minimum");
    if (minimum.isNegative()) {
      throw new IllegalArgumentException(
          "minimum: the payout threshold of " + publisherId + " cannot be negative, " + minimum);
    }
  }
}
