package dev.levier.commission;

import dev.levier.money.Money;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a commission is paid after a monthly cap, and why when it is less than it would have been.
 *
 * @param uncapped what it would pay without the cap
 * @param paid what it pays, from zero to {@code uncapped}
 * @param reason why {@code paid} is below {@code uncapped}, in plain words, or null when it is not
 */
public record CapOutcome(Money uncapped, Money paid, @Nullable String reason) {
  public CapOutcome {
    Objects.requireNonNull(uncapped, "uncapped");
    Objects.requireNonNull(paid, "paid");
    if (paid.isNegative() || paid.compareTo(uncapped) > 0) {
      throw new IllegalArgumentException(
          "paid: must be between zero and " + uncapped + ", not " + paid);
    }
    if ((reason == null) != paid.equals(uncapped)) {
      throw new IllegalArgumentException("reason: required exactly when paid is below uncapped");
    }
  }

  /** Whether the cap took something off. */
  public boolean capped() {
    return reason != null;
  }
}
