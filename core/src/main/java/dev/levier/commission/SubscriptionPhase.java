package dev.levier.commission;

import dev.levier.network.WireEnum;

/** For a subscription, whether the order is its first payment or a renewal. */
public enum SubscriptionPhase {
  FIRST,
  RENEWAL;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
