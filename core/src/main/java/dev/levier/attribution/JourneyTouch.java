package dev.levier.attribution;

import java.time.Instant;
import java.util.Objects;

/**
 * One touch of a customer's journey as attribution sees it.
 *
 * @param channel who gets the credit: the partnership (publisher in a programme) for an affiliate
 *     touch, the channel's name ({@code search}, {@code social}, ...) for a touch the advertiser
 *     reported from its other channels
 * @param occurredAt when it happened
 * @param affiliate whether it is an affiliate touch (a click or a coupon), which can earn
 *     commission
 */
public record JourneyTouch(String channel, Instant occurredAt, boolean affiliate) {

  public JourneyTouch {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (channel.isBlank()) {
      throw new IllegalArgumentException("a touch needs a channel");
    }
  }
}
