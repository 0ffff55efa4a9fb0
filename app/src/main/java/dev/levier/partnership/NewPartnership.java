package dev.levier.partnership;

import dev.levier.network.PartnershipStatus;
import org.jspecify.annotations.Nullable;

/**
 * A partnership to create. A publisher's key may leave out its own id; the status defaults to
 * {@code applied} for a publisher and {@code approved} for an advertiser or the admin.
 */
public record NewPartnership(
    String programmeId,
    @Nullable String publisherId,
    @Nullable String group,
    @Nullable PartnershipStatus status) {}
