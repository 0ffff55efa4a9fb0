package dev.levier.attribution;

import java.util.Objects;

/** What one channel earned under a model: a number of conversions and a value, both fractional. */
public record ChannelCredit(String channel, double conversions, double value) {

  public ChannelCredit {
    Objects.requireNonNull(channel, "channel");
  }
}
