package dev.levier.rtb;

import dev.levier.geo.CountryCode;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which impressions a line item wants. Every list left empty takes everything; a list with values
 * takes only a request that matches one of them, so a line item for France takes no request whose
 * country is unknown. Texts (regions, cities, systems, browsers, domains, bundles) compare without
 * regard to case; a domain matches itself and its subdomains. Days and hours are in the line item's
 * time zone. Audience segments are personal data: a line item that targets them bids only where
 * consent allows their use.
 */
public record Targeting(
    Set<CountryCode> countries,
    Set<String> regions,
    Set<String> cities,
    Set<Integer> deviceTypes,
    Set<String> operatingSystems,
    Set<String> browsers,
    Set<String> domains,
    Set<String> blockedDomains,
    Set<String> bundles,
    Set<String> blockedBundles,
    Set<String> categories,
    Set<AdFormat> formats,
    Set<String> deals,
    Set<DayOfWeek> days,
    Set<Integer> hours,
    Set<String> segments) {

  public static final Targeting ANY =
      new Targeting(
          Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
          Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

  public Targeting {
    countries = Set.copyOf(countries);
    regions = lower(regions);
    cities = lower(cities);
    deviceTypes = Set.copyOf(deviceTypes);
    operatingSystems = lower(operatingSystems);
    browsers = lower(browsers);
    domains = lower(domains);
    blockedDomains = lower(blockedDomains);
    bundles = lower(bundles);
    blockedBundles = lower(blockedBundles);
    categories = Set.copyOf(categories);
    formats = Set.copyOf(formats);
    deals = Set.copyOf(deals);
    days = Set.copyOf(days);
    hours = Set.copyOf(hours);
    for (Integer hour : hours) {
      if (hour < 0 || hour > 23) {
        throw new IllegalArgumentException("hours: " + hour + " is not an hour of the day (0-23)");
      }
    }
    segments = Set.copyOf(segments);
  }

  private static Set<String> lower(Set<String> values) {
    return values.stream()
        .map(v -> v.toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Whether the request, at its time in {@code zone}, is one the line item wants. */
  public boolean matches(Auction auction, ZoneId zone) {
    if (!countries.isEmpty()
        && (auction.country() == null || !countries.contains(auction.country()))) {
      return false;
    }
    if (!in(regions, auction.region()) || !in(cities, auction.city())) {
      return false;
    }
    if (!deviceTypes.isEmpty() && !deviceTypes.contains(auction.deviceType())) {
      return false;
    }
    if (!in(operatingSystems, auction.os()) || !in(browsers, auction.browser())) {
      return false;
    }
    if (!domains.isEmpty() && !domainIn(domains, auction.domain())) {
      return false;
    }
    if (domainIn(blockedDomains, auction.domain())) {
      return false;
    }
    if (!in(bundles, auction.bundle())) {
      return false;
    }
    String bundle = auction.bundle();
    if (bundle != null && blockedBundles.contains(bundle)) {
      return false;
    }
    if (!categories.isEmpty() && !anyCategory(auction.contentCategories())) {
      return false;
    }
    if (!days.isEmpty() || !hours.isEmpty()) {
      ZonedDateTime local = auction.now().atZone(zone);
      if (!days.isEmpty() && !days.contains(local.getDayOfWeek())) {
        return false;
      }
      if (!hours.isEmpty() && !hours.contains(local.getHour())) {
        return false;
      }
    }
    if (!segments.isEmpty()) {
      if (!auction.personalData()) {
        return false;
      }
      boolean any = false;
      for (String segment : auction.segments()) {
        any |= segments.contains(segment);
      }
      return any;
    }
    return true;
  }

  /** The deal the line item bids through on this impression: null for the open auction. */
  public Opportunity.@Nullable Deal deal(Opportunity slot) {
    for (Opportunity.Deal deal : slot.deals()) {
      if (deals.contains(deal.id())) {
        return deal;
      }
    }
    return null;
  }

  private boolean anyCategory(Set<String> requested) {
    for (String category : requested) {
      for (String wanted : categories) {
        if (Categories.within(category, wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a value of the auction (in lower case already) is allowed. */
  private static boolean in(Set<String> allowed, @Nullable String value) {
    return allowed.isEmpty() || (value != null && allowed.contains(value));
  }

  private static boolean domainIn(Set<String> listed, @Nullable String domain) {
    if (domain == null || listed.isEmpty()) {
      return false;
    }
    for (String l : listed) {
      if (domain.equals(l)
          || (domain.length() > l.length()
              && domain.endsWith(l)
              && domain.charAt(domain.length() - l.length() - 1) == '.')) {
        return true;
      }
    }
    return false;
  }
}
