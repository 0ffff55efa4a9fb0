package dev.levier.geo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An ISO 3166-1 alpha-2 country code, such as {@code DE} or {@code JP}.
 *
 * <p>A dedicated type rather than a {@code String} so that a country can only exist once it has
 * been checked, and targeting, tax and payout rules never have to wonder whether "uk", "UK" or "GB"
 * reached them. The list of codes is the running JDK's {@link Locale#getISOCountries()}.
 *
 * @param code two uppercase ASCII letters assigned by ISO 3166-1
 */
public record CountryCode(String code) {

  /** Longest part of a rejected input repeated in a message, so that error bodies stay small. */
  private static final int MAX_ECHO = 40;

  private static final Set<String> ISO_CODES = Set.of(Locale.getISOCountries());

  /** One shared instance per code, since countries are compared and hashed on hot paths. */
  private static final Map<String, CountryCode> BY_CODE =
      Arrays.stream(Locale.getISOCountries())
          .collect(Collectors.toUnmodifiableMap(Function.identity(), CountryCode::new));

  /**
   * Validates the code whichever way the instance is built, so that no unchecked country exists.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   */
  public CountryCode {
    Objects.requireNonNull(code, "code");
    String reason = rejectionReason(code);
    if (reason != null) {
      throw new IllegalArgumentException(reason);
    }
  }

  /**
   * Returns the country for an exact ISO 3166-1 alpha-2 code.
   *
   * <p>Lowercase is refused rather than normalised, so that the API has one spelling per country
   * and clients do not come to rely on a lenient one.
   *
   * @param code two uppercase letters, such as {@code "DE"}
   * @throws IllegalArgumentException with a reason fit for an API error body
   */
  public static CountryCode of(String code) {
    Objects.requireNonNull(code, "code");
    CountryCode country = BY_CODE.get(code);
    return country != null ? country : new CountryCode(code);
  }

  /** The code alone, because that is how a country is written in messages and data. */
  @Override
  public String toString() {
    return code;
  }

  private static @Nullable String rejectionReason(String code) {
    String quoted = quote(code);
    if (code.length() != 2 || !code.chars().allMatch(CountryCode::isAsciiLetter)) {
      return quoted
          + " is not an ISO 3166-1 alpha-2 country code: expected two uppercase letters,"
          + " like \"DE\"";
    }
    if (!code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      String upper = code.toUpperCase(Locale.ROOT);
      if (ISO_CODES.contains(upper)) {
        return quoted
            + " is not uppercase; country codes must be exact ISO 3166-1 alpha-2 codes:"
            + " use \""
            + upper
            + "\"";
      }
      return quoted + " is not an ISO 3166-1 alpha-2 country code, and codes must be uppercase";
    }
    if (!ISO_CODES.contains(code)) {
      return quoted + " is not an ISO 3166-1 alpha-2 country code";
    }
    return null;
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static String quote(String input) {
    return input.length() <= MAX_ECHO
        ? '"' + input + '"'
        : '"' + input.substring(0, MAX_ECHO) + "...\"";
  }
}
