package dev.levier.commission;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A commission as the API shows it: what a conversion earns its publisher, and why, in plain words.
 *
 * @param amount what it pays now, a decimal string in {@code currency}, the programme's currency
 * @param originalAmount what the rules gave when the sale came in
 * @param clawedBack taken back after lock, against the publisher's next payout
 * @param exchange how the order was converted into the programme's currency, or null when it was
 *     already in it
 * @param status pending, approved, declined, reversed, locked, invoiced or paid
 * @param declineReason why it was declined or reversed, or null
 * @param ruleSetVersion the published version of the rules that computed it
 * @param parts one per line (and one for the order when an order rule paid), each with its rule,
 *     the conditions that held, the basis, the base and the amount
 * @param explanation every part's explanation as a sentence
 * @param share the share of the sale's credit it pays, a decimal from 0 to 1 ({@code 1} under last
 *     click, {@code 0.375} for three eighths)
 * @param attribution how the programme's attribution model gave that share, in words, or null when
 *     it pays the whole sale
 * @param history what happened to it, oldest first; only on a single read
 */
public record StoredCommission(
    String id,
    String conversionId,
    String orderId,
    String programmeId,
    String partnershipId,
    String publisherId,
    String event,
    Instant orderedAt,
    String currency,
    String amount,
    String originalAmount,
    String clawedBack,
    @Nullable Exchange exchange,
    String status,
    @Nullable String declineReason,
    String ruleSetId,
    int ruleSetVersion,
    String share,
    @Nullable String attribution,
    List<Part> parts,
    List<String> explanation,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable List<Event> history) {

  public StoredCommission {
    parts = List.copyOf(parts);
    explanation = List.copyOf(explanation);
    history = history == null ? null : List.copyOf(history);
  }

  /** The same commission with its history, for a single read. */
  StoredCommission withHistory(List<Event> events) {
    return new StoredCommission(
        id,
        conversionId,
        orderId,
        programmeId,
        partnershipId,
        publisherId,
        event,
        orderedAt,
        currency,
        amount,
        originalAmount,
        clawedBack,
        exchange,
        status,
        declineReason,
        ruleSetId,
        ruleSetVersion,
        share,
        attribution,
        parts,
        explanation,
        version,
        createdAt,
        updatedAt,
        events);
  }

  /**
   * The conversion of an order in another currency: the commission was computed on the order with
   * every amount converted at this rate (see {@link OrderConversion}).
   *
   * @param from the order's currency
   * @param rate units of the programme's currency per unit of {@code from}, a plain decimal string
   * @param date the day the rate took effect, ISO ({@code 2026-11-25}); the latest on or before the
   *     order's UTC day
   */
  public record Exchange(String from, String rate, String date) {}

  /**
   * One thing that happened to the commission.
   *
   * @param change the signed change of what it pays, as a decimal string
   */
  public record Event(
      Instant at,
      String kind,
      String change,
      @Nullable String reason,
      String detail,
      String actor) {}

  /**
   * One part of a commission.
   *
   * @param line the order line, from 1; 0 for an amount paid per order
   * @param ruleId the rule that set the amount, or null when none applied
   * @param held the conditions that held, in plain words
   * @param percent the rule's rate when it pays a percentage, for volume tiers; null otherwise
   * @param uncapped what the rule gave before a cap
   * @param capNote why the amount is lower than {@code uncapped}, or null
   */
  public record Part(
      int line,
      @Nullable String ruleId,
      String ruleName,
      List<String> held,
      String basis,
      @Nullable String percent,
      String base,
      String uncapped,
      String amount,
      @Nullable String capNote,
      String explanation) {

    public Part {
      held = List.copyOf(held);
    }
  }
}
