package dev.levier.conversion;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of an order: a product, how many were bought at what price, and what has come back.
 *
 * <p>Commissions are computed line by line (a rule may pay 6% on phones and 2% on accessories), and
 * a return usually concerns some units of one line, so returns are kept on the line itself. Two
 * kinds of return are recorded, because advertisers report both: units sent back ({@link
 * #returnedQuantity}), and money given back without units, such as a partial refund for a damaged
 * item ({@link #returnedAmount}).
 *
 * <p>The amounts, all exact in minor units:
 *
 * <ul>
 *   <li>{@link #amount()} = {@code quantity × unitPrice − discount}, what the customer paid for the
 *       line;
 *   <li>{@link #returnedUnitsValue()} = {@code amount × returnedQuantity ÷ quantity}, rounded once,
 *       half-even, to a whole minor unit. It is computed from the cumulative returned quantity,
 *       never as a sum of separately rounded returns, so it does not depend on how the units came
 *       back, it never decreases as units come back, and returning every unit takes back exactly
 *       {@code amount} (the discount is shared by the units in proportion);
 *   <li>{@link #netAmount()} = {@code amount − returnedUnitsValue − returnedAmount}, what the
 *       customer kept paying for, the base for commissions after returns.
 * </ul>
 *
 * <p>Every line that exists satisfies {@code 0 ≤ netAmount ≤ amount}: a line whose amount would not
 * fit in a {@code long} of minor units cannot be built, and a return that would take back more than
 * is left is refused.
 *
 * @param sku the advertiser's product code, 1 to {@value #MAX_SKU_LENGTH} printable characters
 * @param name the product name for reports, 0 to {@value #MAX_NAME_LENGTH} characters, empty when
 *     the advertiser sends none
 * @param category where the product sits in the catalogue, or null when unknown
 * @param brand the brand, 1 to {@value #MAX_BRAND_LENGTH} characters, or null when unknown (never
 *     empty, so that "no brand" has one spelling)
 * @param quantity units bought, 1 to {@value #MAX_QUANTITY}
 * @param unitPrice the price of one unit before discount, zero or more (free items exist)
 * @param discount the discount on the whole line, in the currency of {@code unitPrice}, from zero
 *     up to {@code quantity × unitPrice}
 * @param returnedQuantity units sent back so far, from 0 to {@code quantity}
 * @param returnedAmount money refunded without units, zero or more, in the line's currency, at most
 *     {@code amount − returnedUnitsValue}
 */
public record OrderLine(
    String sku,
    String name,
    @Nullable CategoryPath category,
    @Nullable String brand,
    int quantity,
    Money unitPrice,
    Money discount,
    int returnedQuantity,
    Money returnedAmount) {

  public static final int MAX_SKU_LENGTH = 100;

  /** Checks a sku on its own, so that intake can name the field at fault. */
  public static String requireSku(String sku) {
    return Text.requireId("sku", sku, MAX_SKU_LENGTH);
  }

  public static final int MAX_NAME_LENGTH = 300;
  public static final int MAX_BRAND_LENGTH = 100;

  /** Far above any real basket line; it keeps {@code quantity × unitPrice} checks cheap to read. */
  public static final int MAX_QUANTITY = 1_000_000;

  /**
   * Checks every rule however the line was built, so that no inconsistent line exists; the first
   * problem found is the one reported.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   * @throws ArithmeticException if {@code quantity × unitPrice} does not fit in a {@code long} of
   *     minor units
   */
  public OrderLine {
    Text.requireId("sku", sku, MAX_SKU_LENGTH);
    Text.requireText("name", name, MAX_NAME_LENGTH);
    if (brand != null) {
      if (brand.isEmpty()) {
        throw new IllegalArgumentException("brand must not be empty; leave it out when unknown");
      }
      Text.requireText("brand", brand, MAX_BRAND_LENGTH);
    }
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException(
          "quantity must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
    }
    Objects.requireNonNull(unitPrice, "unitPrice");
    Objects.requireNonNull(discount, "discount");
    Objects.requireNonNull(returnedAmount, "returnedAmount");
    if (unitPrice.isNegative()) {
      throw new IllegalArgumentException("unit price must not be negative, was " + unitPrice);
    }
    CurrencyUnit currency = unitPrice.currency();
    requireCurrency("discount", discount, currency);
    requireCurrency("returned amount", returnedAmount, currency);
    if (discount.isNegative()) {
      throw new IllegalArgumentException("discount must not be negative, was " + discount);
    }
    Money gross = gross(quantity, unitPrice);
    if (discount.compareTo(gross) > 0) {
      throw new IllegalArgumentException(
          "discount "
              + discount
              + " is more than the line's price "
              + quantity
              + " × "
              + unitPrice
              + " = "
              + gross);
    }
    if (returnedQuantity < 0 || returnedQuantity > quantity) {
      throw new IllegalArgumentException(
          "returned quantity must be between 0 and the quantity "
              + quantity
              + ", was "
              + returnedQuantity);
    }
    if (returnedAmount.isNegative()) {
      throw new IllegalArgumentException(
          "returned amount must not be negative, was " + returnedAmount);
    }
    Money amount = gross.minus(discount);
    Money left = amount.minus(unitsValue(amount, returnedQuantity, quantity));
    if (returnedAmount.compareTo(left) > 0) {
      throw new IllegalArgumentException(
          "returned amount "
              + returnedAmount
              + " is more than the "
              + left
              + " left after returned units");
    }
  }

  /**
   * A line as bought, with nothing returned yet.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   * @throws ArithmeticException if {@code quantity × unitPrice} does not fit in a {@code long} of
   *     minor units
   */
  public static OrderLine of(
      String sku,
      String name,
      @Nullable CategoryPath category,
      @Nullable String brand,
      int quantity,
      Money unitPrice,
      Money discount) {
    return new OrderLine(
        sku,
        name,
        category,
        brand,
        quantity,
        unitPrice,
        discount,
        0,
        Money.zero(unitPrice.currency()));
  }

  /** A line with only what every advertiser sends: no name, category, brand or discount. */
  public static OrderLine of(String sku, int quantity, Money unitPrice) {
    return of(sku, "", null, null, quantity, unitPrice, Money.zero(unitPrice.currency()));
  }

  /** The currency of every amount on the line. */
  public CurrencyUnit currency() {
    return unitPrice.currency();
  }

  /**
   * What the customer paid for the line: {@code quantity × unitPrice − discount}. Never negative;
   * zero when the discount is the full price. It cannot overflow, as the constructor refuses lines
   * whose price does not fit.
   */
  public Money amount() {
    return gross(quantity, unitPrice).minus(discount);
  }

  /**
   * The share of {@link #amount()} taken back by the returned units: {@code amount ×
   * returnedQuantity ÷ quantity}, rounded half-even to a whole minor unit.
   */
  public Money returnedUnitsValue() {
    return unitsValue(amount(), returnedQuantity, quantity);
  }

  /**
   * What is left after returns: {@code amount − returnedUnitsValue − returnedAmount}, between zero
   * and {@link #amount()}.
   */
  public Money netAmount() {
    Money amount = amount();
    return amount.minus(unitsValue(amount, returnedQuantity, quantity)).minus(returnedAmount);
  }

  /** Units not yet returned. */
  public int remainingQuantity() {
    return quantity - returnedQuantity;
  }

  /**
   * This line with {@code units} more units returned.
   *
   * @param units units coming back now, at least 1 and at most {@link #remainingQuantity()}
   * @throws IllegalArgumentException if fewer than 1 or more than the remaining units are given, or
   *     if the units would take back more money than is left after earlier refunds
   */
  public OrderLine withReturn(int units) {
    String problem = problemWithReturn(units);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new OrderLine(
        sku,
        name,
        category,
        brand,
        quantity,
        unitPrice,
        discount,
        returnedQuantity + units,
        returnedAmount);
  }

  /**
   * This line with {@code refund} more money returned, without units.
   *
   * @param refund a positive amount in the line's currency, at most {@link #netAmount()}
   * @throws IllegalArgumentException if the refund is zero or negative, in another currency, or
   *     more than is left
   */
  public OrderLine withReturnedAmount(Money refund) {
    String problem = problemWithReturnedAmount(refund);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new OrderLine(
        sku,
        name,
        category,
        brand,
        quantity,
        unitPrice,
        discount,
        returnedQuantity,
        returnedAmount.plus(refund));
  }

  /** Why {@link #withReturn} would refuse, or null; lets {@link Order} check all lines first. */
  @Nullable String problemWithReturn(int units) {
    if (units < 1) {
      return "returned quantity must be at least 1, was " + units;
    }
    int remaining = remainingQuantity();
    if (units > remaining) {
      return units
          + " returned of "
          + remaining
          + " remaining ("
          + quantity
          + " bought, "
          + returnedQuantity
          + " already returned)";
    }
    Money amount = amount();
    Money takenBack = unitsValue(amount, returnedQuantity + units, quantity);
    Money left = amount.minus(takenBack);
    if (returnedAmount.compareTo(left) > 0) {
      return "returning "
          + units
          + " more would take the line below zero: the returned units are worth "
          + takenBack
          + " of "
          + amount
          + ", and "
          + returnedAmount
          + " was already refunded without units";
    }
    return null;
  }

  /** Why {@link #withReturnedAmount} would refuse, or null. */
  @Nullable String problemWithReturnedAmount(Money refund) {
    Objects.requireNonNull(refund, "refund");
    if (!refund.currency().equals(currency())) {
      return "returned amount is in " + refund.currency() + " but the line is in " + currency();
    }
    if (!refund.isPositive()) {
      return "returned amount must be positive, was " + refund;
    }
    Money left = netAmount();
    if (refund.compareTo(left) > 0) {
      return refund + " returned of " + left + " remaining";
    }
    return null;
  }

  private static Money gross(int quantity, Money unitPrice) {
    try {
      return Money.ofMinor(
          Math.multiplyExact(unitPrice.minor(), (long) quantity), unitPrice.currency());
    } catch (ArithmeticException e) {
      throw new ArithmeticException(
          "the line's price "
              + quantity
              + " × "
              + unitPrice
              + " is too large to be represented in "
              + unitPrice.currency());
    }
  }

  /** {@code amount × units ÷ quantity}, rounded half-even; exact for every long amount. */
  private static Money unitsValue(Money amount, int units, int quantity) {
    if (units == 0) {
      return Money.zero(amount.currency());
    }
    if (units == quantity) {
      return amount;
    }
    BigDecimal share =
        BigDecimal.valueOf(amount.minor())
            .multiply(BigDecimal.valueOf(units))
            .divide(BigDecimal.valueOf(quantity), 0, RoundingMode.HALF_EVEN);
    return Money.ofMinor(share.longValueExact(), amount.currency());
  }

  private static void requireCurrency(String what, Money money, CurrencyUnit currency) {
    if (!money.currency().equals(currency)) {
      throw new IllegalArgumentException(
          what + " is in " + money.currency() + " but the unit price is in " + currency);
    }
  }
}
