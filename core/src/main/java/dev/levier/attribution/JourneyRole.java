package dev.levier.attribution;

import dev.levier.network.WireEnum;

/**
 * The part a publisher's touch played in the customer's journey: the content site that introduced
 * the customer is not the voucher site that closed the sale, and programmes pay them differently.
 */
public enum JourneyRole {
  /** The first touch of the journey. */
  INTRODUCER,
  /** A touch between the first and the last. */
  ASSIST,
  /** The last touch before the order: the one last-click attribution credits. */
  CLOSER;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
