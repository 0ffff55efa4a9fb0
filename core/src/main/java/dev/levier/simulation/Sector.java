package dev.levier.simulation;

import java.util.List;

/**
 * What an advertiser sells: its categories, the price range of one item in euros (scaled to the
 * advertiser's currency), and the share of orders from which a line is sent back.
 */
public enum Sector {
  FASHION(25, 180, 0.22),
  ELECTRONICS(15, 600, 0.08),
  TRAVEL(120, 900, 0.03),
  HOME(20, 250, 0.07),
  BEAUTY(10, 90, 0.05);

  private final int minPriceEuros;
  private final int maxPriceEuros;
  private final double returnRate;

  Sector(int minPriceEuros, int maxPriceEuros, double returnRate) {
    this.minPriceEuros = minPriceEuros;
    this.maxPriceEuros = maxPriceEuros;
    this.returnRate = returnRate;
  }

  /** Its product categories, as paths. */
  public List<String> categories() {
    return switch (this) {
      case FASHION -> List.of("Fashion > Dresses", "Fashion > Shoes", "Fashion > Bags");
      case ELECTRONICS ->
          List.of("Electronics > Phones", "Electronics > Audio", "Electronics > Cables");
      case TRAVEL -> List.of("Travel > Hotels", "Travel > Flights");
      case HOME -> List.of("Home > Lighting", "Home > Kitchen", "Home > Textiles");
      case BEAUTY -> List.of("Beauty > Skincare", "Beauty > Fragrance");
    };
  }

  public int minPriceEuros() {
    return minPriceEuros;
  }

  public int maxPriceEuros() {
    return maxPriceEuros;
  }

  /** The share of kept orders from which the customer sends a line back. */
  public double returnRate() {
    return returnRate;
  }
}
