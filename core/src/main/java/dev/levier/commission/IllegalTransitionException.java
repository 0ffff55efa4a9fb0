package dev.levier.commission;

import java.util.Objects;

/**
 * A lifecycle action that is not allowed from the commission's current status, such as approving a
 * declined commission or reversing a paid one. The message says what was tried, where the
 * commission stands and what is possible instead, in words fit for an API error body; the API maps
 * this exception to 409 Conflict in one place.
 *
 * <p>It is an {@link IllegalStateException} because the action itself may be valid: it is the
 * commission's state, perhaps changed a moment earlier by someone else, that refuses it.
 */
public final class IllegalTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final CommissionStatus from;
  private final CommissionStatus.Action action;

  /**
   * Creates the refusal.
   *
   * @param from the commission's status when the action was tried
   * @param action the action refused
   * @param message the reason in plain words
   */
  public IllegalTransitionException(
      CommissionStatus from, CommissionStatus.Action action, String message) {
    super(message);
    this.from = Objects.requireNonNull(from, "from");
    this.action = Objects.requireNonNull(action, "action");
  }

  /** The status the commission was in. */
  public CommissionStatus from() {
    return from;
  }

  /** The action that was refused. */
  public CommissionStatus.Action action() {
    return action;
  }
}
