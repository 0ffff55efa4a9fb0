package dev.levier.commission;

import dev.levier.network.WireEnum;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a commission stands, from the sale's arrival to the publisher's payout.
 *
 * <pre>
 *   pending ──approve / auto_approve──► approved ──lock──► locked ──invoice──► invoiced ──pay──► paid
 *      │  └──decline──► declined           │
 *      └──reverse──► reversed ◄──reverse───┘
 * </pre>
 *
 * <p>A commission waits as {@link #PENDING} through the programme's validation period, while the
 * advertiser checks the order; it is then {@link #APPROVED} (by the advertiser, or automatically
 * when the period ends) or {@link #DECLINED} with a reason. A return or cancellation that takes
 * everything back before lock makes it {@link #REVERSED}. When the month it belongs to is closed,
 * an approved commission is {@link #LOCKED}: its amount no longer changes, and a later return is
 * booked as a clawback against the publisher's next payout instead. Then the advertiser is invoiced
 * for it ({@link #INVOICED}) and the publisher is paid ({@link #PAID}).
 *
 * <p>The allowed moves are data: each {@link Action} lists the statuses it may start from, so that
 * the storage layer, the API and the documentation read the same table. Declined, reversed and paid
 * are final.
 */
public enum CommissionStatus {
  /** Waiting for the advertiser's decision or the end of the validation period. */
  PENDING,
  /** Accepted; the amount may still be reduced by returns until the period is closed. */
  APPROVED,
  /** Refused by the advertiser or the network, with a {@link DeclineReason}; earns nothing. */
  DECLINED,
  /** Taken back in full before lock by a return or cancellation; earns nothing. */
  REVERSED,
  /** Approved and its period closed: the amount is final, later returns become clawbacks. */
  LOCKED,
  /** On the advertiser's invoice. */
  INVOICED,
  /** Paid out to the publisher. */
  PAID;

  /** A move from one status to another, with the statuses it may start from. */
  public enum Action {
    /** The advertiser (or the network) accepts the sale. */
    APPROVE(APPROVED),
    /** The validation period ended without a decision, so the sale is accepted. */
    AUTO_APPROVE(APPROVED),
    /** The advertiser (or the network) refuses the sale, giving a reason. */
    DECLINE(DECLINED),
    /**
     * Everything was returned or cancelled before lock. An approved commission can still be
     * reversed, since its amount is not final until the period is closed.
     */
    REVERSE(REVERSED),
    /** The period the commission belongs to is closed; only an approved commission is locked. */
    LOCK(LOCKED),
    /** The advertiser is invoiced for it. */
    INVOICE(INVOICED),
    /** The publisher is paid. */
    PAY(PAID);

    private final CommissionStatus target;

    Action(CommissionStatus target) {
      this.target = target;
    }

    /** The status the action leads to. */
    public CommissionStatus target() {
      return target;
    }

    /** The statuses the action may start from: the transition table. */
    public Set<CommissionStatus> from() {
      return switch (this) {
        case APPROVE, AUTO_APPROVE, DECLINE -> Set.of(PENDING);
        case REVERSE -> Set.of(PENDING, APPROVED);
        case LOCK -> Set.of(APPROVED);
        case INVOICE -> Set.of(LOCKED);
        case PAY -> Set.of(INVOICED);
      };
    }

    /** The action in the words of a message: "approve", "auto-approve". */
    String verb() {
      return WireEnum.wireName(this).replace('_', '-');
    }

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  /**
   * The status this action leads to, or empty when the table does not allow it from here. Doing
   * again what was already done (approving an approved commission) is not a move and is empty here;
   * {@link CommissionLifecycle} treats such a replay as a no-op.
   */
  public Optional<CommissionStatus> apply(Action action) {
    return action.from().contains(this) ? Optional.of(action.target()) : Optional.empty();
  }

  /** The actions allowed from this status; empty for a final status. */
  public Set<Action> allowedActions() {
    EnumSet<Action> allowed = EnumSet.noneOf(Action.class);
    for (Action action : Action.values()) {
      if (action.from().contains(this)) {
        allowed.add(action);
      }
    }
    return Set.copyOf(allowed);
  }

  /** Whether no action leads anywhere from here: declined, reversed or paid. */
  public boolean isFinal() {
    return allowedActions().isEmpty();
  }

  /**
   * Whether the amount is final: from lock on, a return no longer changes the commission but is
   * booked as a clawback against the publisher's next payout.
   */
  public boolean isLocked() {
    return this == LOCKED || this == INVOICED || this == PAID;
  }

  /** Whether the commission earns its amount (or may still): neither declined nor reversed. */
  public boolean earns() {
    return this != DECLINED && this != REVERSED;
  }

  /**
   * Whether the commission was accepted and still stands (approved or beyond): what period
   * incentives count, since a pending sale may still be declined.
   */
  public boolean isConfirmed() {
    return this == APPROVED || isLocked();
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
