package dev.levier.conversion;

import dev.levier.commission.EventType;
import dev.levier.commission.SubscriptionPhase;
import dev.levier.geo.CountryCode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A conversion as reported, validated and ready for the journal.
 *
 * @param source how it arrived; the pixel is trusted less than the authenticated ways
 * @param actor who reported it: the API key id, or the way it came for postbacks and pixels
 * @param clickId the click id the advertiser read from its landing URL
 * @param visitorId Levier's visitor cookie, when the sale was reported from the visitor's browser
 * @param customerStatus what the advertiser says about the customer; derived from the order history
 *     when null
 * @param channel the last paid channel the advertiser saw, for de-duplication
 * @param subscription the first payment of a subscription or a renewal, or null for a one-off sale
 * @param event a sale, paid per line, or a lead, paid per lead
 */
public record ConversionRequest(
    Source source,
    String actor,
    String programmeId,
    Order order,
    @Nullable String clickId,
    @Nullable String couponCode,
    @Nullable String visitorId,
    @Nullable CustomerRef customerRef,
    @Nullable EmailHash emailHash,
    @Nullable CustomerStatus customerStatus,
    @Nullable String channel,
    @Nullable CountryCode country,
    @Nullable SubscriptionPhase subscription,
    EventType event,
    Instant receivedAt) {

  /** How a conversion reached Levier. */
  public enum Source {
    /** {@code POST /api/v1/conversions} with the advertiser's key. */
    API("high"),
    /** A server-to-server postback signed with the advertiser's secret. */
    POSTBACK("high"),
    /** A pixel loaded in the visitor's browser: anyone can forge it. */
    PIXEL("low");

    private final String trust;

    Source(String trust) {
      this.trust = trust;
    }

    public String trust() {
      return trust;
    }

    @Override
    public String toString() {
      return dev.levier.network.WireEnum.wireName(this);
    }
  }
}
