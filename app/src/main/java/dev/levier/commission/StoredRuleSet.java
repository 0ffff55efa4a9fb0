package dev.levier.commission;

import dev.levier.storage.Versioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A programme's rule set as the API shows it: a draft, edited freely, or a published version that
 * never changes again.
 *
 * @param status draft or published
 * @param publishedVersion the version number given at publication (1, 2, ...), kept on every
 *     commission it computes; null for a draft
 * @param effectiveFrom from when it applies to orders (by the time they were placed); null for a
 *     draft
 * @param rules the rules, in the shape the API reads them
 * @param caps the caps per order, likewise
 * @param monthlyCaps the most a publisher, or the whole programme, earns in a month
 * @param tiers volume tiers, settled at the month's close
 * @param bonuses fixed amounts on reaching a number of new customers in a month
 * @param version the edit version, for optimistic concurrency like every other resource
 */
public record StoredRuleSet(
    String id,
    String programmeId,
    String name,
    String status,
    @Nullable Integer publishedVersion,
    @Nullable Instant effectiveFrom,
    String currency,
    String timeZone,
    String resolution,
    List<Map<String, Object>> rules,
    List<Map<String, Object>> caps,
    List<Map<String, Object>> monthlyCaps,
    List<Map<String, Object>> tiers,
    List<Map<String, Object>> bonuses,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant publishedAt)
    implements Versioned {

  public StoredRuleSet {
    rules = List.copyOf(rules);
    caps = List.copyOf(caps);
    monthlyCaps = List.copyOf(monthlyCaps);
    tiers = List.copyOf(tiers);
    bonuses = List.copyOf(bonuses);
  }

  static final String DRAFT = "draft";
  static final String PUBLISHED = "published";

  /** Rule sets are not archived: a draft no longer wanted is simply never published. */
  @Override
  public @Nullable Instant archivedAt() {
    return null;
  }

  boolean isDraft() {
    return status.equals(DRAFT);
  }
}
