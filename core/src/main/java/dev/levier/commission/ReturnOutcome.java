package dev.levier.commission;

import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import java.util.List;
import java.util.Objects;

/**
 * What a return or a cancellation takes back of a commission, and how it is booked.
 *
 * @param kind how the amount is booked: nothing, a reduction or reversal before lock, or a clawback
 *     after lock
 * @param total what is taken back now, zero or more, in the programme's currency
 * @param lines what each part gives back now, in the order of the commission's lines (line 0, the
 *     order's own payment, last); only the parts the return concerns
 * @param lifecycle the commission's lifecycle afterwards: reversed when everything was taken back
 *     before lock, unchanged otherwise
 * @param after the returns so far, including this one, to pass to the next return
 * @param explanation the outcome in one plain sentence
 */
public record ReturnOutcome(
    Kind kind,
    Money total,
    List<Line> lines,
    CommissionLifecycle lifecycle,
    CommissionReturns after,
    String explanation) {

  public ReturnOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(total, "total");
    lines = List.copyOf(lines);
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(explanation, "explanation");
    if (total.isNegative()) {
      throw new IllegalArgumentException("total: must not be negative, was " + total);
    }
  }

  /** How what is taken back is booked. */
  public enum Kind {
    /** Nothing moves: the commission earns nothing, or the returned parts earned nothing. */
    NONE,
    /** Before lock: the commission's amount is lowered by {@link #total}. */
    REDUCTION,
    /** Before lock, with nothing kept: the commission is reversed and earns nothing. */
    REVERSAL,
    /**
     * After lock: the commission is final, so {@link #total} is booked against the publisher's next
     * payout.
     */
    CLAWBACK;

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  /**
   * What one part of the commission gives back.
   *
   * @param lineNo the line, from 1, or 0 for the order's own payment
   * @param amount taken back now
   * @param takenBack taken back in all, this return included
   * @param left what the part still pays
   * @param explanation why, in one plain sentence
   */
  public record Line(int lineNo, Money amount, Money takenBack, Money left, String explanation) {
    public Line {
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(takenBack, "takenBack");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  /** The outcome, then one line of text per part. */
  public String explain() {
    StringBuilder text = new StringBuilder(explanation);
    for (Line line : lines) {
      text.append('\n').append(line.explanation());
    }
    return text.toString();
  }
}
