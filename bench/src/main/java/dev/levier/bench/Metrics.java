package dev.levier.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * One reading of Levier's {@code GET /metrics} (Prometheus text format), by series: the metric name
 * with its labels exactly as printed, such as {@code levier_clicks_total{outcome="journaled"}}.
 */
final class Metrics {
  private final Map<String, Double> series;

  private Metrics(Map<String, Double> series) {
    this.series = series;
  }

  static Metrics read(HttpClient client, String baseUrl) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /metrics answered " + response.statusCode());
    }
    return parse(response.body());
  }

  static Metrics parse(String text) {
    Map<String, Double> series = new HashMap<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String value = line.substring(space + 1).strip();
      try {
        series.put(line.substring(0, space).strip(), Double.parseDouble(value));
      } catch (NumberFormatException e) {
        // NaN and infinities are printed as Go spells them; not needed here.
      }
    }
    return new Metrics(series);
  }

  /** The value of a series, or 0 when the server does not print it (yet). */
  double get(String name) {
    return series.getOrDefault(name, 0.0);
  }

  /** How much a series grew since {@code before}. */
  double since(Metrics before, String name) {
    return get(name) - before.get(name);
  }

  static final String JOURNALED = "levier_clicks_total{outcome=\"journaled\"}";
  static final String REFUSED = "levier_clicks_total{outcome=\"refused\"}";
  static final String FAILED = "levier_clicks_total{outcome=\"failed\"}";
  static final String CLICK_QUEUE = "levier_journal_queue{journal=\"click\"}";
  static final String DURABLE = "levier_clicks_durable_after_seconds";
  static final String CLICK_BATCH_COUNT = "levier_journal_batch_size_count{journal=\"click\"}";
  static final String CLICK_BATCH_SUM = "levier_journal_batch_size_sum{journal=\"click\"}";

  /** The click journal's batch writes (insert and commit), a Micrometer timer. */
  static final String CLICK_WRITE_COUNT = "levier_journal_batch_seconds_count{journal=\"click\"}";

  static final String CLICK_WRITE_SUM = "levier_journal_batch_seconds_sum{journal=\"click\"}";
  static final String CLICK_WRITE_MAX = "levier_journal_batch_seconds_max{journal=\"click\"}";
  static final String CONVERSION_BATCH_COUNT =
      "levier_journal_batch_size_count{journal=\"conversion\"}";
  static final String CONVERSION_BATCH_SUM =
      "levier_journal_batch_size_sum{journal=\"conversion\"}";
  static final String CONVERSION_QUEUE = "levier_journal_queue{journal=\"conversion\"}";

  static final String H2_SYNC_COUNT = "levier_h2_sync_seconds_count";
  static final String H2_SYNC_SUM = "levier_h2_sync_seconds_sum";

  /**
   * How often the server forced its embedded H2 file to the disk and how long that took on average,
   * for the run's summary; empty on PostgreSQL, which forces its own log.
   */
  java.util.Optional<String> h2Syncs() {
    double count = get(H2_SYNC_COUNT);
    if (count == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        String.format(
            java.util.Locale.ROOT,
            "H2 file forced to the disk %,d times in the server's life, mean %.2f ms each",
            Math.round(count),
            get(H2_SYNC_SUM) * 1000 / count));
  }

  /**
   * The embedded H2 file at the end of a run: its size, its chunks (each a descriptor in the
   * server's heap) and the upkeep rounds that rewrote old chunks; empty on PostgreSQL.
   */
  java.util.Optional<String> h2File() {
    double chunks = get("levier_h2_chunks");
    if (chunks == 0) {
      return java.util.Optional.empty();
    }
    double rounds = get("levier_h2_compaction_seconds_count");
    return java.util.Optional.of(
        String.format(
            java.util.Locale.ROOT,
            "H2 file at the end: %,.0f MB in %,.0f chunks; %,.0f upkeep rounds rewrote old chunks,"
                + " %.1f ms each on average",
            get("levier_h2_file_bytes") / 1048576.0,
            chunks,
            rounds,
            rounds == 0 ? 0 : get("levier_h2_compaction_seconds_sum") * 1000 / rounds));
  }

  static String conversions(String outcome) {
    return "levier_conversions_total{outcome=\"" + outcome + "\"}";
  }

  /**
   * What a histogram's buckets ({@code name_bucket{le="..."}}) counted since {@code before}: over a
   * window of the benchmark's own, where the server's percentiles and max cover its last two
   * minutes, warm-up included.
   */
  Buckets buckets(Metrics before, String histogram) {
    String prefix = histogram + "_bucket{le=\"";
    java.util.TreeMap<Double, Double> counts = new java.util.TreeMap<>();
    for (String name : series.keySet()) {
      if (name.startsWith(prefix) && name.endsWith("\"}")) {
        String le = name.substring(prefix.length(), name.length() - 2);
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        counts.put(bound, since(before, name));
      }
    }
    double[] bounds = new double[counts.size()];
    double[] cumulative = new double[counts.size()];
    int i = 0;
    for (Map.Entry<Double, Double> e : counts.entrySet()) {
      bounds[i] = e.getKey();
      cumulative[i++] = e.getValue();
    }
    return new Buckets(bounds, cumulative);
  }

  /** Cumulative counts by upper bound (seconds), in increasing order, the last one +Inf. */
  static final class Buckets {
    private final double[] bounds;
    private final double[] cumulative;

    Buckets(double[] bounds, double[] cumulative) {
      this.bounds = bounds.clone();
      this.cumulative = cumulative.clone();
    }

    double count() {
      return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /**
     * How many were above {@code seconds}, which must be one of the bounds; -1 when the server
     * publishes no buckets (a build before them).
     */
    long above(double seconds) {
      if (bounds.length == 0) {
        return -1;
      }
      for (int i = 0; i < bounds.length; i++) {
        if (bounds[i] == seconds) {
          return Math.round(count() - cumulative[i]);
        }
      }
      throw new IllegalArgumentException("no bucket ends at " + seconds + " s");
    }

    /**
     * The quantile in milliseconds, interpolated within its bucket as Prometheus's {@code
     * histogram_quantile} does; NaN without observations.
     */
    double quantileMillis(double q) {
      double total = count();
      if (total == 0) {
        return Double.NaN;
      }
      double rank = q * total;
      for (int i = 0; i < bounds.length; i++) {
        if (cumulative[i] >= rank) {
          double lower = i == 0 ? 0 : bounds[i - 1];
          if (Double.isInfinite(bounds[i])) {
            return lower * 1000;
          }
          double below = i == 0 ? 0 : cumulative[i - 1];
          double inBucket = cumulative[i] - below;
          double share = inBucket == 0 ? 1 : (rank - below) / inBucket;
          return (lower + (bounds[i] - lower) * share) * 1000;
        }
      }
      return Double.NaN;
    }

    /** The bucket of the slowest observation, as "lower–upper ms"; "none" without any. */
    String slowest() {
      if (bounds.length == 0) {
        return "not published";
      }
      for (int i = 0; i < bounds.length; i++) {
        if (cumulative[i] >= count() && count() > 0) {
          double lower = i == 0 ? 0 : bounds[i - 1] * 1000;
          return Double.isInfinite(bounds[i])
              ? String.format(java.util.Locale.ROOT, "over %.0f ms", lower)
              : String.format(java.util.Locale.ROOT, "%.0f–%.0f ms", lower, bounds[i] * 1000);
        }
      }
      return "none";
    }
  }
}
