package dev.levier.commission;

import dev.levier.money.Money;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one line of a sale earns, or the order itself for an order rule, and why.
 *
 * @param lineNo the line, from 1; 0 for an amount paid per order
 * @param ruleId the rule that set the amount, or null when no rule matched (the amount is zero)
 * @param ruleName its name
 * @param version the version of the rule set
 * @param held the plain words of the conditions that held
 * @param basis the basis in plain words
 * @param base what the amount was computed from
 * @param uncapped the amount before the rule's cap per order
 * @param amount what is paid
 * @param capNote why the amount is below {@code uncapped}, or null when it is not
 */
public record LineCommission(
    int lineNo,
    @Nullable String ruleId,
    String ruleName,
    int version,
    List<String> held,
    String basis,
    Money base,
    Money uncapped,
    Money amount,
    @Nullable String capNote) {

  public LineCommission {
    Objects.requireNonNull(ruleName, "ruleName");
    held = List.copyOf(held);
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(uncapped, "uncapped");
    Objects.requireNonNull(amount, "amount");
  }

  /** The same commission paying {@code capped} instead, with the reason. */
  LineCommission capped(Money capped, String note) {
    return new LineCommission(
        lineNo, ruleId, ruleName, version, held, basis, base, uncapped, capped, note);
  }

  /** The explanation in plain words, one sentence. */
  public String explain() {
    String what = lineNo == 0 ? "The order" : "Line " + lineNo;
    if (ruleId == null) {
      return what + " earns nothing: no rule of version " + version + " applies.";
    }
    StringBuilder text =
        new StringBuilder(what)
            .append(" earns ")
            .append(amount)
            .append(" under rule ")
            .append(ruleId)
            .append(" \"")
            .append(ruleName)
            .append("\" (version ")
            .append(version)
            .append("): ")
            .append(basis)
            .append(", on ")
            .append(base)
            .append(", because ")
            .append(String.join(", ", held))
            .append('.');
    if (capNote != null) {
      text.append(" Capped: ").append(capNote).append('.');
    }
    return text.toString();
  }
}
