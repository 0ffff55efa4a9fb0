package dev.levier.commission;

import dev.levier.commission.CommissionStatus.Action;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of one commission as a value: its status and, once it earns nothing, why. Each
 * action returns the next value or throws {@link IllegalTransitionException}; nothing is changed in
 * place, so the storage layer can compare the status it read with the one it writes (an optimistic
 * version) and two people approving and reversing the same commission at once end in one of the
 * states this table allows, never in a mix.
 *
 * <p>Doing again what was already done is a replay, not an error: approving an approved commission
 * or declining a declined one for the same reason returns it unchanged, because advertisers resend
 * their decisions and a retry after a lost answer must not fail. Doing something else to a
 * commission that has moved on is refused: a declined commission cannot be approved, and a locked
 * one cannot be reversed (a return after lock is a clawback, see {@link CommissionReturns}).
 *
 * @param status where the commission stands
 * @param reason why it earns nothing: required when declined or reversed, null otherwise
 */
public record CommissionLifecycle(CommissionStatus status, @Nullable DeclineReason reason) {

  public CommissionLifecycle {
    Objects.requireNonNull(status, "status");
    if (status.earns() && reason != null) {
      throw new IllegalArgumentException(
          "reason: only a declined or reversed commission has one, not "
              + withArticle(status.toString())
              + " one");
    }
    if (!status.earns() && reason == null) {
      throw new IllegalArgumentException(
          "reason: " + withArticle(status.toString()) + " commission must say why");
    }
  }

  /** A new commission, waiting for validation. */
  public static CommissionLifecycle pending() {
    return new CommissionLifecycle(CommissionStatus.PENDING, null);
  }

  /** A commission in a status that has no reason; for reading back from storage. */
  public static CommissionLifecycle of(CommissionStatus status) {
    return new CommissionLifecycle(status, null);
  }

  /**
   * The advertiser (or the network) accepts the sale.
   *
   * @throws IllegalTransitionException unless the commission is pending (or already approved)
   */
  public CommissionLifecycle approve() {
    return move(Action.APPROVE, null);
  }

  /**
   * The advertiser (or the network) refuses the sale.
   *
   * @throws IllegalTransitionException unless the commission is pending (or already declined for
   *     the same reason)
   */
  public CommissionLifecycle decline(DeclineReason why) {
    return move(Action.DECLINE, Objects.requireNonNull(why, "why"));
  }

  /**
   * Approves the commission because its validation period is over: the advertiser had until {@code
   * validationEnds} to decline it and did not.
   *
   * @param now the current time
   * @param validationEnds when the programme's validation period for this sale ends (order time
   *     plus the programme's validation days); approval is automatic from that instant on
   * @throws IllegalTransitionException if the period is still running, or the commission is neither
   *     pending nor already approved
   */
  public CommissionLifecycle autoApprove(Instant now, Instant validationEnds) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(validationEnds, "validationEnds");
    if (status == CommissionStatus.PENDING && now.isBefore(validationEnds)) {
      throw new IllegalTransitionException(
          status,
          Action.AUTO_APPROVE,
          "cannot approve automatically yet: the validation period runs until "
              + validationEnds
              + ", and it is "
              + now);
    }
    return move(Action.AUTO_APPROVE, null);
  }

  /**
   * Locks an approved commission when the period it belongs to is closed; from then on its amount
   * no longer changes.
   *
   * @param periodClosed whether the commission's period (its month, in the programme's time zone)
   *     is closed
   * @throws IllegalTransitionException if the period is still open, or the commission is neither
   *     approved nor already locked
   */
  public CommissionLifecycle lock(boolean periodClosed) {
    if (status == CommissionStatus.APPROVED && !periodClosed) {
      throw new IllegalTransitionException(
          status, Action.LOCK, "cannot lock the commission: its period is not closed yet");
    }
    return move(Action.LOCK, null);
  }

  /**
   * The advertiser is invoiced for the commission.
   *
   * @throws IllegalTransitionException unless the commission is locked (or already invoiced)
   */
  public CommissionLifecycle invoice() {
    return move(Action.INVOICE, null);
  }

  /**
   * The publisher is paid the commission.
   *
   * @throws IllegalTransitionException unless the commission is invoiced (or already paid)
   */
  public CommissionLifecycle pay() {
    return move(Action.PAY, null);
  }

  /**
   * Takes the commission back in full before lock, because everything was returned or the order was
   * cancelled (or turned out fraudulent after approval).
   *
   * @throws IllegalTransitionException unless the commission is pending or approved (or already
   *     reversed for the same reason); a locked commission is clawed back instead
   */
  public CommissionLifecycle reverse(DeclineReason why) {
    return move(Action.REVERSE, Objects.requireNonNull(why, "why"));
  }

  /**
   * Whether the action would be accepted from here, as a move or as a replay (for a decline or a
   * reversal, a replay must give the same reason). Automatic approval and lock also need their
   * period to be over.
   */
  public boolean allows(Action action) {
    return action.from().contains(status) || status == action.target();
  }

  /** The status and, when there is one, the reason: "declined (fraud)". */
  public String describe() {
    return reason == null ? status.toString() : status + " (" + reason + ")";
  }

  private CommissionLifecycle move(Action action, @Nullable DeclineReason why) {
    if (status == action.target() && Objects.equals(reason, why)) {
      return this;
    }
    if (action.from().contains(status)) {
      return new CommissionLifecycle(action.target(), why);
    }
    throw new IllegalTransitionException(status, action, refusal(action, why));
  }

  private String refusal(Action action, @Nullable DeclineReason why) {
    StringBuilder text =
        new StringBuilder("cannot ")
            .append(action.verb())
            .append(" a commission that is ")
            .append(describe());
    if (status == action.target()) {
      text.append(": it was already ")
          .append(status)
          .append(" for another reason, not ")
          .append(why);
      return text.toString();
    }
    String from =
        action.from().stream()
            .sorted()
            .map(CommissionStatus::toString)
            .collect(Collectors.joining(" or "));
    text.append("; only ").append(withArticle(from)).append(" commission can be");
    text.append(action == Action.AUTO_APPROVE ? " approved automatically" : " " + past(action));
    if (action == Action.REVERSE && status.isLocked()) {
      text.append(" (after lock, a return is booked as a clawback on the next payout)");
    }
    return text.toString();
  }

  /** "an approved", "a pending". */
  private static String withArticle(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  private static String past(Action action) {
    return switch (action) {
      case APPROVE, AUTO_APPROVE -> "approved";
      case DECLINE -> "declined";
      case REVERSE -> "reversed";
      case LOCK -> "locked";
      case INVOICE -> "invoiced";
      case PAY -> "paid";
    };
  }
}
