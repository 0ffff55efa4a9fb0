package dev.levier.conversion;

import dev.levier.network.WireEnum;

/**
 * What the customer was to the advertiser when the order was placed. Value reports credit
 * publishers for bringing new customers and winning back lapsed ones, and commission rules may pay
 * more for them; see {@link CustomerHistory#status}.
 */
public enum CustomerStatus {
  /** No earlier order is known from this customer. */
  NEW,
  /** The customer ordered before, recently enough to be a regular. */
  RETURNING,
  /** The customer ordered before, but so long ago that the advertiser had lost them. */
  LAPSED;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
