package dev.levier.programme;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.ProgrammeStatus;
import dev.levier.tracking.AllowedDomains;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The editable fields of a programme, checked together: the landing page must itself be on an
 * allowed domain, or the very first redirect would be refused.
 */
public record ProgrammeDraft(
    String name,
    CurrencyUnit currency,
    String landingUrl,
    AllowedDomains allowedDomains,
    int attributionWindowDays,
    int validationDays,
    String clickIdParam,
    int lapsedAfterDays,
    List<CountryCode> countries,
    int minClickSeconds,
    ProgrammeStatus status) {

  public ProgrammeDraft {
    countries = List.copyOf(countries);
  }

  public static final int DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;
  public static final int DEFAULT_VALIDATION_DAYS = 30;
  public static final String DEFAULT_CLICK_ID_PARAM = "lvclid";
  public static final int DEFAULT_LAPSED_AFTER_DAYS = 365;
  public static final int DEFAULT_MIN_CLICK_SECONDS = 5;
  private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_.~-]{1,64}");

  /** The editable fields of a programme as it stands. */
  public static ProgrammeDraft of(Programme programme) {
    return new ProgrammeDraft(
        programme.name(),
        programme.currency(),
        programme.landingUrl(),
        AllowedDomains.parse(programme.allowedDomains()),
        programme.attributionWindowDays(),
        programme.validationDays(),
        programme.clickIdParam(),
        programme.lapsedAfterDays(),
        programme.countries(),
        programme.minClickSeconds(),
        programme.status());
  }

  /** Why the landing URL does not fit the allowed domains, or null when it does. */
  public @org.jspecify.annotations.Nullable String landingUrlProblem() {
    return allowedDomains.problemWithDestination(landingUrl).orElse(null);
  }

  /** A click id parameter name: URL-safe characters only, so it never needs encoding. */
  public static String clickIdParam(String text) {
    if (!PARAM.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 64 characters among letters, digits and _ . ~ -");
    }
    return text;
  }

  /** A landing URL: an absolute http(s) URL that is safe to redirect to. */
  public static String landingUrl(String text) {
    AllowedDomains.problemWithUrlShape(text)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    return text;
  }
}
