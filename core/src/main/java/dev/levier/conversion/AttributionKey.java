package dev.levier.conversion;

import dev.levier.network.WireEnum;

/**
 * Which lookup found the touch that got the credit, in the order they are tried: the most direct
 * evidence first. {@link #NONE} means no touch qualified and the conversion is stored as
 * unattributed.
 */
public enum AttributionKey {
  CLICK_ID("click id"),
  COUPON("coupon"),
  VISITOR("visitor"),
  CUSTOMER("customer"),
  NONE("none");

  private final String label;

  AttributionKey(String label) {
    this.label = label;
  }

  /** How the key is named in attribution notes, for people: {@code "click id"}. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
