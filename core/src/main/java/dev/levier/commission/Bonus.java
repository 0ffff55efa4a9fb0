package dev.levier.commission;

import dev.levier.money.Money;
import java.util.Objects;
import java.util.Set;

/**
 * A period incentive paid once per month: a fixed amount to a publisher that brings at least {@code
 * newCustomers} new customers in the month (counted as confirmed sales to customers the advertiser
 * did not know), settled at period close.
 *
 * @param id the bonus's id, unique among the programme's bonuses (kept on what it pays)
 * @param name for people, such as "Ten new customers"
 * @param newCustomers how many new customers in the month earn it, at least 1
 * @param amount what it pays, above zero, in the programme's currency
 * @param publishers the publishers it is offered to, by public id; empty for every publisher
 */
public record Bonus(
    String id, String name, int newCustomers, Money amount, Set<String> publishers) {
  public Bonus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
    publishers = Set.copyOf(publishers);
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    if (newCustomers < 1) {
      throw new IllegalArgumentException(
          "bonus " + id + ": newCustomers must be at least 1, not " + newCustomers);
    }
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(
          "bonus " + id + ": amount must be above zero, not " + amount);
    }
  }

  /** A bonus offered to every publisher. */
  public static Bonus forAll(String id, String name, int newCustomers, Money amount) {
    return new Bonus(id, name, newCustomers, amount, Set.of());
  }

  /** Whether the bonus is offered to this publisher. */
  public boolean offeredTo(String publisherId) {
    return publishers.isEmpty() || publishers.contains(publisherId);
  }
}
