package dev.levier.tracking;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A coupon code the advertiser gave one publisher. A sale that uses the code is credited to that
 * publisher when no click says otherwise.
 *
 * @param code upper case; codes match without regard to case
 */
public record Coupon(
    String id,
    String code,
    String partnershipId,
    String programmeId,
    String publisherId,
    String advertiserId,
    Instant createdAt,
    @Nullable Instant archivedAt) {}
