package dev.levier.money;

import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An ISO 4217 currency together with its exponent, the number of decimal places of its minor unit
 * (JPY 0, EUR 2, BHD 3).
 *
 * <p>The exponent travels with the code because every amount is stored as a count of minor units: a
 * unit whose exponent disagreed with ISO 4217 would silently scale amounts by a power of ten. The
 * constructor therefore accepts only the ISO exponent, and {@link #of(String)} is the way to obtain
 * an instance.
 *
 * <p>Codes and exponents come from the running JDK's {@link Currency} data. That data also keeps
 * codes ISO 4217 has withdrawn (DEM, FRF, HRK, ...); those are refused by an explicit list here,
 * which must grow when ISO withdraws more codes. Codes without a minor unit (XAU, XDR, XTS, XXX,
 * ...) are refused because an amount in them cannot be a count of minor units.
 *
 * @param code the three-letter uppercase ISO 4217 alphabetic code
 * @param exponent the number of decimal places of the minor unit, as ISO 4217 defines it
 */
public record CurrencyUnit(String code, int exponent) {

  /** Everything the JDK knows, including withdrawn and pseudo codes, keyed by exact code. */
  private static final Map<String, Currency> JDK_DATA =
      Currency.getAvailableCurrencies().stream()
          .collect(Collectors.toUnmodifiableMap(Currency::getCurrencyCode, Function.identity()));

  /**
   * Codes still present in the JDK's data that ISO 4217 has withdrawn: the currencies the euro
   * replaced, then those replaced by a national successor. Listed only when the withdrawal is long
   * settled; a code is taken out of use by adding it here.
   */
  private static final Set<String> WITHDRAWN =
      Set.of(
          new String[] {
            "ATS", "BEF", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GRD", "HRK", "IEP", "ITL",
            "LTL", "LUF", "LVL", "MTL", "NLG", "PTE", "SIT", "SKK", //
            "ADP", "AFA", "AYM", "AZM", "BGL", "BYB", "BYR", "CSD", "GHC", "GWP", "MGF", "MRO",
            "MZM", "ROL", "RUR", "SDD", "SRG", "STD", "TMM", "TPE", "TRL", "USS", "VEB", "VEF",
            "YUM", "ZMK", "ZWD", "ZWN", "ZWR"
          });

  /** One shared instance per usable code: units are compared and hashed on every operation. */
  private static final Map<String, CurrencyUnit> USABLE = loadUsable();

  /** Euro. */
  public static final CurrencyUnit EUR = of("EUR");

  /** United States dollar. */
  public static final CurrencyUnit USD = of("USD");

  /** Pound sterling. */
  public static final CurrencyUnit GBP = of("GBP");

  /** Japanese yen, which has no minor unit (exponent 0). */
  public static final CurrencyUnit JPY = of("JPY");

  /** Swiss franc. */
  public static final CurrencyUnit CHF = of("CHF");

  /** Bahraini dinar, a currency with three decimal places (exponent 3). */
  public static final CurrencyUnit BHD = of("BHD");

  /**
   * Validates that the pair is exactly what ISO 4217 says, so that no instance can carry a wrong
   * exponent, whichever way it was built.
   *
   * @throws MoneyFormatException if the code is not a usable ISO 4217 code
   * @throws IllegalArgumentException if the exponent is not the code's ISO 4217 exponent
   */
  public CurrencyUnit {
    Objects.requireNonNull(code, "code");
    String reason = rejectionReason(code);
    if (reason != null) {
      throw new MoneyFormatException(reason);
    }
    int isoExponent = Objects.requireNonNull(JDK_DATA.get(code)).getDefaultFractionDigits();
    if (exponent != isoExponent) {
      throw new IllegalArgumentException(
          code + " has " + isoExponent + " decimal places in ISO 4217, not " + exponent);
    }
  }

  /**
   * Returns the unit for an exact ISO 4217 code.
   *
   * <p>Lowercase or padded codes are refused rather than normalised: an API that accepted "eur"
   * would have two spellings for one value, and clients would come to rely on the lenient one.
   *
   * @param code an uppercase three-letter ISO 4217 code in current use, such as "EUR"
   * @throws MoneyFormatException with a reason fit for an API error body, if the code is not usable
   */
  public static CurrencyUnit of(String code) {
    Objects.requireNonNull(code, "code");
    CurrencyUnit unit = USABLE.get(code);
    if (unit != null) {
      return unit;
    }
    String reason = rejectionReason(code);
    throw new MoneyFormatException(
        reason != null
            ? reason
            : MoneyFormatException.quote(code) + " is not an ISO 4217 currency code");
  }

  /** The code alone, because that is how a currency is written in messages and amounts. */
  @Override
  public String toString() {
    return code;
  }

  private static Map<String, CurrencyUnit> loadUsable() {
    Map<String, CurrencyUnit> units = new HashMap<>();
    for (Currency currency : JDK_DATA.values()) {
      String code = currency.getCurrencyCode();
      if (rejectionReason(code) == null) {
        units.put(code, new CurrencyUnit(code, currency.getDefaultFractionDigits()));
      }
    }
    return Map.copyOf(units);
  }

  /** Why a code is refused, in words for the sender, or null if it is usable. */
  private static @Nullable String rejectionReason(String code) {
    String quoted = MoneyFormatException.quote(code);
    if (code.length() != 3 || !code.chars().allMatch(CurrencyUnit::isAsciiLetter)) {
      return quoted
          + " is not an ISO 4217 currency code: expected three uppercase letters,"
          + " like \"EUR\"";
    }
    if (!code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      String upper = code.toUpperCase(Locale.ROOT);
      if (rejectionReason(upper) == null) {
        return quoted
            + " is not uppercase; currency codes must be exact ISO 4217 codes: use \""
            + upper
            + "\"";
      }
      return quoted + " is not an ISO 4217 currency code, and codes must be uppercase";
    }
    Currency currency = JDK_DATA.get(code);
    if (currency == null) {
      return quoted + " is not an ISO 4217 currency code";
    }
    if (WITHDRAWN.contains(code)) {
      return quoted + " is a withdrawn ISO 4217 currency code; use the currency that replaced it";
    }
    if (currency.getDefaultFractionDigits() < 0) {
      return quoted
          + " has no minor unit in ISO 4217 (it is a precious metal, fund, testing or"
          + " no-currency code), so it cannot be used for money amounts";
    }
    return null;
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
