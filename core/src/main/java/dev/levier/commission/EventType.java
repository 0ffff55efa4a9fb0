package dev.levier.commission;

import dev.levier.network.WireEnum;

/** What a rule pays for: a sale (CPA), a lead (CPL) or a valid click (CPC). */
public enum EventType {
  SALE,
  LEAD,
  CLICK;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
