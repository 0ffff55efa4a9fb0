package dev.levier.finance;

import dev.levier.network.WireEnum;

/** What movement of money a journal entry records; {@link Books} builds one kind per method. */
public enum EntryKind {
  /** A locked commission: the advertiser owes it, the publisher is owed it. */
  COMMISSION,
  /** The network fee on a commission: the advertiser owes it, the network earns it. */
  FEE,
  /** A signed correction of what an advertiser owes a publisher, decided by the network. */
  ADJUSTMENT,
  /** A locked commission taken back (a late return or chargeback), with the fee refunded. */
  CLAWBACK,
  /** An invoice issued: unbilled amounts become receivable, with VAT. */
  INVOICE,
  /** Money received from an advertiser. */
  PAYMENT,
  /** A payout scheduled: the amount leaves the publisher's available balance. */
  PAYOUT_SCHEDULED,
  /** A scheduled payout sent from the bank. */
  PAYOUT_SENT,
  /** A scheduled payout that failed: the amount goes back on the publisher's balance. */
  PAYOUT_FAILED,
  /** The exact opposite of an earlier entry, which stays in the books as it was. */
  REVERSAL;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
