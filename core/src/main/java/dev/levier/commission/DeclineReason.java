package dev.levier.commission;

import dev.levier.network.WireEnum;

/**
 * Why a commission earns nothing: the reason code kept with a declined or reversed commission. The
 * codes are few and fixed so that publishers can compare advertisers on why sales are refused (a
 * programme that declines a third of its sales as "other" is worth a look); free text goes in the
 * note beside the code.
 */
public enum DeclineReason {
  /** The same sale was reported twice, or is already paid to another publisher. */
  DUPLICATE("the sale was reported twice"),
  /** The customer sent everything back. */
  RETURNED("the customer returned the order"),
  /** The order was cancelled before it was fulfilled. */
  CANCELLED("the order was cancelled"),
  /** The customer never paid (failed payment, unpaid invoice, charge-back). */
  UNPAID("the customer never paid"),
  /** The sale or the click was fraudulent (fake order, cookie stuffing, stolen card). */
  FRAUD("the sale was fraudulent"),
  /**
   * The publisher broke the programme's terms (brand bidding, a coupon it was not given, a
   * forbidden channel).
   */
  TERMS_VIOLATION("the publisher broke the programme's terms"),
  /** The advertiser could not match the sale to a real order, or it failed its own checks. */
  NOT_VALIDATED("the advertiser could not validate the order"),
  /** Anything else; the note says what. */
  OTHER("another reason");

  private final String words;

  DeclineReason(String words) {
    this.words = words;
  }

  /** The reason in plain words, for explanations: "the customer returned the order". */
  public String words() {
    return words;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
