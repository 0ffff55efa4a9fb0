package dev.levier.conversion;

import dev.levier.network.WireEnum;

/**
 * How a touch was found for a conversion, which is also how much it can be trusted to belong to
 * this sale: a click ID handed back by the advertiser names the click itself, a visitor or customer
 * match only says the same person clicked at some point.
 */
public enum TouchKind {
  /** The click whose ID the advertiser sent with the conversion. */
  CLICK(AttributionKey.CLICK_ID),
  /** The publisher to whom the coupon code used on the order is assigned. */
  COUPON(AttributionKey.COUPON),
  /** A click by the same visitor (cookie or device), found without a click ID. */
  VISITOR_CLICK(AttributionKey.VISITOR),
  /** A click tied to the same customer (e-mail hash or customer reference) on an earlier visit. */
  CUSTOMER_CLICK(AttributionKey.CUSTOMER);

  private final AttributionKey key;

  TouchKind(AttributionKey key) {
    this.key = key;
  }

  /** The attribution key whose lookup finds touches of this kind. */
  public AttributionKey key() {
    return key;
  }

  /** Whether a touch of this kind is a click, and so has a click ID and a click time. */
  public boolean isClick() {
    return this != COUPON;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
