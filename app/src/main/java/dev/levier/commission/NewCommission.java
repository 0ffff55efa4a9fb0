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
 * @param sharePartsPerBillion the share of the sale's credit this commission pays, in parts per
 *     billion ({@link CommissionSplit#WHOLE} for the whole sale)
 * @param attribution how the attribution model gave that share, in words, or null for the whole
 *     sale under last click
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
    EventType event,
    long sharePartsPerBillion,
    @Nullable String attribution) {

  public NewCommission {
    Objects.requireNonNull(ruleSet, "ruleSet");
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(computed, "computed");
    if (sharePartsPerBillion < 0 || sharePartsPerBillion > CommissionSplit.WHOLE) {
      throw new IllegalArgumentException(
          "sharePartsPerBillion: from 0 to "
              + CommissionSplit.WHOLE
              + ", not "
              + sharePartsPerBillion);
    }
  }
}
