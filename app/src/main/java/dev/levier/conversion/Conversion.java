package dev.levier.conversion;

import dev.levier.storage.Versioned;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A conversion as the API shows it. Amounts are decimal strings in the order's currency.
 *
 * @param total the order total as reported (may include shipping and tax)
 * @param linesAmount what the order lines add up to
 * @param netAmount the lines after returns; zero once cancelled
 * @param attributedTo who gets the credit, or null when no key found a touch
 * @param commissionable whether the credited touch may earn (approved partnership, active
 *     programme, live link)
 * @param status {@code pending}, {@code held} (fraud signals: waits for review) or {@code
 *     cancelled}
 * @param subscription first or renewal when the sale is a subscription's payment, else null
 * @param event sale (paid per order line) or lead (paid per lead)
 * @param history what happened to it, oldest first; only on a single read
 * @param journey the customer's touches that attribution saw, oldest first, each with the role its
 *     channel played; only on a single read
 */
public record Conversion(
    String id,
    String advertiserId,
    String programmeId,
    String orderId,
    String source,
    String trust,
    Instant orderedAt,
    Instant receivedAt,
    String currency,
    String total,
    String linesAmount,
    String netAmount,
    @Nullable String customerStatus,
    boolean customerStatusGiven,
    @Nullable Attributed attributedTo,
    boolean commissionable,
    String status,
    List<Signal> fraudSignals,
    List<String> attributionNotes,
    @Nullable String clickId,
    @Nullable String couponCode,
    @Nullable String visitorId,
    @Nullable String customerRef,
    @Nullable String channel,
    @Nullable String country,
    @Nullable String subscription,
    String event,
    List<Line> lines,
    int version,
    Instant updatedAt,
    @Nullable List<Event> history,
    @Nullable List<Step> journey)
    implements Versioned {

  /** Conversions are never archived; they are cancelled. */
  @Override
  public @Nullable Instant archivedAt() {
    return null;
  }

  /** Who gets the credit and why. */
  public record Attributed(
      String key,
      String publisherId,
      String partnershipId,
      @Nullable String clickId,
      Instant touchedAt) {}

  /** A fraud signal: what looked wrong, in plain words. */
  public record Signal(String kind, String detail) {}

  /** One order line with what was returned of it. */
  public record Line(
      int lineNo,
      String sku,
      String name,
      @Nullable String category,
      @Nullable String brand,
      int quantity,
      String unitPrice,
      String discount,
      String amount,
      int returnedQuantity,
      String returnedAmount,
      String netAmount) {}

  /** One step of the history. */
  public record Event(
      Instant at, String kind, @Nullable String reason, String detail, String actor) {}

  /**
   * One touch of the journey.
   *
   * @param channel the publisher's id for an affiliate touch, the channel's name for one the
   *     advertiser reported
   * @param kind click, coupon or channel
   * @param partnershipId the partnership of an affiliate touch, or null
   * @param role the role the channel played: introducer, assist or closer
   */
  public record Step(
      String channel,
      String kind,
      @Nullable String partnershipId,
      Instant occurredAt,
      String role) {}

  /** The same conversion with its history and journey, for a single read. */
  public Conversion withDetail(List<Event> events, List<Step> steps) {
    return new Conversion(
        id,
        advertiserId,
        programmeId,
        orderId,
        source,
        trust,
        orderedAt,
        receivedAt,
        currency,
        total,
        linesAmount,
        netAmount,
        customerStatus,
        customerStatusGiven,
        attributedTo,
        commissionable,
        status,
        fraudSignals,
        attributionNotes,
        clickId,
        couponCode,
        visitorId,
        customerRef,
        channel,
        country,
        subscription,
        event,
        lines,
        version,
        updatedAt,
        List.copyOf(events),
        List.copyOf(steps));
  }
}
