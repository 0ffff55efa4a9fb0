package dev.levier.commission;

import dev.levier.conversion.CustomerStatus;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of a publisher's commissions in the month being closed, as period incentives read it.
 *
 * @param id the commission's id
 * @param orderId the order it was earned on: sales and new customers are counted by order, so the
 *     commissions of several lines of one order count once
 * @param status where it stands; only confirmed commissions (approved or beyond) count and are
 *     adjusted, since a pending one may still be declined
 * @param base what it was computed on, after returns, in the programme's currency
 * @param percent the rate it was paid at, or null for a fixed amount
 * @param amount what it pays, in the programme's currency
 * @param customerStatus whether the order's customer was new, or null when unknown
 */
public record MonthCommission(
    String id,
    String orderId,
    CommissionStatus status,
    Money base,
    @Nullable BigDecimal percent,
    Money amount,
    @Nullable CustomerStatus customerStatus) {
  public MonthCommission {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(amount, "amount");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    if (base.isNegative()) {
      throw new IllegalArgumentException(
          "commission " + id + ": base must not be negative, was " + base);
    }
    if (!amount.currency().equals(base.currency())) {
      throw new IllegalArgumentException(
          "commission "
              + id
              + ": base and amount must be in one currency, not "
              + base
              + " and "
              + amount);
    }
    if (percent != null
        && (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0)) {
      throw new IllegalArgumentException(
          "commission "
              + id
              + ": percent must be above 0 and at most 100, not "
              + percent.toPlainString());
    }
  }
}
