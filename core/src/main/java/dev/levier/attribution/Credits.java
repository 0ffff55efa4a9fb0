package dev.levier.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What every channel earned under one model, sorted by channel name. */
public record Credits(String model, List<ChannelCredit> byChannel) {

  public Credits {
    List<ChannelCredit> sorted = new ArrayList<>(byChannel);
    sorted.sort(Comparator.comparing(ChannelCredit::channel));
    byChannel = List.copyOf(sorted);
  }

  /**
   * Credits from per-channel sums, channel {@code i} of {@code channels} holding {@code
   * conversions[i]} and {@code values[i]}.
   */
  public static Credits of(
      String model, List<String> channels, double[] conversions, double[] values) {
    if (conversions.length != channels.size() || values.length != channels.size()) {
      throw new IllegalArgumentException("one sum per channel is needed");
    }
    List<ChannelCredit> credits = new ArrayList<>(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      credits.add(new ChannelCredit(channels.get(i), conversions[i], values[i]));
    }
    return new Credits(model, credits);
  }

  /** The credit of one channel, if the model saw it. */
  public Optional<ChannelCredit> of(String channel) {
    return byChannel.stream().filter(c -> c.channel().equals(channel)).findFirst();
  }
}
