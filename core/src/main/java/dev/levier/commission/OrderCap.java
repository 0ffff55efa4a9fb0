package dev.levier.commission;

import dev.levier.money.Money;
import java.util.Objects;

/**
 * The most an order pays for the lines matching a condition, whatever rules they earned under:
 * "electronics capped at 20 per order". When the lines would earn more, the cap is shared among
 * them in proportion to what each would have earned, exactly to the minor unit, and each keeps the
 * reason. A payment per order counts toward a cap whose condition holds without a line.
 *
 * @param id the cap's id, unique in its rule set
 * @param name for people, such as "Electronics: 20 per order"
 * @param lines which lines the cap covers ({@link Condition#always()} for the whole order)
 * @param max the most those lines earn together on one order, above zero
 */
public record OrderCap(String id, String name, Condition lines, Money max) {
  public OrderCap {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(max, "max");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    if (!max.isPositive()) {
      throw new IllegalArgumentException("cap " + id + ": max must be above zero, not " + max);
    }
  }
}
