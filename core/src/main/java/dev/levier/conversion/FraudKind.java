package dev.levier.conversion;

import dev.levier.network.WireEnum;

/** The reasons a conversion is held for review; see {@link FraudChecks}. */
public enum FraudKind {
  /** The order came too soon after the click for a person to have shopped. */
  FAST_CONVERSION,
  /** The same customer placed other orders with the same total just before. */
  DUPLICATE_ORDER,
  /** The click was one of too many from one source. */
  VELOCITY,
  /** The click came from a robot. */
  BOT,
  /** The click came from a data-centre network rather than a consumer connection. */
  DATACENTER_IP,
  /** The customer is the credited publisher themselves. */
  SELF_REFERRAL,
  /**
   * A coupon assigned to one publisher was used on a sale credited to another publisher's click.
   */
  COUPON_LEAKAGE,
  /** The order came from a country the programme does not run in. */
  COUNTRY_OUTSIDE_PROGRAMME;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
