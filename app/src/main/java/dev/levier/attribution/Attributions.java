package dev.levier.attribution;

import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Every programme's attribution setting, held in memory so that conversion intake reads it without
 * a round trip, with the channel weights data-driven models learnt, and which advertisers report
 * touches from their other channels (intake looks those up only for them). Rebuilt after every
 * change ({@link #configurationChanged()}).
 */
public final class Attributions implements ChangeListener {

  /**
   * The channel weights a data-driven model learnt from a programme's journeys of a period: what
   * each channel earned over all of them, in conversions.
   */
  public record Fit(
      String model,
      Instant fittedAt,
      Instant from,
      Instant to,
      int journeys,
      Map<String, Double> weights) {

    public Fit {
      weights = Map.copyOf(weights);
    }
  }

  private final Database database;
  private volatile Map<Long, AttributionPolicy> policies;
  private volatile Set<Long> touchpointAdvertisers;
  private final Map<Long, Fit> fits = new ConcurrentHashMap<>();

  public Attributions(Database database) {
    this.database = database;
    this.policies = database.transaction(Attributions::loadPolicies);
    this.touchpointAdvertisers = database.transaction(Attributions::loadTouchpointAdvertisers);
  }

  @Override
  public synchronized void configurationChanged() {
    policies = database.transaction(Attributions::loadPolicies);
    touchpointAdvertisers = database.transaction(Attributions::loadTouchpointAdvertisers);
  }

  /** The programme's setting; last click for a programme that never chose. */
  public AttributionPolicy policy(long programmeRow) {
    return policies.getOrDefault(programmeRow, AttributionPolicy.DEFAULT);
  }

  /** Programmes whose model learns from data, by row. */
  public Set<Long> dataDrivenProgrammes() {
    Set<Long> rows = new HashSet<>();
    policies.forEach(
        (row, policy) -> {
          if (policy.dataDriven()) {
            rows.add(row);
          }
        });
    return rows;
  }

  /** The weights the programme's data-driven model learnt last, if it has learnt any. */
  public @Nullable Fit fit(long programmeRow) {
    return fits.get(programmeRow);
  }

  /** Keeps what a data-driven model just learnt, for the sales that come next. */
  public void fitted(long programmeRow, Fit fit) {
    fits.put(programmeRow, fit);
  }

  /** Forgets what was learnt under a model the programme no longer uses. */
  void forget(long programmeRow) {
    fits.remove(programmeRow);
  }

  /** Whether the advertiser ever reported touches from its other channels. */
  public boolean hasTouchpoints(long advertiserRow) {
    return touchpointAdvertisers.contains(advertiserRow);
  }

  /** The advertiser just reported touches: intake looks them up from now on. */
  public synchronized void touchpointsReported(long advertiserRow) {
    if (!touchpointAdvertisers.contains(advertiserRow)) {
      Set<Long> next = new HashSet<>(touchpointAdvertisers);
      next.add(advertiserRow);
      touchpointAdvertisers = Set.copyOf(next);
    }
  }

  /** One programme's stored setting, if it has one. */
  static Optional<AttributionPolicy> stored(Connection c, long programmeRow) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT document, version, updated_at FROM programme_attribution WHERE programme_id = ?",
        r ->
            AttributionPolicyJson.parse(
                Sql.requiredString(r, "document"),
                r.getInt("version"),
                Sql.requiredInstant(r, "updated_at")),
        programmeRow);
  }

  private static Map<Long, AttributionPolicy> loadPolicies(Connection c) throws SQLException {
    Map<Long, AttributionPolicy> loaded = new HashMap<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT programme_id, document, version, updated_at FROM programme_attribution",
            r ->
                new Object[] {
                  r.getLong("programme_id"),
                  AttributionPolicyJson.parse(
                      Sql.requiredString(r, "document"),
                      r.getInt("version"),
                      Sql.requiredInstant(r, "updated_at"))
                })) {
      loaded.put((Long) row[0], (AttributionPolicy) row[1]);
    }
    return Map.copyOf(loaded);
  }

  private static Set<Long> loadTouchpointAdvertisers(Connection c) throws SQLException {
    List<Long> rows =
        Sql.query(
            c,
            "SELECT a.id FROM advertiser a WHERE EXISTS"
                + " (SELECT 1 FROM touchpoint t WHERE t.advertiser_id = a.id)",
            r -> r.getLong("id"));
    return Set.copyOf(rows);
  }
}
