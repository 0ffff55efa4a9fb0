package dev.levier.commission;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A volume tier of a period incentive: once a publisher has at least {@code minSales} confirmed
 * sales in a month, its percentage commissions of that month pay {@code percent} instead of their
 * own rate, settled at period close as adjustments on each of them. A tier only ever raises a
 * commission: one already paid at a higher rate (a special rule for new customers, say) keeps it,
 * and fixed amounts are not touched.
 *
 * @param minSales the number of sales in the month from which the tier applies, at least 1 (100
 *     means the 100th sale reaches it, and 99 do not)
 * @param percent the rate from then on, above 0 and at most 100, with at most 4 decimals ({@code 8}
 *     is 8%)
 */
public record VolumeTier(int minSales, BigDecimal percent) {
  public VolumeTier {
    Objects.requireNonNull(percent, "percent");
    if (minSales < 1) {
      throw new IllegalArgumentException("minSales: at least 1, not " + minSales);
    }
    // The same rules as a rule's percentage, so a tier can always replace one.
    percent = new Basis.PercentOfLine(percent).percent();
  }

  /** The tier in plain words: "from 100 sales: 8%". */
  public String describe() {
    return "from "
        + minSales
        + (minSales == 1 ? " sale: " : " sales: ")
        + percent.toPlainString()
        + "%";
  }
}
