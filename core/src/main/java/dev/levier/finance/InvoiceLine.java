package dev.levier.finance;

import dev.levier.money.Money;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of an advertiser invoice: a locked commission and its fee, or a later clawback or
 * adjustment of one (with negative amounts when it gives money back).
 *
 * @param itemId what the line bills, unique on the invoice: a commission, clawback or adjustment id
 * @param conversionId the conversion it comes from, or null for an adjustment without one
 * @param publisherId the publisher who earned the commission
 * @param bookedAt when it was booked (the commission's lock, the clawback), in UTC
 * @param commission the commission billed, in the invoice's currency
 * @param fee the network fee billed, in the invoice's currency
 */
public record InvoiceLine(
    String itemId,
    @Nullable String conversionId,
    String publisherId,
    Instant bookedAt,
    Money commission,
    Money fee) {

  public InvoiceLine {
    Ids.require(itemId, "itemId");
    Ids.require(publisherId, "publisherId");
    Objects.requireNonNull(bookedAt, "bookedAt");
    Objects.requireNonNull(commission, "commission");
    Objects.requireNonNull(fee, "fee");
    if (conversionId != null && conversionId.isBlank()) {
      throw new IllegalArgumentException("conversionId: must be null or not blank");
    }
    if (!commission.currency().equals(fee.currency())) {
      throw new IllegalArgumentException(
          "fee: line "
              + itemId
              + " has its commission in "
              + commission.currency()
              + " and its fee in "
              + fee.currency());
    }
  }

  /** Commission plus fee: what the line adds to the invoice before VAT. */
  public Money net() {
    return commission.plus(fee);
  }
}
