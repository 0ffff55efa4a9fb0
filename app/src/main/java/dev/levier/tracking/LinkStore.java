package dev.levier.tracking;

import dev.levier.auth.Principal;
import dev.levier.storage.JsonText;
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

/** SQL for links. Every read is filtered by what the caller may see. */
final class LinkStore {
  private static final String FROM =
      "SELECT l.id, l.public_id, s.public_id AS partnership_public_id,"
          + " g.public_id AS programme_public_id, p.public_id AS publisher_public_id,"
          + " a.public_id AS advertiser_public_id, l.destination, l.sub1, l.sub2, l.sub3, l.sub4,"
          + " l.sub5, l.created_at, l.archived_at FROM link l"
          + " JOIN partnership s ON s.id = l.partnership_id"
          + " JOIN programme g ON g.id = s.programme_id JOIN advertiser a ON a.id = g.advertiser_id"
          + " JOIN publisher p ON p.id = s.publisher_id";

  private LinkStore() {}

  /** The admin sees all links; an advertiser those into its programmes; a publisher its own. */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
    };
  }

  /** What a new link needs to know about its partnership. */
  record PartnershipRef(
      long rowId,
      String advertiserId,
      String publisherId,
      String programmeId,
      String status,
      boolean archived,
      List<String> allowedDomains) {}

  static Optional<PartnershipRef> partnership(Connection c, String publicId) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT s.id, a.public_id AS advertiser_public_id, p.public_id AS publisher_public_id,"
            + " g.public_id AS programme_public_id, s.status, s.archived_at, g.allowed_domains"
            + " FROM partnership s JOIN programme g ON g.id = s.programme_id"
            + " JOIN advertiser a ON a.id = g.advertiser_id JOIN publisher p ON p.id = s.publisher_id"
            + " WHERE s.public_id = ?",
        row ->
            new PartnershipRef(
                row.getLong("id"),
                Sql.requiredString(row, "advertiser_public_id"),
                Sql.requiredString(row, "publisher_public_id"),
                Sql.requiredString(row, "programme_public_id"),
                Sql.requiredString(row, "status"),
                Sql.instant(row, "archived_at") != null,
                JsonText.toList(Sql.requiredString(row, "allowed_domains"))),
        publicId);
  }

  static TrackingIndex.LinkEntry insert(
      Connection c, long partnershipRowId, @Nullable String url, SubIds subIds, Instant now)
      throws SQLException {
    String publicId = PublicIds.next("lnk");
    long rowId =
        Sql.insert(
            c,
            "INSERT INTO link (public_id, partnership_id, destination, sub1, sub2, sub3, sub4,"
                + " sub5, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            publicId,
            partnershipRowId,
            Sql.text(url),
            Sql.text(subIds.sub1()),
            Sql.text(subIds.sub2()),
            Sql.text(subIds.sub3()),
            Sql.text(subIds.sub4()),
            Sql.text(subIds.sub5()),
            now);
    return new TrackingIndex.LinkEntry(rowId, publicId, partnershipRowId, url, subIds, false);
  }

  static Optional<Link> find(Connection c, Principal caller, String publicId, String baseUrl)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("l.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), row -> map(row, baseUrl), where.params());
  }

  static List<Link> list(
      Connection c,
      Principal caller,
      @Nullable String partnershipId,
      @Nullable String programmeId,
      @Nullable String publisherId,
      boolean includeArchived,
      @Nullable String after,
      int limit,
      String baseUrl)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("l", "link", after);
    where.equalTo("s.public_id", partnershipId);
    where.equalTo("g.public_id", programmeId);
    where.equalTo("p.public_id", publisherId);
    where.archived("l", includeArchived);
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY l.id LIMIT ?",
        row -> map(row, baseUrl),
        where.params(limit + 1));
  }

  static void archive(Connection c, String publicId, Instant now) throws SQLException {
    Sql.update(
        c,
        "UPDATE link SET archived_at = ? WHERE public_id = ? AND archived_at IS NULL",
        now,
        publicId);
  }

  /** The path of a link's tracking URL, below the server's public URL. */
  static String trackingPath(String linkId) {
    return "/c/" + linkId;
  }

  private static Link map(ResultSet row, String baseUrl) throws SQLException {
    String id = Sql.requiredString(row, "public_id");
    return new Link(
        id,
        Sql.requiredString(row, "partnership_public_id"),
        Sql.requiredString(row, "programme_public_id"),
        Sql.requiredString(row, "publisher_public_id"),
        Sql.requiredString(row, "advertiser_public_id"),
        row.getString("destination"),
        new SubIds(
            row.getString("sub1"),
            row.getString("sub2"),
            row.getString("sub3"),
            row.getString("sub4"),
            row.getString("sub5")),
        baseUrl + trackingPath(id),
        Sql.requiredInstant(row, "created_at"),
        Sql.instant(row, "archived_at"));
  }
}
