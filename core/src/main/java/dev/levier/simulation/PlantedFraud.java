package dev.levier.simulation;

import dev.levier.network.WireEnum;

/**
 * The kinds of fraud the market plants, each on sales of its own, with the fraud signal Levier is
 * expected to raise for it (the {@code kind} of a conversion's {@code fraudSignals}).
 */
public enum PlantedFraud {
  /** A click farm's headless browsers click and place fake orders. */
  BOT_CLICKS("bot"),
  /** An app fires dozens of clicks a minute from its users' phones to claim their own purchases. */
  CLICK_SPAM("velocity"),
  /** A publisher buys through its own links to earn on its own purchases. */
  SELF_REFERRAL("self_referral"),
  /** A code site publishes an influencer's exclusive code and claims the sales it brings. */
  COUPON_LEAKAGE("coupon_leakage"),
  /** Orders injected seconds after a click, faster than anyone checks out. */
  TOO_FAST("fast_conversion");

  private final String signal;

  PlantedFraud(String signal) {
    this.signal = signal;
  }

  /** The fraud signal kind that should catch it. */
  public String signal() {
    return signal;
  }

  /** The lower-case name used in reports, such as {@code bot_clicks}. */
  public String wireName() {
    return WireEnum.wireName(this);
  }
}
