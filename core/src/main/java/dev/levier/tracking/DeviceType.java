package dev.levier.tracking;

import dev.levier.network.WireEnum;

/**
 * The kind of device a click came from, as far as its user agent tells. Reports and commission
 * rules split by it; {@code BOT} clicks are recorded but not counted as visits.
 */
public enum DeviceType {
  DESKTOP,
  MOBILE,
  TABLET,
  BOT,
  UNKNOWN;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
