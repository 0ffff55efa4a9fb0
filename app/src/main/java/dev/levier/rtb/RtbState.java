package dev.levier.rtb;

import dev.levier.http.Json;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bidder learns, kept between runs: the counts behind the predicted rates (by level), the
 * first-price bids and wins (by price level), and the last ad click of each clicking visitor. They
 * are loaded at start and saved every {@link #SAVE_EVERY_SECONDS} seconds and at a clean stop, so a
 * crash loses at most that much learning. Counts are saved as increments added to the stored sums,
 * so that several nodes learn into the same rows. Also the secret that signs notice URLs when the
 * configuration names none: made once, stored, and the same for every node and every restart.
 */
final class RtbState {
  private static final Logger LOG = LoggerFactory.getLogger(RtbState.class);
  static final long SAVE_EVERY_SECONDS = 60;

  private final Database database;
  private final SmoothedRates rates;
  private final BidShading shading;
  private final ProgrammaticClicks clicks;
  private final Clock clock;

  RtbState(
      Database database,
      SmoothedRates rates,
      BidShading shading,
      ProgrammaticClicks clicks,
      Clock clock) {
    this.database = database;
    this.rates = rates;
    this.shading = shading;
    this.clicks = clicks;
    this.clock = clock;
  }

  /** Adds what was stored to the counters, once, at start. */
  void load() {
    Instant since = clock.instant().minus(ProgrammaticClicks.WINDOW);
    database.transaction(
        c -> {
          for (SmoothedRates.Count count :
              Sql.query(
                  c,
                  "SELECT level, impressions, clicks, conversions FROM rtb_rate",
                  r ->
                      new SmoothedRates.Count(
                          Sql.requiredString(r, "level"),
                          r.getLong("impressions"),
                          r.getLong("clicks"),
                          r.getLong("conversions")))) {
            rates.load(count);
          }
          for (BidShading.Count count :
              Sql.query(
                  c,
                  "SELECT price_level, bids, wins FROM rtb_shading",
                  r ->
                      new BidShading.Count(
                          r.getInt("price_level"), r.getLong("bids"), r.getLong("wins")))) {
            shading.load(count);
          }
          // The oldest first: past the limit, the newest clicks are the ones kept.
          Sql.query(
              c,
              "SELECT visitor_id, levels, clicked_at FROM rtb_click WHERE clicked_at >= ?"
                  + " ORDER BY clicked_at",
              r -> {
                clicks.load(
                    Sql.requiredString(r, "visitor_id"),
                    new ProgrammaticClicks.Click(
                        levels(Sql.requiredString(r, "levels")),
                        Sql.requiredInstant(r, "clicked_at")));
                return Boolean.TRUE;
              },
              since.atOffset(ZoneOffset.UTC));
          return null;
        });
  }

  /** Stores what was learnt since the last save; what fails is tried again the next time. */
  synchronized void save() {
    List<SmoothedRates.Count> counts = new ArrayList<>();
    for (SmoothedRates.Count count : rates.unsaved()) {
      // Levels are the exchange's placement names: the rare very long one is learnt in memory only.
      if (count.level().length() <= NoticeSigner.MAX_LEVEL_CHARS) {
        counts.add(count);
      }
    }
    List<BidShading.Count> levels = shading.unsaved();
    Map<String, ProgrammaticClicks.@Nullable Click> changed = clicks.changes();
    Instant forget = clock.instant().minus(ProgrammaticClicks.WINDOW);
    try {
      database.transaction(
          c -> {
            addRates(c, counts);
            addShading(c, levels);
            writeClicks(c, changed, forget);
            return null;
          });
    } catch (RuntimeException e) {
      clicks.unsaved(changed.keySet());
      throw e;
    }
    // Those that could not be stored are never marked saved; the next save adds them.
    rates.saved(List.copyOf(counts));
    shading.saved(levels);
  }

  /** Saves, logging a failure rather than throwing: run from a timer. */
  void saveQuietly() {
    try {
      save();
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("what the bidder learnt was not stored; retrying");
    }
  }

  private interface Binder<T> {
    void bind(PreparedStatement statement, T row) throws SQLException;
  }

  private static void addRates(Connection c, List<SmoothedRates.Count> counts) throws SQLException {
    addCounts(
        c,
        counts,
        "UPDATE rtb_rate SET impressions = impressions + ?, clicks = clicks + ?,"
            + " conversions = conversions + ? WHERE level = ?",
        "INSERT INTO rtb_rate (impressions, clicks, conversions, level) VALUES (?, ?, ?, ?)",
        (s, count) -> {
          s.setLong(1, count.impressions());
          s.setLong(2, count.clicks());
          s.setLong(3, count.conversions());
          s.setString(4, count.level());
        });
  }

  private static void addShading(Connection c, List<BidShading.Count> counts) throws SQLException {
    addCounts(
        c,
        counts,
        "UPDATE rtb_shading SET bids = bids + ?, wins = wins + ? WHERE price_level = ?",
        "INSERT INTO rtb_shading (bids, wins, price_level) VALUES (?, ?, ?)",
        (s, count) -> {
          s.setLong(1, count.bids());
          s.setLong(2, count.wins());
          s.setInt(3, count.level());
        });
  }

  /**
   * Adds increments to stored sums: an update for each row, and an insert for those not stored yet.
   * Both statements take the same parameters in the same order, the key last.
   */
  private static <T> void addCounts(
      Connection c, List<T> rows, String update, String insert, Binder<T> binder)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<T> missing = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(update)) {
      for (T row : rows) {
        binder.bind(s, row);
        s.addBatch();
      }
      int[] updated = s.executeBatch();
      for (int i = 0; i < updated.length; i++) {
        if (updated[i] == 0) {
          missing.add(rows.get(i));
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(insert)) {
      for (T row : missing) {
        binder.bind(s, row);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void writeClicks(
      Connection c, Map<String, ProgrammaticClicks.@Nullable Click> changed, Instant forget)
      throws SQLException {
    if (!changed.isEmpty()) {
      try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM rtb_click WHERE visitor_id = ?");
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO rtb_click (visitor_id, levels, clicked_at) VALUES (?, ?, ?)")) {
        for (Map.Entry<String, ProgrammaticClicks.@Nullable Click> change : changed.entrySet()) {
          delete.setString(1, change.getKey());
          delete.addBatch();
          ProgrammaticClicks.Click click = change.getValue();
          // JSON: levels hold the exchange's placement names, which may hold any character.
          String levels =
              click == null ? null : new String(Json.write(click.levels()), StandardCharsets.UTF_8);
          if (click != null && levels != null && levels.length() <= 1000) {
            insert.setString(1, change.getKey());
            insert.setString(2, levels);
            insert.setObject(3, click.at().atOffset(ZoneOffset.UTC));
            insert.addBatch();
          }
        }
        delete.executeBatch();
        insert.executeBatch();
      }
    }
    Sql.update(c, "DELETE FROM rtb_click WHERE clicked_at < ?", forget.atOffset(ZoneOffset.UTC));
  }

  private static List<String> levels(String stored) {
    List<String> levels = new ArrayList<>();
    Json.parse(stored.getBytes(StandardCharsets.UTF_8)).forEach(l -> levels.add(l.asText()));
    return List.copyOf(levels);
  }

  /**
   * The secret that signs notice URLs: the configured one, else the one stored by the first start,
   * else a new one (256 random bits), stored for every later start and every node.
   */
  static byte[] noticeSecret(Database database, String configured, Clock clock) {
    if (!configured.isEmpty()) {
      return NoticeSigner.key(configured);
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return NoticeSigner.key(database.transaction(c -> storedSecret(c, clock)));
      } catch (dev.levier.storage.StorageException e) {
        // Another node made it at the same moment: read theirs.
        if (!e.isUniqueViolation() || attempt > 0) {
          throw e;
        }
      }
    }
  }

  private static String storedSecret(Connection c, Clock clock) throws SQLException {
    var stored =
        Sql.queryOne(
            c, "SELECT secret FROM rtb_secret WHERE id = 1", r -> Sql.requiredString(r, "secret"));
    if (stored.isPresent()) {
      return stored.get();
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Sql.update(
        c,
        "INSERT INTO rtb_secret (id, secret, created_at) VALUES (1, ?, ?)",
        secret,
        clock.instant().atOffset(ZoneOffset.UTC));
    LOG.atInfo().log("made the secret that signs notice URLs (rtb.notice-secret not set)");
    return secret;
  }
}
