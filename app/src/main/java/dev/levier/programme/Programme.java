package dev.levier.programme;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.ProgrammeStatus;
import dev.levier.storage.Versioned;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an advertiser offers publishers: where visitors land, which domains links may lead to, how
 * long a click can earn a sale, and how long a sale waits before it is approved.
 *
 * @param allowedDomains host patterns ({@code shop.example}, {@code *.shop.example}) that links and
 *     deep links may lead to
 * @param attributionWindowDays how long after a click a sale is credited to it
 * @param validationDays how long a sale stays pending before it is approved automatically
 * @param clickIdParam the query parameter that carries the click id to the landing page
 * @param lapsedAfterDays a customer with no order for this long counts as lapsed, not returning
 * @param countries where the programme sells; a sale from elsewhere is held for review (empty:
 *     anywhere)
 * @param minClickSeconds a sale sooner than this after its click is held for review
 */
public record Programme(
    String id,
    String advertiserId,
    String name,
    CurrencyUnit currency,
    String landingUrl,
    List<String> allowedDomains,
    int attributionWindowDays,
    int validationDays,
    String clickIdParam,
    int lapsedAfterDays,
    List<CountryCode> countries,
    int minClickSeconds,
    ProgrammeStatus status,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt)
    implements Versioned {

  public Programme {
    allowedDomains = List.copyOf(allowedDomains);
    countries = List.copyOf(countries);
  }
}
