package dev.levier.experiment;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A holdout experiment on one partnership.
 *
 * @param advertiserId the programme's advertiser, for convenience
 * @param holdoutPercent the share of the partnership's visitors held out from the reward, as a
 *     decimal string ("10", "12.5")
 * @param startsAt when the redirect starts splitting visitors
 * @param endsAt when it stops (exclusive); null while it runs without an end. Stopping sets it.
 * @param status {@code scheduled} (before its start), {@code running}, {@code ended} (its end has
 *     passed) or {@code stopped} (stopped by hand)
 * @param results what the experiment measured so far; null in lists
 */
public record Experiment(
    String id,
    String partnershipId,
    String programmeId,
    String publisherId,
    String advertiserId,
    String holdoutPercent,
    Instant startsAt,
    @Nullable Instant endsAt,
    String status,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable ExperimentResults results) {

  Experiment withResults(ExperimentResults measured) {
    return new Experiment(
        id,
        partnershipId,
        programmeId,
        publisherId,
        advertiserId,
        holdoutPercent,
        startsAt,
        endsAt,
        status,
        version,
        createdAt,
        updatedAt,
        measured);
  }
}
