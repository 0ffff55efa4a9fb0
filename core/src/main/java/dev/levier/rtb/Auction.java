package dev.levier.rtb;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bid request as the bidder sees it: the facts targeting reads, the blocks, and the impressions.
 * Facts about the person ({@code user}, {@code segments}) are present only when they may be used:
 * with consent, and never for a child. Texts (region, city, system, browser, domain, bundle) are
 * kept in lower case.
 *
 * @param firstPrice the winner pays its bid ({@code at = 1}), so bids are shaded
 * @param currency the currency bids are made in
 * @param deviceType the OpenRTB device type (list 5.21), zero when unknown
 * @param user a stable id of the user for frequency caps, when known and allowed
 * @param personalData whether targeting may use personal data
 * @param blockedApps the apps ({@code bapp}, app-store ids in lower case) no ad may advertise
 */
public record Auction(
    String id,
    boolean firstPrice,
    CurrencyUnit currency,
    Instant now,
    @Nullable CountryCode country,
    @Nullable String region,
    @Nullable String city,
    int deviceType,
    @Nullable String os,
    @Nullable String browser,
    @Nullable String domain,
    @Nullable String bundle,
    Set<String> contentCategories,
    @Nullable String user,
    Set<String> segments,
    boolean personalData,
    Set<String> blockedCategories,
    Set<String> blockedAdvertisers,
    Set<String> blockedApps,
    List<Opportunity> opportunities) {

  public Auction {
    // Texts are compared in lower case: lowered once here, not once per line item.
    region = lower(region);
    city = lower(city);
    os = lower(os);
    browser = lower(browser);
    domain = lower(domain);
    bundle = lower(bundle);
    contentCategories = Set.copyOf(contentCategories);
    segments = Set.copyOf(segments);
    blockedCategories = Set.copyOf(blockedCategories);
    blockedAdvertisers = Set.copyOf(blockedAdvertisers);
    blockedApps = Set.copyOf(blockedApps);
    opportunities = List.copyOf(opportunities);
  }

  private static @Nullable String lower(@Nullable String text) {
    return text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
  }
}
