package dev.levier.publisher;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.PublisherType;
import dev.levier.storage.Versioned;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A partner that sends customers: a cashback or voucher site, a blog, an influencer, a comparison
 * site, an e-mail list, a sub-network...
 *
 * @param payoutCurrency the currency it is paid in
 * @param websites where it publishes, as absolute URLs
 * @param contactEmail how the network reaches it; its hash also spots self-referral, a publisher
 *     buying through its own links
 */
public record Publisher(
    String id,
    String name,
    PublisherType type,
    CountryCode country,
    CurrencyUnit payoutCurrency,
    List<String> websites,
    @Nullable String contactEmail,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt)
    implements Versioned {

  public Publisher {
    websites = List.copyOf(websites);
  }
}
