package dev.levier.tracking;

import dev.levier.geo.CountryCode;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a range of IP addresses is: its country, and when the table knows them its region and city.
 * One instance per distinct place is shared by the ranges of an {@link IpCountryTable}, so a lookup
 * hands it out without allocating.
 *
 * @param region an ISO 3166-2 subdivision of the country in upper case, such as {@code FR-IDF} (the
 *     code OpenRTB's {@code geo.region} carries)
 * @param city the city's name as the table writes it
 */
public record IpLocation(CountryCode country, @Nullable String region, @Nullable String city) {

  /** Longest city name kept, as long as a city a line item may target. */
  static final int MAX_CITY = 100;

  private static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");

  /**
   * @throws IllegalArgumentException with a reason fit for an operator's error message
   */
  public IpLocation {
    if (region != null) {
      if (!SUBDIVISION.matcher(region).matches()) {
        throw new IllegalArgumentException(
            "region "
                + SourceText.quote(region, 0, region.length())
                + " is not an ISO 3166-2 subdivision code in upper case, such as FR-IDF");
      }
      if (!region.startsWith(country.code())) {
        throw new IllegalArgumentException(
            "region " + region + " is not a subdivision of the row's country " + country.code());
      }
    }
    if (city != null) {
      if (city.isEmpty() || city.length() > MAX_CITY) {
        throw new IllegalArgumentException(
            "city must be 1 to " + MAX_CITY + " characters, not " + city.length());
      }
      for (int i = 0; i < city.length(); i++) {
        if (Character.isISOControl(city.charAt(i))) {
          throw new IllegalArgumentException("city must not hold control characters");
        }
      }
    }
  }
}
