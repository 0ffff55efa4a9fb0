package dev.levier.analytics;

import java.util.Objects;

/**
 * A customer summary with the identifier it was read under, so that predictions can be traced back
 * to a row.
 *
 * @param id the customer's identifier in the source, not blank
 * @param summary what the models need
 */
public record IdentifiedCustomer(String id, CustomerSummary summary) {
  public IdentifiedCustomer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(summary, "summary");
    if (id.isBlank()) {
      throw new IllegalArgumentException("ID must not be blank");
    }
  }
}
