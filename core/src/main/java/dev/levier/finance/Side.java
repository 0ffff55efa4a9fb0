package dev.levier.finance;

import dev.levier.network.WireEnum;

/**
 * The side of a posting. Amounts in the ledger are signed, debit positive and credit negative, so
 * that an entry balances when its amounts add up to zero in each currency; the side is the same
 * fact in the words accountants use.
 */
public enum Side {
  DEBIT,
  CREDIT;

  /** The side of a signed amount: debit for positive, credit for negative. */
  static Side ofSign(long signed) {
    return signed >= 0 ? DEBIT : CREDIT;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
