package dev.levier.commission;

import java.time.Instant;
import java.util.Objects;

/**
 * A commission just computed on a sale, to be stored with the conversion in the same transaction.
 *
 * @param conversionRow the conversion's row id
 * @param ruleSet the version of the rules that computed it
 * @param computed what the sale earns, part by part, with the explanation of each
 */
public record NewCommission(
    long conversionRow,
    long programmeRow,
    long partnershipRow,
    long publisherRow,
    CommissionRules.Version ruleSet,
    Instant orderedAt,
    SaleCommission computed) {

  public NewCommission {
    Objects.requireNonNull(ruleSet, "ruleSet");
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(computed, "computed");
  }
}
