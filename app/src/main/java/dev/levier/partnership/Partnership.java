package dev.levier.partnership;

import dev.levier.network.PartnershipStatus;
import dev.levier.storage.Versioned;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A publisher's place in a programme.
 *
 * @param advertiserId the programme's advertiser, for convenience
 * @param group a label the advertiser uses to treat publishers alike (commission tiers, reports)
 * @param statusReason why it was declined or suspended, when a reason was given; cleared when it is
 *     approved
 */
public record Partnership(
    String id,
    String programmeId,
    String publisherId,
    String advertiserId,
    @Nullable String group,
    PartnershipStatus status,
    @Nullable String statusReason,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt)
    implements Versioned {}
