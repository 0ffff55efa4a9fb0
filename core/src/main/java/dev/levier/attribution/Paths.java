package dev.levier.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Journeys summarised as paths of channels: for each path, how many journeys that followed it ended
 * in a conversion, what those conversions were worth in all, and how many ended without one.
 *
 * <p>Stored column by column, with channels as small integers, so that a million paths take a few
 * tens of megabytes and the models walk them without allocating. A path may also carry the age of
 * each touch at the conversion (for {@link TimeDecay}); paths without ages are read as touches one
 * day apart, the last one on the day of the conversion.
 *
 * <p>Immutable once built; the arrays handed out by {@link #path(int)} and {@link #ages(int)} must
 * not be changed.
 */
public final class Paths {

  private final List<String> channels;
  private final int[][] paths;
  private final double[] @Nullable [] ages;
  private final long[] conversions;
  private final double[] values;
  private final long[] nulls;

  private Paths(Builder builder) {
    this.channels = List.copyOf(builder.channels);
    int size = builder.size;
    this.paths = Arrays.copyOf(builder.paths, size);
    this.ages = Arrays.copyOf(builder.ages, size);
    this.conversions = Arrays.copyOf(builder.conversions, size);
    this.values = Arrays.copyOf(builder.values, size);
    this.nulls = Arrays.copyOf(builder.nulls, size);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The channels, in the order they were first seen; a path names them by index. */
  public List<String> channels() {
    return channels;
  }

  /** How many paths there are. */
  public int size() {
    return paths.length;
  }

  /** The channels of path {@code i}, first touch first, as indexes into {@link #channels()}. */
  public int[] path(int i) {
    return paths[i];
  }

  /**
   * How long before the conversion (or the end of the journey) each touch of path {@code i}
   * happened, in days, or null when the path was given without times.
   */
  public double @Nullable [] ages(int i) {
    return ages[i];
  }

  /** How many journeys of path {@code i} ended in a conversion. */
  public long conversions(int i) {
    return conversions[i];
  }

  /** What the conversions of path {@code i} were worth in all. */
  public double value(int i) {
    return values[i];
  }

  /** How many journeys of path {@code i} ended without a conversion. */
  public long nulls(int i) {
    return nulls[i];
  }

  /** Conversions of all paths. */
  public long totalConversions() {
    long total = 0;
    for (long c : conversions) {
      total += c;
    }
    return total;
  }

  /** Value of all paths. */
  public double totalValue() {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }

  /** Collects paths; channels are numbered as they are first seen. Not thread-safe. */
  public static final class Builder {
    private final List<String> channels = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private int[][] paths = new int[16][];
    private double[] @Nullable [] ages = new double[16][];
    private long[] conversions = new long[16];
    private double[] values = new double[16];
    private long[] nulls = new long[16];
    private int size;

    private Builder() {}

    /** The index of a channel, numbering it if it is new. */
    public int channel(String name) {
      Objects.requireNonNull(name, "name");
      Integer known = index.get(name);
      if (known != null) {
        return known;
      }
      if (name.isBlank()) {
        throw new IllegalArgumentException("a channel name must not be blank");
      }
      int next = channels.size();
      channels.add(name);
      index.put(name, next);
      return next;
    }

    /** Adds a path given by channel names. */
    public Builder add(List<String> path, long conversions, double value, long nulls) {
      int[] indexes = new int[path.size()];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = channel(path.get(i));
      }
      return add(indexes, null, conversions, value, nulls);
    }

    /**
     * Adds a path given by channel indexes (from {@link #channel(String)}), with the age of each
     * touch in days or null.
     *
     * @throws IllegalArgumentException if the path is empty, names an unknown channel, has ages of
     *     another length or a negative or non-finite age, or a count or the value is negative or
     *     the value is not finite
     */
    public Builder add(
        int[] path, double @Nullable [] touchAges, long conv, double value, long nul) {
      Objects.requireNonNull(path, "path");
      if (path.length == 0) {
        throw new IllegalArgumentException("a path needs at least one touch");
      }
      for (int channel : path) {
        if (channel < 0 || channel >= channels.size()) {
          throw new IllegalArgumentException("unknown channel index " + channel);
        }
      }
      if (touchAges != null) {
        if (touchAges.length != path.length) {
          throw new IllegalArgumentException(
              "a path of " + path.length + " touches needs as many ages, not " + touchAges.length);
        }
        for (double age : touchAges) {
          if (!(age >= 0) || Double.isInfinite(age)) {
            throw new IllegalArgumentException("a touch's age must be zero or more, not " + age);
          }
        }
      }
      if (conv < 0 || nul < 0) {
        throw new IllegalArgumentException(
            "conversions and nulls must be zero or more, not " + conv + " and " + nul);
      }
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("the value must be zero or more, not " + value);
      }
      if (size == paths.length) {
        int grown = size * 2;
        paths = Arrays.copyOf(paths, grown);
        ages = Arrays.copyOf(ages, grown);
        conversions = Arrays.copyOf(conversions, grown);
        values = Arrays.copyOf(values, grown);
        nulls = Arrays.copyOf(nulls, grown);
      }
      paths[size] = path.clone();
      ages[size] = touchAges == null ? null : touchAges.clone();
      conversions[size] = conv;
      values[size] = value;
      nulls[size] = nul;
      size++;
      return this;
    }

    public Paths build() {
      return new Paths(this);
    }
  }
}
