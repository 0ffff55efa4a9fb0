package dev.levier.partnership;

import dev.levier.auth.Principal;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.WireEnum;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** SQL for partnerships. Every read is filtered by what the caller may see. */
final class PartnershipStore {
  private static final String FROM =
      "SELECT s.id, s.public_id, g.public_id AS programme_public_id,"
          + " p.public_id AS publisher_public_id, a.public_id AS advertiser_public_id,"
          + " s.group_name, s.status, s.status_reason, s.version, s.created_at, s.updated_at,"
          + " s.archived_at FROM partnership s JOIN programme g ON g.id = s.programme_id"
          + " JOIN advertiser a ON a.id = g.advertiser_id JOIN publisher p ON p.id = s.publisher_id";

  private PartnershipStore() {}

  /** The admin sees all; an advertiser those of its programmes; a publisher its own. */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
    };
  }

  /** What a new partnership needs to know about its programme. */
  record ProgrammeRef(long rowId, String advertiserId, boolean active, boolean archived) {}

  /** What a new partnership needs to know about its publisher. */
  record PublisherRef(long rowId, boolean archived) {}

  static Optional<ProgrammeRef> programme(Connection c, String publicId) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT g.id, a.public_id AS advertiser_public_id, g.status, g.archived_at,"
            + " a.archived_at AS advertiser_archived_at FROM programme g"
            + " JOIN advertiser a ON a.id = g.advertiser_id WHERE g.public_id = ?",
        row ->
            new ProgrammeRef(
                row.getLong("id"),
                Sql.requiredString(row, "advertiser_public_id"),
                "active".equals(row.getString("status")),
                Sql.instant(row, "archived_at") != null
                    || Sql.instant(row, "advertiser_archived_at") != null),
        publicId);
  }

  static Optional<PublisherRef> publisher(Connection c, String publicId) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT id, archived_at FROM publisher WHERE public_id = ?",
        row -> new PublisherRef(row.getLong("id"), Sql.instant(row, "archived_at") != null),
        publicId);
  }

  /** A partnership already linking a programme and a publisher. */
  record Existing(String id, boolean archived) {}

  /** The partnership already linking these two, whoever may see it. */
  static Optional<Existing> existing(Connection c, long programmeRowId, long publisherRowId)
      throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT public_id, archived_at FROM partnership WHERE programme_id = ? AND publisher_id = ?",
        row ->
            new Existing(
                Sql.requiredString(row, "public_id"), Sql.instant(row, "archived_at") != null),
        programmeRowId,
        publisherRowId);
  }

  /**
   * Brings an archived partnership back with a new status and group: a publisher that left a
   * programme can rejoin it, and keeps one partnership id and its history.
   */
  static void revive(
      Connection c, String publicId, @Nullable String group, PartnershipStatus status, Instant now)
      throws SQLException {
    Sql.update(
        c,
        "UPDATE partnership SET archived_at = NULL, group_name = ?, status = ?,"
            + " status_reason = NULL, version = version + 1, updated_at = ?"
            + " WHERE public_id = ? AND archived_at IS NOT NULL",
        Sql.text(group),
        status,
        now,
        publicId);
  }

  static String insert(
      Connection c,
      long programmeRowId,
      long publisherRowId,
      @Nullable String group,
      PartnershipStatus status,
      Instant now)
      throws SQLException {
    String publicId = PublicIds.next("ptn");
    Sql.insert(
        c,
        "INSERT INTO partnership (public_id, programme_id, publisher_id, group_name, status,"
            + " version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
        publicId,
        programmeRowId,
        publisherRowId,
        Sql.text(group),
        status,
        now,
        now);
    return publicId;
  }

  static Optional<Partnership> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("s.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), PartnershipStore::map, where.params());
  }

  static List<Partnership> list(
      Connection c, Principal caller, PartnershipFilter filter, @Nullable String after, int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("s", "partnership", after);
    where.equalTo("g.public_id", filter.programmeId());
    where.equalTo("p.public_id", filter.publisherId());
    where.equalTo("s.status", filter.status());
    where.equalTo("s.group_name", filter.group());
    where.archived("s", filter.includeArchived());
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY s.id LIMIT ?",
        PartnershipStore::map,
        where.params(limit + 1));
  }

  static boolean updateGroup(
      Connection c, String publicId, @Nullable String group, int expectedVersion, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE partnership SET group_name = ?, version = version + 1, updated_at = ?"
                + " WHERE public_id = ? AND version = ?",
            Sql.text(group),
            now,
            publicId,
            expectedVersion)
        == 1;
  }

  static boolean updateStatus(
      Connection c,
      String publicId,
      PartnershipStatus from,
      PartnershipStatus to,
      @Nullable String reason,
      Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE partnership SET status = ?, status_reason = ?, version = version + 1,"
                + " updated_at = ? WHERE public_id = ? AND status = ? AND archived_at IS NULL",
            to,
            Sql.text(reason),
            now,
            publicId,
            from)
        == 1;
  }

  static void archive(Connection c, String publicId, Instant now) throws SQLException {
    Sql.archive(c, "partnership", publicId, now);
  }

  private static Partnership map(ResultSet row) throws SQLException {
    String status = Sql.requiredString(row, "status");
    return new Partnership(
        Sql.requiredString(row, "public_id"),
        Sql.requiredString(row, "programme_public_id"),
        Sql.requiredString(row, "publisher_public_id"),
        Sql.requiredString(row, "advertiser_public_id"),
        row.getString("group_name"),
        WireEnum.parse(PartnershipStatus.class, status)
            .orElseThrow(() -> new SQLException("unknown partnership status " + status)),
        row.getString("status_reason"),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"),
        Sql.instant(row, "archived_at"));
  }

  /** The filters of a partnership list; null means any. */
  record PartnershipFilter(
      @Nullable String programmeId,
      @Nullable String publisherId,
      @Nullable PartnershipStatus status,
      @Nullable String group,
      boolean includeArchived) {}
}
