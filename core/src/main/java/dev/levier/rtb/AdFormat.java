package dev.levier.rtb;

import dev.levier.network.WireEnum;

/** The kinds of ad a creative is and an impression offers. */
public enum AdFormat {
  BANNER,
  VIDEO,
  NATIVE;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
