package dev.levier.rtb;

import dev.levier.network.WireEnum;

/** How a line item spreads its daily budget over the day. */
public enum Pacing {
  /** Spend follows a straight line from nothing at midnight to the budget at the next midnight. */
  EVEN,
  /** Spend as fast as the supply allows, until the budget is reached. */
  ASAP;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
