package dev.levier.finance;

import org.jspecify.annotations.Nullable;

/**
 * What a journal entry can be traced back to. Each field is null when it does not apply; which ones
 * are set depends on the movement (a commission names its conversion, commission and rule; an
 * invoice its number; a payout its id).
 *
 * @param conversionId the conversion (sale, lead or click) the money comes from
 * @param commissionId the commission
 * @param ruleId the commission rule that set the amount
 * @param invoiceNumber the invoice, as printed ({@code LEV-2026-000123})
 * @param payoutId the payout
 * @param paymentId the advertiser's payment, as the bank or the operator identifies it
 * @param reversedEntryId for a reversal, the id of the entry it cancels
 */
public record References(
    @Nullable String conversionId,
    @Nullable String commissionId,
    @Nullable String ruleId,
    @Nullable String invoiceNumber,
    @Nullable String payoutId,
    @Nullable String paymentId,
    @Nullable String reversedEntryId) {

  /** Nothing to trace to, the start of the {@code with…} chain. */
  public static final References NONE = new References(null, null, null, null, null, null, null);

  /** Refuses blank references, which would look traceable and lead nowhere. */
  public References {
    requireNotBlank(conversionId, "conversionId");
    requireNotBlank(commissionId, "commissionId");
    requireNotBlank(ruleId, "ruleId");
    requireNotBlank(invoiceNumber, "invoiceNumber");
    requireNotBlank(payoutId, "payoutId");
    requireNotBlank(paymentId, "paymentId");
    requireNotBlank(reversedEntryId, "reversedEntryId");
  }

  /** A commission's references: its conversion, itself and its rule (null if none matched). */
  public static References ofCommission(
      String conversionId, String commissionId, @Nullable String ruleId) {
    return new References(conversionId, commissionId, ruleId, null, null, null, null);
  }

  public References withConversionId(@Nullable String value) {
    return new References(
        value, commissionId, ruleId, invoiceNumber, payoutId, paymentId, reversedEntryId);
  }

  public References withCommissionId(@Nullable String value) {
    return new References(
        conversionId, value, ruleId, invoiceNumber, payoutId, paymentId, reversedEntryId);
  }

  public References withRuleId(@Nullable String value) {
    return new References(
        conversionId, commissionId, value, invoiceNumber, payoutId, paymentId, reversedEntryId);
  }

  public References withInvoiceNumber(@Nullable String value) {
    return new References(
        conversionId, commissionId, ruleId, value, payoutId, paymentId, reversedEntryId);
  }

  public References withPayoutId(@Nullable String value) {
    return new References(
        conversionId, commissionId, ruleId, invoiceNumber, value, paymentId, reversedEntryId);
  }

  public References withPaymentId(@Nullable String value) {
    return new References(
        conversionId, commissionId, ruleId, invoiceNumber, payoutId, value, reversedEntryId);
  }

  public References withReversedEntryId(@Nullable String value) {
    return new References(
        conversionId, commissionId, ruleId, invoiceNumber, payoutId, paymentId, value);
  }

  private static void requireNotBlank(@Nullable String value, String field) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(field + ": must be null or not blank");
    }
  }
}
