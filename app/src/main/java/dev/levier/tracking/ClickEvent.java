package dev.levier.tracking;

import dev.levier.geo.CountryCode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One click, as recorded: everything attribution, fraud checks and reports will need later.
 *
 * @param destination where the visitor was sent, click id included
 * @param commissionable whether the click can earn: approved partnership, active programme, live
 *     link
 * @param flags why it cannot earn or looks suspicious, space separated ({@code not-approved},
 *     {@code programme-paused}, {@code link-archived}, {@code bot}, {@code datacenter}, {@code
 *     velocity}, {@code deep-link-refused}, {@code sub-id-refused}); empty when none
 */
public record ClickEvent(
    String clickId,
    Instant occurredAt,
    long linkRowId,
    long partnershipRowId,
    long publisherRowId,
    long programmeRowId,
    long advertiserRowId,
    SubIds subIds,
    String visitorId,
    DeviceType device,
    @Nullable CountryCode country,
    @Nullable String referrer,
    @Nullable String userAgent,
    @Nullable String ipTruncated,
    String destination,
    boolean commissionable,
    String flags) {}
