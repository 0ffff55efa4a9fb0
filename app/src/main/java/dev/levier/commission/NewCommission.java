package dev.levier.commission;

import dev.levier.finance.ExchangeRate;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A commission just computed on a sale, to be stored with the conversion in the same transaction.
 *
 * @param conversionRow the conversion's row id
 * @param ruleSet the version of the rules that computed it
 * @param computed what the sale earns, part by part, with the explanation of each, in the
 *     programme's currency
 * @param exchange the rate the order was converted at from its own currency into the programme's,
 *     or null when it was already in the programme's currency
 */
public record NewCommission(
    long conversionRow,
    long programmeRow,
    long partnershipRow,
    long publisherRow,
    CommissionRules.Version ruleSet,
    Instant orderedAt,
    SaleCommission computed,
    @Nullable ExchangeRate exchange,
    EventType event) {

  public NewCommission {
    Objects.requireNonNull(ruleSet, "ruleSet");
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(computed, "computed");
  }
}
