package dev.levier.commission;

import dev.levier.network.WireEnum;

/** How a programme chooses among several rules that match the same line. */
public enum Resolution {
  /**
   * The rule that pays the most on the line wins; between rules paying the same, the one with the
   * lower priority number, then the one listed first.
   */
  HIGHEST_PAYING,
  /** The matching rule with the lowest priority number wins, whatever it pays; ties as above. */
  PRIORITY;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
