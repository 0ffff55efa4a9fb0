package dev.levier.commission;

import dev.levier.attribution.JourneyRole;
import dev.levier.conversion.CustomerStatus;
import dev.levier.geo.CountryCode;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.tracking.DeviceType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known of a sale when its commission is computed: the facts every rule condition reads,
 * except those of the line itself. Unknown facts are null, and a condition on an unknown fact does
 * not hold (a rule for new customers does not pay on a sale whose customer status is unknown).
 *
 * @param orderedAt when the order was placed
 * @param localOrderedAt the same instant in the programme's time zone, for day and hour conditions
 * @param orderValue the value of the order in the programme's currency, for order value ranges
 * @param customerStatus new, returning or lapsed, or null when unknown
 * @param couponCode the coupon the customer used, or null
 * @param publishersOwnCoupon whether that coupon is assigned to the credited publisher
 * @param publisherId the credited publisher's public id
 * @param publisherType the credited publisher's type
 * @param group the partnership's group (such as "premium"), or null
 * @param country where the order came from, or null
 * @param device the device of the credited click, or null
 * @param channel the last paid channel the advertiser saw (channel de-duplication), or null
 * @param role the credited touch's role in the journey, or null before attribution gives one
 * @param subscription first payment or renewal of a subscription, or null for a one-off order
 */
public record SaleFacts(
    Instant orderedAt,
    LocalDateTime localOrderedAt,
    Money orderValue,
    @Nullable CustomerStatus customerStatus,
    @Nullable String couponCode,
    boolean publishersOwnCoupon,
    String publisherId,
    PublisherType publisherType,
    @Nullable String group,
    @Nullable CountryCode country,
    @Nullable DeviceType device,
    @Nullable String channel,
    @Nullable JourneyRole role,
    @Nullable SubscriptionPhase subscription) {

  public SaleFacts {
    Objects.requireNonNull(orderedAt, "orderedAt");
    Objects.requireNonNull(localOrderedAt, "localOrderedAt");
    Objects.requireNonNull(orderValue, "orderValue");
    Objects.requireNonNull(publisherId, "publisherId");
    Objects.requireNonNull(publisherType, "publisherType");
  }

  /** Starts the facts of a sale; the local time is worked out once, here, in {@code zone}. */
  public static Builder builder(
      Instant orderedAt,
      ZoneId zone,
      Money orderValue,
      String publisherId,
      PublisherType publisherType) {
    return new Builder(orderedAt, zone, orderValue, publisherId, publisherType);
  }

  /** Sets the facts that are often unknown, one by one. */
  public static final class Builder {
    private final Instant orderedAt;
    private final LocalDateTime local;
    private final Money orderValue;
    private final String publisherId;
    private final PublisherType publisherType;
    private @Nullable CustomerStatus customerStatus;
    private @Nullable String couponCode;
    private boolean publishersOwnCoupon;
    private @Nullable String group;
    private @Nullable CountryCode country;
    private @Nullable DeviceType device;
    private @Nullable String channel;
    private @Nullable JourneyRole role;
    private @Nullable SubscriptionPhase subscription;

    private Builder(
        Instant orderedAt,
        ZoneId zone,
        Money orderValue,
        String publisherId,
        PublisherType publisherType) {
      this.orderedAt = Objects.requireNonNull(orderedAt, "orderedAt");
      this.local = LocalDateTime.ofInstant(orderedAt, Objects.requireNonNull(zone, "zone"));
      this.orderValue = orderValue;
      this.publisherId = publisherId;
      this.publisherType = publisherType;
    }

    public Builder customerStatus(@Nullable CustomerStatus value) {
      customerStatus = value;
      return this;
    }

    /** The coupon used, and whether it is assigned to the credited publisher. */
    public Builder coupon(@Nullable String code, boolean publishersOwn) {
      couponCode = code;
      publishersOwnCoupon = code != null && publishersOwn;
      return this;
    }

    public Builder group(@Nullable String value) {
      group = value;
      return this;
    }

    public Builder country(@Nullable CountryCode value) {
      country = value;
      return this;
    }

    public Builder device(@Nullable DeviceType value) {
      device = value;
      return this;
    }

    public Builder channel(@Nullable String value) {
      channel = value;
      return this;
    }

    public Builder role(@Nullable JourneyRole value) {
      role = value;
      return this;
    }

    public Builder subscription(@Nullable SubscriptionPhase value) {
      subscription = value;
      return this;
    }

    public SaleFacts build() {
      return new SaleFacts(
          orderedAt,
          local,
          orderValue,
          customerStatus,
          couponCode,
          publishersOwnCoupon,
          publisherId,
          publisherType,
          group,
          country,
          device,
          channel,
          role,
          subscription);
    }
  }
}
