package dev.levier.rtb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.money.CurrencyUnit;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A campaign as the API shows it: its line items and creatives as they were given, with their ids
 * and, for line items, the spend counted so far.
 *
 * @param status {@code active} or {@code paused}; a paused campaign's line items do not bid
 */
public record Campaign(
    String id,
    String advertiserId,
    String name,
    CurrencyUnit currency,
    ZoneId timeZone,
    String status,
    int version,
    List<LineItemView> lineItems,
    List<CreativeView> creatives,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * A line item: its definition as given, and its spend.
   *
   * @param spent billed spend over the flight, flushed to storage (a second or so behind)
   * @param spentToday billed spend of the campaign's current day
   * @param updatedAt when the line item was last changed (its creation, until it is changed)
   */
  public record LineItemView(
      String id,
      JsonNode definition,
      String spent,
      String spentToday,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * A creative: its definition as given, and the click-tracking URL its markup's {@code
   * ${CLICK_URL}} becomes.
   */
  public record CreativeView(String id, JsonNode definition, String clickUrl) {}
}
