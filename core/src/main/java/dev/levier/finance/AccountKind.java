package dev.levier.finance;

import dev.levier.network.WireEnum;

/**
 * The chart of accounts of an affiliate network that invoices advertisers for commission, network
 * fee and VAT, and pays publishers their commission.
 *
 * <p>The network acts as an agent for the commission: what an advertiser owes for it is passed on
 * to the publisher and never counts as the network's revenue; only the network fee does. Money an
 * advertiser owes is kept in two stages (booked, then invoiced) so that the next invoice is simply
 * the booked balance, and money owed to a publisher is kept in two stages (available, then in a
 * scheduled payout) so that a failed payout can return exactly to the balance it came from.
 */
public enum AccountKind {
  /**
   * What an advertiser owes for locked commissions and fees not yet invoiced (an asset, normally a
   * debit balance). Invoicing empties it into {@link #ADVERTISER_RECEIVABLE}.
   */
  ADVERTISER_UNBILLED(Owner.ADVERTISER, Side.DEBIT),
  /** What an advertiser owes on issued invoices, VAT included, until it pays (an asset). */
  ADVERTISER_RECEIVABLE(Owner.ADVERTISER, Side.DEBIT),
  /**
   * What the network owes a publisher and has not yet put in a payout (a liability, normally a
   * credit balance). A clawback after lock can take it below zero: the publisher then owes it back
   * out of later commissions.
   */
  PUBLISHER_PAYABLE(Owner.PUBLISHER, Side.CREDIT),
  /**
   * What the network owes a publisher in payouts that are scheduled but not yet sent (a liability).
   * Sending moves it to {@link #CASH}; a failure moves it back to {@link #PUBLISHER_PAYABLE}.
   */
  PUBLISHER_PAYOUT_SCHEDULED(Owner.PUBLISHER, Side.CREDIT),
  /** The network's fees: its revenue (a credit balance). */
  NETWORK_REVENUE(Owner.NETWORK, Side.CREDIT),
  /** VAT invoiced to advertisers and owed to the tax authority (a liability). */
  VAT_PAYABLE(Owner.NETWORK, Side.CREDIT),
  /** The network's bank account in one currency (an asset). */
  CASH(Owner.NETWORK, Side.DEBIT),
  /**
   * The counterpart of every conversion between currencies, one account per currency: an amount in
   * one currency enters it and the converted amount leaves it in the other, so that each currency
   * balances on its own. Its balances together are the network's exposure to exchange rates.
   */
  CURRENCY_EXCHANGE(Owner.NETWORK, Side.DEBIT);

  /** Whose account it is, which says whether an account of this kind names an owner. */
  public enum Owner {
    ADVERTISER,
    PUBLISHER,
    NETWORK;

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  private final Owner owner;
  private final Side normalSide;

  AccountKind(Owner owner, Side normalSide) {
    this.owner = owner;
    this.normalSide = normalSide;
  }

  /** Whose accounts are of this kind. */
  public Owner owner() {
    return owner;
  }

  /**
   * The side on which the balance of such an account normally stands: debit for what is owed to the
   * network or held by it, credit for what the network owes or has earned.
   */
  public Side normalSide() {
    return normalSide;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
