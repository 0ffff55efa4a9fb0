package dev.levier.rtb.openrtb;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A location: {@code country} in ISO 3166-1 alpha-3, {@code region} in ISO 3166-2, {@code city} as
 * a name.
 */
public record Geo(
    @Nullable BigDecimal lat,
    @Nullable BigDecimal lon,
    @Nullable String country,
    @Nullable String region,
    @Nullable String city,
    @Nullable String zip) {}
