package dev.levier.commission;

import dev.levier.money.Money;
import java.util.Objects;

/**
 * A change to one commission booked at period close, such as a volume tier raising its rate; the
 * commission itself is not rewritten, so its history reads as it happened.
 *
 * @param commissionId the commission adjusted
 * @param delta what it adds (or, when a tier is no longer reached, takes back); never zero
 * @param explanation why, in plain words
 */
public record Adjustment(String commissionId, Money delta, String explanation) {
  public Adjustment {
    Objects.requireNonNull(commissionId, "commissionId");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(explanation, "explanation");
    if (delta.isZero()) {
      throw new IllegalArgumentException("delta: an adjustment of zero is not booked");
    }
  }
}
