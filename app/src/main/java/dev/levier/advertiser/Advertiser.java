package dev.levier.advertiser;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.Versioned;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A retailer or brand that runs programmes.
 *
 * @param currency what it is invoiced in
 * @param timeZone where its reports are grouped by day
 */
public record Advertiser(
    String id,
    String name,
    CountryCode country,
    CurrencyUnit currency,
    ZoneId timeZone,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt)
    implements Versioned {}
