package dev.levier.commission;

import java.util.Objects;

/**
 * One commission rule of a programme: when it applies and what it pays. Limits on what an order
 * pays are the rule set's caps ({@link OrderCap}), since a cap often spans several rules.
 *
 * @param id the rule's id, unique in its rule set (kept on every commission it computes)
 * @param name the rule's name for people, such as "New customers"
 * @param event what it pays for: sales, leads or valid clicks
 * @param when the condition under which it applies
 * @param basis what it pays
 * @param priority lower numbers first, for {@link Resolution#PRIORITY} and to break ties
 */
public record Rule(
    String id, String name, EventType event, Condition when, Basis basis, int priority) {

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(basis, "basis");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    if (event != EventType.SALE && !basis.perOrder()) {
      throw new IllegalArgumentException(
          "rule "
              + id
              + ": a "
              + event
              + " has no lines, so it pays a fixed amount per "
              + event
              + ", not "
              + basis.describe());
    }
  }

  /** A sale rule at priority 100: the common case. */
  public static Rule sale(String id, String name, Condition when, Basis basis) {
    return new Rule(id, name, EventType.SALE, when, basis, 100);
  }

  /** The same rule at another priority. */
  public Rule withPriority(int value) {
    return new Rule(id, name, event, when, basis, value);
  }
}
