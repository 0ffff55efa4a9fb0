package dev.levier.tracking;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A publisher's tracking link into a programme.
 *
 * @param url the deep link: the page on the advertiser's site the visitor goes to; null sends the
 *     visitor to the programme's landing page
 * @param trackingUrl what the publisher puts on its page; clicks on it are recorded and redirected
 */
public record Link(
    String id,
    String partnershipId,
    String programmeId,
    String publisherId,
    String advertiserId,
    @Nullable String url,
    SubIds subIds,
    String trackingUrl,
    Instant createdAt,
    @Nullable Instant archivedAt) {}
