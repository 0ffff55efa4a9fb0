package dev.levier.rtb;

import java.util.Map;

/**
 * The OpenRTB substitution macros ({@code ${AUCTION_PRICE}} and the rest). Exchanges replace them
 * in the notice URLs and the markup a bidder returns; Levier replaces them in its own markup and
 * reads them back from its notice URLs, and the simulated exchange of the tests replaces them as an
 * exchange would.
 */
public final class NoticeMacros {
  public static final String AUCTION_ID = "${AUCTION_ID}";
  public static final String AUCTION_BID_ID = "${AUCTION_BID_ID}";
  public static final String AUCTION_IMP_ID = "${AUCTION_IMP_ID}";
  public static final String AUCTION_SEAT_ID = "${AUCTION_SEAT_ID}";
  public static final String AUCTION_AD_ID = "${AUCTION_AD_ID}";
  public static final String AUCTION_PRICE = "${AUCTION_PRICE}";
  public static final String AUCTION_CURRENCY = "${AUCTION_CURRENCY}";
  public static final String AUCTION_MIN_TO_WIN = "${AUCTION_MIN_TO_WIN}";
  public static final String AUCTION_LOSS = "${AUCTION_LOSS}";

  private NoticeMacros() {}

  /** Replaces every macro named in {@code values}; unknown macros are left as they are. */
  public static String substitute(String template, Map<String, String> values) {
    if (template.indexOf("${") < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      int start = template.indexOf("${", i);
      if (start < 0) {
        out.append(template, i, template.length());
        break;
      }
      int end = template.indexOf('}', start);
      if (end < 0) {
        out.append(template, i, template.length());
        break;
      }
      String macro = template.substring(start, end + 1);
      String value = values.get(macro);
      out.append(template, i, start).append(value == null ? macro : value);
      i = end + 1;
    }
    return out.toString();
  }
}
