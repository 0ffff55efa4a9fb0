package dev.levier.attribution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one programme shares a sale between the touches of its journey, and how it treats sales the
 * advertiser says another of its paid channels closed.
 *
 * @param spec the model and its settings; {@code last} (the default) pays the touch last-click
 *     attribution credits, found by the strongest key (click ID, coupon, visitor, customer)
 * @param deduplication what happens to affiliate commission when a non-affiliate paid channel had
 *     the last touch, or null to pay as if it had not
 * @param version the version of the setting, 0 for a programme that never set one
 * @param updatedAt when it was last changed, or null for the default
 */
public record AttributionPolicy(
    ModelSpec spec,
    @Nullable Deduplication deduplication,
    int version,
    @Nullable Instant updatedAt) {

  /** Last click, no de-duplication: what a programme that never chose pays. */
  public static final AttributionPolicy DEFAULT =
      new AttributionPolicy(ModelSpec.of(ModelSpec.Kind.LAST), null, 0, null);

  /** The channel name an advertiser gives when the affiliate touch itself was its last. */
  public static final String AFFILIATE = "affiliate";

  public AttributionPolicy {
    Objects.requireNonNull(spec, "spec");
  }

  /**
   * Channel de-duplication: when the advertiser reports that one of {@code channels} (or, when the
   * set is empty, any channel other than {@value #AFFILIATE}) had the last paid touch before the
   * sale, affiliate commission is reduced by {@code reduceByPercent} (100: nothing is paid).
   */
  public record Deduplication(Set<String> channels, BigDecimal reduceByPercent) {

    public Deduplication {
      channels = Set.copyOf(channels);
      if (reduceByPercent.signum() <= 0 || reduceByPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException(
            "must be more than 0 and at most 100, not " + reduceByPercent.toPlainString());
      }
    }

    /** Whether a last touch through {@code channel} triggers the reduction. */
    public boolean covers(@Nullable String channel) {
      return channel != null
          && !channel.equals(AFFILIATE)
          && (channels.isEmpty() || channels.contains(channel));
    }

    /** Whether nothing is paid at all. */
    public boolean zeroes() {
      return reduceByPercent.compareTo(BigDecimal.valueOf(100)) == 0;
    }
  }

  /** Whether the programme pays the last click (the key-based winner) alone. */
  public boolean lastClick() {
    return spec.kind() == ModelSpec.Kind.LAST;
  }

  /** Whether the model learns channel weights from all the programme's journeys. */
  public boolean dataDriven() {
    return switch (spec.kind()) {
      case MARKOV, SHAPLEY, SHAPLEY_ORDERED -> true;
      default -> false;
    };
  }
}
