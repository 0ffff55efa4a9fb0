package dev.levier.attribution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The touches of one customer that led to one conversion, oldest first, cut at the programme's
 * lookback window: a touch counts when {@code conversionAt − lookback ≤ occurredAt ≤ conversionAt}
 * (the same bounds as last-touch attribution). Two touches at the same instant keep the order they
 * were given in.
 *
 * <p>It turns a model's per-touch shares into per-channel shares for one conversion, which the
 * commission processor pays, and says which role each channel played.
 */
public final class Journey {

  private final Instant conversionAt;
  private final List<JourneyTouch> touches;
  private final List<String> channels;
  private final int[] path;
  private final double[] ages;

  private Journey(Instant conversionAt, List<JourneyTouch> touches) {
    this.conversionAt = conversionAt;
    this.touches = List.copyOf(touches);
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    this.path = new int[touches.size()];
    this.ages = new double[touches.size()];
    for (int t = 0; t < touches.size(); t++) {
      JourneyTouch touch = touches.get(t);
      Integer known = index.get(touch.channel());
      if (known == null) {
        known = names.size();
        names.add(touch.channel());
        index.put(touch.channel(), known);
      }
      path[t] = known;
      ages[t] = Duration.between(touch.occurredAt(), conversionAt).toMillis() / 86_400_000.0;
    }
    this.channels = List.copyOf(names);
  }

  /**
   * The journey of a conversion from every touch found for its customer, in any order and possibly
   * repeated: touches after the conversion or older than {@code lookback} are dropped, the same
   * touch given twice (same channel, same instant) counts once.
   *
   * @throws IllegalArgumentException if the lookback is not positive
   */
  public static Journey of(Instant conversionAt, Duration lookback, List<JourneyTouch> found) {
    Objects.requireNonNull(conversionAt, "conversionAt");
    if (lookback.isNegative() || lookback.isZero()) {
      throw new IllegalArgumentException("the lookback window must be positive, was " + lookback);
    }
    Instant earliest = conversionAt.minus(lookback);
    List<JourneyTouch> kept = new ArrayList<>();
    java.util.Set<JourneyTouch> seen = new java.util.HashSet<>();
    for (JourneyTouch touch : found) {
      if (!touch.occurredAt().isAfter(conversionAt)
          && !touch.occurredAt().isBefore(earliest)
          && seen.add(touch)) {
        kept.add(touch);
      }
    }
    kept.sort(Comparator.comparing(JourneyTouch::occurredAt));
    return new Journey(conversionAt, kept);
  }

  /** This journey cut to its latest {@code max} touches (itself when it has no more). */
  public Journey latest(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a journey keeps at least one touch, not " + max);
    }
    if (touches.size() <= max) {
      return this;
    }
    return new Journey(conversionAt, touches.subList(touches.size() - max, touches.size()));
  }

  public Instant conversionAt() {
    return conversionAt;
  }

  /** The touches, oldest first. */
  public List<JourneyTouch> touches() {
    return touches;
  }

  public boolean isEmpty() {
    return touches.isEmpty();
  }

  /** The channels touched, in the order of their first touch. */
  public List<String> channels() {
    return channels;
  }

  /** The role a channel played; null if the journey never touched it. See {@link RoleBased}. */
  public @Nullable JourneyRole roleOf(String channel) {
    int index = channels.indexOf(channel);
    return index < 0 || path.length == 0 ? null : RoleBased.roleOf(path, index);
  }

  /**
   * Each channel's share of the conversion under a model that weighs touches, in the order of the
   * channels' first touch; the shares add up to one. Empty for an empty journey.
   */
  public Map<String, Double> shares(TouchModel model) {
    if (path.length == 0) {
      return Map.of();
    }
    double[] weights = new double[path.length];
    model.weigh(path, ages, weights);
    double[] byChannel = new double[channels.size()];
    for (int t = 0; t < path.length; t++) {
      byChannel[path[t]] += weights[t];
    }
    return ordered(byChannel);
  }

  /**
   * Each channel's share of the conversion in proportion to the weight a data-driven model learnt
   * for it from the programme's journeys (what it earned over all of them). Null when no channel of
   * this journey has a positive weight: the model learnt nothing about them, and the caller falls
   * back to another rule.
   */
  public @Nullable Map<String, Double> sharesByWeight(Map<String, Double> learnt) {
    if (path.length == 0) {
      return null;
    }
    double[] byChannel = new double[channels.size()];
    double total = 0;
    for (int c = 0; c < channels.size(); c++) {
      Double weight = learnt.get(channels.get(c));
      double w = weight == null || !(weight > 0) ? 0 : weight;
      byChannel[c] = w;
      total += w;
    }
    if (!(total > 0)) {
      return null;
    }
    for (int c = 0; c < byChannel.length; c++) {
      byChannel[c] /= total;
    }
    return ordered(byChannel);
  }

  /** The last touch, or null for an empty journey. */
  public @Nullable JourneyTouch last() {
    return touches.isEmpty() ? null : touches.get(touches.size() - 1);
  }

  private Map<String, Double> ordered(double[] byChannel) {
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int c = 0; c < byChannel.length; c++) {
      shares.put(channels.get(c), byChannel[c]);
    }
    return Collections.unmodifiableMap(shares);
  }
}
