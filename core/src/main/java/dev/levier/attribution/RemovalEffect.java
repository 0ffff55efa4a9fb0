package dev.levier.attribution;

import java.util.Objects;

/**
 * How much a Markov chain loses when one channel is removed from it: the share of the probability
 * of conversion, and the share of the value expected from the conversions, that disappear when
 * every journey reaching the channel ends without a conversion instead. Both from 0 (the channel
 * changes nothing) to 1 (no conversion happens without it).
 *
 * @param channel the channel removed
 * @param conversions {@code 1 − P(conversion without the channel) ÷ P(conversion)}
 * @param value {@code 1 − E(value without the channel) ÷ E(value)}
 */
public record RemovalEffect(String channel, double conversions, double value) {

  public RemovalEffect {
    Objects.requireNonNull(channel, "channel");
  }
}
