package dev.levier.conversion;

import dev.levier.geo.CountryCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the conversion intake knows about a conversion when it decides whether to hold it for
 * review. The intake looks everything up (the publisher's identities, the coupon's owner, the
 * recent orders); {@link FraudChecks} only judges.
 *
 * <p>The click time and click flags are not given separately but read from the attributed touch
 * ({@link #clickedAt()}, {@link #clickFlags()}), so they cannot disagree with the attribution.
 *
 * <p>Start from {@link #of(Attribution, Instant)} and add what is known with the {@code with...}
 * methods; what is not known stays empty and its checks find nothing.
 *
 * @param attribution the attribution of the conversion
 * @param orderedAt when the order was placed; not before the attributed touch
 * @param emailHash the customer's e-mail hash, or null if not sent
 * @param customerRef the advertiser's customer reference, or null if not sent
 * @param publisherIdentities the identities of the credited publisher's own people (their e-mail
 *     hashes, their customer references at this advertiser); ignored when nobody is credited
 * @param coupon the coupon code used on the order, or null
 * @param couponPublisherId the publisher the coupon is assigned to, or null when the coupon is not
 *     assigned (or none was used)
 * @param country where the order came from, or null if unknown
 * @param programmeCountries the countries the programme runs in; empty means everywhere
 * @param recentSimilarOrders other orders (not counting this one) from the same customer with the
 *     same total within {@link FraudPolicy#duplicateWindow()} of this one, before or after it,
 *     counted by the caller
 */
public record FraudFacts(
    Attribution attribution,
    Instant orderedAt,
    @Nullable EmailHash emailHash,
    @Nullable CustomerRef customerRef,
    Set<Identity> publisherIdentities,
    @Nullable String coupon,
    @Nullable String couponPublisherId,
    @Nullable CountryCode country,
    Set<CountryCode> programmeCountries,
    int recentSimilarOrders) {

  /**
   * @throws IllegalArgumentException if the facts contradict each other or a value is malformed
   */
  public FraudFacts {
    Objects.requireNonNull(attribution, "attribution");
    Objects.requireNonNull(orderedAt, "orderedAt");
    publisherIdentities = Set.copyOf(publisherIdentities);
    programmeCountries = Set.copyOf(programmeCountries);
    Touch touch = attribution.touch();
    if (touch != null && touch.occurredAt().isAfter(orderedAt)) {
      throw new IllegalArgumentException(
          "the attributed "
              + touch.describe()
              + " is after the order; attribution never credits such a touch");
    }
    if (coupon != null) {
      Text.requireId("coupon", coupon, Touch.MAX_ID_LENGTH);
    }
    if (couponPublisherId != null) {
      if (coupon == null) {
        throw new IllegalArgumentException("a coupon's publisher was given without the coupon");
      }
      Text.requireId("coupon publisher id", couponPublisherId, Touch.MAX_ID_LENGTH);
    }
    if (recentSimilarOrders < 0) {
      throw new IllegalArgumentException(
          "recentSimilarOrders must not be negative, was " + recentSimilarOrders);
    }
  }

  /** The facts every conversion has; everything else unknown. */
  public static FraudFacts of(Attribution attribution, Instant orderedAt) {
    return new FraudFacts(
        attribution, orderedAt, null, null, Set.of(), null, null, null, Set.of(), 0);
  }

  /** These facts with the customer's identities as sent with the conversion. */
  public FraudFacts withCustomer(@Nullable EmailHash hash, @Nullable CustomerRef ref) {
    return new FraudFacts(
        attribution,
        orderedAt,
        hash,
        ref,
        publisherIdentities,
        coupon,
        couponPublisherId,
        country,
        programmeCountries,
        recentSimilarOrders);
  }

  /** These facts with the credited publisher's own identities. */
  public FraudFacts withPublisherIdentities(Set<Identity> identities) {
    return new FraudFacts(
        attribution,
        orderedAt,
        emailHash,
        customerRef,
        identities,
        coupon,
        couponPublisherId,
        country,
        programmeCountries,
        recentSimilarOrders);
  }

  /** These facts with the coupon used and the publisher it is assigned to, if any. */
  public FraudFacts withCoupon(String code, @Nullable String assignedToPublisherId) {
    return new FraudFacts(
        attribution,
        orderedAt,
        emailHash,
        customerRef,
        publisherIdentities,
        code,
        assignedToPublisherId,
        country,
        programmeCountries,
        recentSimilarOrders);
  }

  /** These facts with the order's country and the programme's countries (empty: everywhere). */
  public FraudFacts withCountry(@Nullable CountryCode orderCountry, Set<CountryCode> allowed) {
    return new FraudFacts(
        attribution,
        orderedAt,
        emailHash,
        customerRef,
        publisherIdentities,
        coupon,
        couponPublisherId,
        orderCountry,
        allowed,
        recentSimilarOrders);
  }

  /** These facts with the count of recent similar orders. */
  public FraudFacts withRecentSimilarOrders(int count) {
    return new FraudFacts(
        attribution,
        orderedAt,
        emailHash,
        customerRef,
        publisherIdentities,
        coupon,
        couponPublisherId,
        country,
        programmeCountries,
        count);
  }

  /** The attributed touch when it is a click, or null (unattributed, or credited to a coupon). */
  public @Nullable Touch click() {
    Touch touch = attribution.touch();
    return touch != null && touch.kind().isClick() ? touch : null;
  }

  /** When the attributed click happened, or null when no click is credited. */
  public @Nullable Instant clickedAt() {
    Touch click = click();
    return click == null ? null : click.occurredAt();
  }

  /** The fraud flags of the attributed click; empty when no click is credited. */
  public Set<String> clickFlags() {
    Touch click = click();
    return click == null ? Set.of() : click.flags();
  }
}
