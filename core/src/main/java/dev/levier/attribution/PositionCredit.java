package dev.levier.attribution;

import java.util.Objects;

/**
 * What one channel earned at one touch position under the ordered Shapley value: the {@code
 * touch}-th touch of the journeys, first touch 1.
 *
 * @param channel the channel
 * @param touch the position of the touch in its journey, from 1
 * @param conversions the conversions credited there
 * @param value the value credited there
 */
public record PositionCredit(String channel, int touch, double conversions, double value) {

  public PositionCredit {
    Objects.requireNonNull(channel, "channel");
    if (touch < 1) {
      throw new IllegalArgumentException("touch positions start at 1, not " + touch);
    }
  }
}
