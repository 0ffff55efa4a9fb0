package dev.levier.experiment;

import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.auth.Principal;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** SQL for experiments and their results. Every read is filtered by what the caller may see. */
final class ExperimentStore {
  private static final String FROM =
      "SELECT e.id, e.public_id, s.public_id AS partnership_public_id,"
          + " g.public_id AS programme_public_id, p.public_id AS publisher_public_id,"
          + " a.public_id AS advertiser_public_id, e.partnership_id, e.programme_id,"
          + " g.attribution_window_days, e.holdout_basis_points, e.starts_at, e.ends_at, e.status,"
          + " e.version, e.created_at, e.updated_at FROM experiment e"
          + " JOIN partnership s ON s.id = e.partnership_id JOIN programme g ON g.id = e.programme_id"
          + " JOIN advertiser a ON a.id = g.advertiser_id JOIN publisher p ON p.id = s.publisher_id";

  private ExperimentStore() {}

  /** An experiment as read, with what measuring it needs. */
  record Row(
      long rowId,
      String id,
      long partnershipRowId,
      long programmeRowId,
      int attributionWindowDays,
      String partnershipId,
      String programmeId,
      String publisherId,
      String advertiserId,
      int holdoutBasisPoints,
      Instant startsAt,
      @Nullable Instant endsAt,
      boolean stopped,
      int version,
      Instant createdAt,
      Instant updatedAt) {

    /** Scheduled, running, ended or stopped, at this moment. */
    String status(Instant now) {
      if (stopped) {
        return "stopped";
      }
      if (endsAt != null && !now.isBefore(endsAt)) {
        return "ended";
      }
      return now.isBefore(startsAt) ? "scheduled" : "running";
    }

    Experiment toExperiment(Instant now) {
      return new Experiment(
          id,
          partnershipId,
          programmeId,
          publisherId,
          advertiserId,
          percent(holdoutBasisPoints),
          startsAt,
          endsAt,
          status(now),
          version,
          createdAt,
          updatedAt,
          null);
    }
  }

  /** A partnership an experiment is made for. */
  record PartnershipRef(long rowId, long programmeRowId, String advertiserId, boolean archived) {}

  /** The admin sees all; an advertiser those of its programmes; a publisher those of its own. */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
    };
  }

  /** A share in basis points as the API writes it: 1000 is "10", 1250 "12.5", 1 "0.01". */
  static String percent(int basisPoints) {
    return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
  }

  static Optional<PartnershipRef> partnership(Connection c, String publicId) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT s.id, s.programme_id, a.public_id AS advertiser_public_id, s.archived_at,"
            + " g.archived_at AS programme_archived_at FROM partnership s"
            + " JOIN programme g ON g.id = s.programme_id JOIN advertiser a ON a.id = g.advertiser_id"
            + " WHERE s.public_id = ?",
        row ->
            new PartnershipRef(
                row.getLong("id"),
                row.getLong("programme_id"),
                Sql.requiredString(row, "advertiser_public_id"),
                Sql.instant(row, "archived_at") != null
                    || Sql.instant(row, "programme_archived_at") != null),
        publicId);
  }

  /**
   * Locks the partnership's row until the transaction ends, so that two experiments made at once
   * for one partnership are checked one after the other.
   */
  static void lockPartnership(Connection c, long partnershipRowId) throws SQLException {
    Sql.query(
        c,
        "SELECT id FROM partnership WHERE id = ? FOR UPDATE",
        row -> row.getLong("id"),
        partnershipRowId);
  }

  /** The experiment of the partnership that runs or will run at {@code now}, if any. */
  static Optional<String> running(Connection c, long partnershipRowId, Instant now)
      throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT public_id FROM experiment WHERE partnership_id = ? AND status = 'running'"
            + " AND (ends_at IS NULL OR ends_at > ?) ORDER BY id",
        row -> Sql.requiredString(row, "public_id"),
        partnershipRowId,
        now);
  }

  static String insert(
      Connection c,
      PartnershipRef partnership,
      int holdoutBasisPoints,
      Instant startsAt,
      @Nullable Instant endsAt,
      long salt,
      Instant now)
      throws SQLException {
    String publicId = PublicIds.next("exp");
    Sql.insert(
        c,
        "INSERT INTO experiment (public_id, programme_id, partnership_id, holdout_basis_points,"
            + " starts_at, ends_at, status, salt, version, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, 1, ?, ?)",
        publicId,
        partnership.programmeRowId(),
        partnership.rowId(),
        holdoutBasisPoints,
        startsAt,
        Sql.time(endsAt),
        salt,
        now,
        now);
    return publicId;
  }

  /** Stops a running experiment at {@code endsAt}; false if it was not running any more. */
  static boolean stop(Connection c, String publicId, Instant endsAt, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE experiment SET status = 'stopped', ends_at = ?, version = version + 1,"
                + " updated_at = ? WHERE public_id = ? AND status = 'running'",
            endsAt,
            now,
            publicId)
        == 1;
  }

  static Optional<Row> find(Connection c, Principal caller, String publicId) throws SQLException {
    Where where = visibleTo(caller, new Where().and("e.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), ExperimentStore::map, where.params());
  }

  static List<Row> list(
      Connection c,
      Principal caller,
      @Nullable String partnershipId,
      @Nullable String programmeId,
      @Nullable String after,
      int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("e", "experiment", after);
    where.equalTo("s.public_id", partnershipId);
    where.equalTo("g.public_id", programmeId);
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY e.id LIMIT ?",
        ExperimentStore::map,
        where.params(limit + 1));
  }

  /** A visitor of the experiment: its group and the first and last of its clicks in it. */
  private static final class Visitor {
    final boolean heldOut;
    final Instant firstClick;
    final Instant convertsUntil;
    boolean converted;

    Visitor(boolean heldOut, Instant firstClick, Instant convertsUntil) {
      this.heldOut = heldOut;
      this.firstClick = firstClick;
      this.convertsUntil = convertsUntil;
    }
  }

  /**
   * Counts the visitors of each group and those who converted, as {@link ExperimentResults} defines
   * them, and analyses the counts.
   */
  static ExperimentResults measure(Connection c, Row e, Instant now) throws SQLException {
    Instant from = e.startsAt();
    Instant to = e.endsAt() == null || e.endsAt().isAfter(now) ? now : e.endsAt();
    if (to.isBefore(from)) {
      to = from;
    }
    Duration window = Duration.ofDays(e.attributionWindowDays());
    Map<String, Visitor> visitors = new HashMap<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT visitor_id, experiment_group, MIN(occurred_at) AS first_at,"
                + " MAX(occurred_at) AS last_at FROM click WHERE programme_id = ?"
                + " AND occurred_quarter >= ? AND occurred_quarter <= ? AND partnership_id = ?"
                + " AND experiment_group IS NOT NULL AND occurred_at >= ? AND occurred_at <= ?"
                + " GROUP BY visitor_id, experiment_group",
            r ->
                new Object[] {
                  Sql.requiredString(r, "visitor_id"),
                  Sql.requiredString(r, "experiment_group"),
                  Sql.requiredInstant(r, "first_at"),
                  Sql.requiredInstant(r, "last_at")
                },
            e.programmeRowId(),
            Sql.quarter(from),
            Sql.quarter(to),
            e.partnershipRowId(),
            from,
            to)) {
      // The split is by visitor, so a visitor has one group; putIfAbsent keeps the first anyway.
      visitors.putIfAbsent(
          (String) row[0],
          new Visitor("h".equals(row[1]), (Instant) row[2], ((Instant) row[3]).plus(window)));
    }
    long[] counts = new long[4];
    if (!visitors.isEmpty()) {
      for (Object[] row :
          Sql.query(
              c,
              "SELECT visitor_id, journey, ordered_at FROM conversion WHERE programme_id = ?"
                  + " AND status <> 'cancelled' AND ordered_at >= ? AND ordered_at <= ?",
              r ->
                  new Object[] {
                    r.getString("visitor_id"),
                    r.getString("journey"),
                    Sql.requiredInstant(r, "ordered_at")
                  },
              e.programmeRowId(),
              from,
              to.plus(window))) {
        Instant orderedAt = (Instant) row[2];
        for (String visitorId : visitorsOf((String) row[0], (String) row[1])) {
          Visitor visitor = visitors.get(visitorId);
          if (visitor != null
              && !orderedAt.isBefore(visitor.firstClick)
              && !orderedAt.isAfter(visitor.convertsUntil)) {
            visitor.converted = true;
          }
        }
      }
    }
    for (Visitor visitor : visitors.values()) {
      int group = visitor.heldOut ? 2 : 0;
      counts[group]++;
      if (visitor.converted) {
        counts[group + 1]++;
      }
    }
    return ExperimentResults.of(
        from, to, e.attributionWindowDays(), counts[0], counts[1], counts[2], counts[3]);
  }

  /** The visitors a sale is known to come from: its own visitor id and its journey's. */
  private static Set<String> visitorsOf(@Nullable String visitorId, @Nullable String journey) {
    Set<String> found = new HashSet<>();
    if (visitorId != null) {
      found.add(visitorId);
    }
    for (JourneyCredit.FoundTouch touch : JourneyJson.read(journey, partnership -> false)) {
      if (touch.visitorId() != null) {
        found.add(touch.visitorId());
      }
    }
    return found;
  }

  private static Row map(ResultSet row) throws SQLException {
    return new Row(
        row.getLong("id"),
        Sql.requiredString(row, "public_id"),
        row.getLong("partnership_id"),
        row.getLong("programme_id"),
        row.getInt("attribution_window_days"),
        Sql.requiredString(row, "partnership_public_id"),
        Sql.requiredString(row, "programme_public_id"),
        Sql.requiredString(row, "publisher_public_id"),
        Sql.requiredString(row, "advertiser_public_id"),
        row.getInt("holdout_basis_points"),
        Sql.requiredInstant(row, "starts_at"),
        Sql.instant(row, "ends_at"),
        "stopped".equals(row.getString("status")),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"));
  }
}
