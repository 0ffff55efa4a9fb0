package dev.levier.commission;

import java.time.Instant;
import java.util.List;

/**
 * A commission as the API shows it: what a conversion earns its publisher, and why, in plain words.
 *
 * @param amount a decimal string in {@code currency}, the programme's currency
 * @param status {@code pending}, {@code approved} or {@code declined}
 * @param ruleSetVersion the published version of the rules that computed it
 * @param parts one per line (and one for the order when an order rule paid), each with its rule,
 *     the conditions that held, the basis, the base and the amount
 * @param explanation every part's explanation as a sentence
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
    String status,
    String ruleSetId,
    int ruleSetVersion,
    List<Part> parts,
    List<String> explanation,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  public StoredCommission {
    parts = List.copyOf(parts);
    explanation = List.copyOf(explanation);
  }

  /**
   * One part of a commission.
   *
   * @param line the order line, from 1; 0 for an amount paid per order
   * @param ruleId the rule that set the amount, or null when none applied
   * @param held the conditions that held, in plain words
   * @param uncapped what the rule gave before a cap
   * @param capNote why the amount is lower than {@code uncapped}, or null
   */
  public record Part(
      int line,
      @org.jspecify.annotations.Nullable String ruleId,
      String ruleName,
      List<String> held,
      String basis,
      String base,
      String uncapped,
      String amount,
      @org.jspecify.annotations.Nullable String capNote,
      String explanation) {

    public Part {
      held = List.copyOf(held);
    }

    static Part of(LineCommission line) {
      return new Part(
          line.lineNo(),
          line.ruleId(),
          line.ruleName(),
          line.held(),
          line.basis(),
          line.base().toDecimalString(),
          line.uncapped().toDecimalString(),
          line.amount().toDecimalString(),
          line.capNote(),
          line.explain());
    }
  }
}
