package dev.levier.finance;

import dev.levier.network.WireEnum;

/**
 * Where a payout stands. A payout is scheduled, then either sent or failed, and stays there: a
 * failed payout's amount goes back on the publisher's balance and is paid by a new payout, so that
 * each payout in the payout file is paid at most once.
 */
public enum PayoutStatus {
  SCHEDULED,
  SENT,
  FAILED;

  /** Whether a payout in this status may move to {@code next}: only scheduled to sent or failed. */
  public boolean canMoveTo(PayoutStatus next) {
    return this == SCHEDULED && (next == SENT || next == FAILED);
  }

  /** Whether the payout has reached its end. */
  public boolean isFinal() {
    return this != SCHEDULED;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
