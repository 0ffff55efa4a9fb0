package dev.levier.publisher;

import dev.levier.auth.Principal;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.PublisherType;
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

/** SQL for publishers. Every read is filtered by what the caller may see. */
final class PublisherStore {
  private static final String FROM =
      "SELECT p.id, p.public_id, p.name, p.type, p.country, p.payout_currency, p.websites,"
          + " p.contact_email,"
          + " p.version, p.created_at, p.updated_at, p.archived_at FROM publisher p";

  private PublisherStore() {}

  /**
   * Adds the caller's visibility to a query on {@code publisher p}: the admin sees all, a publisher
   * itself, an advertiser the publishers that applied to or joined its programmes.
   */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
      case ADVERTISER ->
          where.and(
              "EXISTS (SELECT 1 FROM partnership s JOIN programme g ON g.id = s.programme_id"
                  + " JOIN advertiser a ON a.id = g.advertiser_id"
                  + " WHERE s.publisher_id = p.id AND a.public_id = ?)",
              caller.owner());
    };
  }

  static Publisher insert(Connection c, PublisherDraft draft, Instant now) throws SQLException {
    String publicId = PublicIds.next("pub");
    Sql.insert(
        c,
        "INSERT INTO publisher (public_id, name, type, country, payout_currency, websites,"
            + " contact_email, contact_email_hash, version, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        publicId,
        draft.name(),
        draft.type(),
        draft.country(),
        draft.payoutCurrency(),
        JsonText.fromList(draft.websites()),
        Sql.text(draft.contactEmail()),
        Sql.text(emailHash(draft.contactEmail())),
        now,
        now);
    return toPublisher(publicId, draft, 1, now, now);
  }

  static Publisher toPublisher(
      String id, PublisherDraft draft, int version, Instant createdAt, Instant updatedAt) {
    return new Publisher(
        id,
        draft.name(),
        draft.type(),
        draft.country(),
        draft.payoutCurrency(),
        draft.websites(),
        draft.contactEmail(),
        version,
        createdAt,
        updatedAt,
        null);
  }

  static Optional<Publisher> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("p.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), PublisherStore::map, where.params());
  }

  static List<Publisher> list(
      Connection c,
      Principal caller,
      @Nullable PublisherType type,
      @Nullable CountryCode country,
      @Nullable String nameContains,
      boolean includeArchived,
      @Nullable String after,
      int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("p", "publisher", after);
    where.equalTo("p.type", type);
    where.equalTo("p.country", country);
    where.contains("p.name", nameContains);
    where.archived("p", includeArchived);
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY p.id LIMIT ?",
        PublisherStore::map,
        where.params(limit + 1));
  }

  static boolean update(
      Connection c, String publicId, PublisherDraft next, int expectedVersion, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE publisher SET name = ?, type = ?, country = ?, payout_currency = ?,"
                + " websites = ?, contact_email = ?, contact_email_hash = ?,"
                + " version = version + 1, updated_at = ? WHERE public_id = ? AND version = ?",
            next.name(),
            next.type(),
            next.country(),
            next.payoutCurrency(),
            JsonText.fromList(next.websites()),
            Sql.text(next.contactEmail()),
            Sql.text(emailHash(next.contactEmail())),
            now,
            publicId,
            expectedVersion)
        == 1;
  }

  static void archive(Connection c, String publicId, Instant now) throws SQLException {
    Sql.archive(c, "publisher", publicId, now);
  }

  private static @Nullable String emailHash(@Nullable String email) {
    return email == null ? null : dev.levier.conversion.EmailHash.of(email).hex();
  }

  private static Publisher map(ResultSet row) throws SQLException {
    return new Publisher(
        Sql.requiredString(row, "public_id"),
        Sql.requiredString(row, "name"),
        PublisherDraft.type(Sql.requiredString(row, "type")),
        CountryCode.of(Sql.requiredString(row, "country")),
        CurrencyUnit.of(Sql.requiredString(row, "payout_currency")),
        JsonText.toList(Sql.requiredString(row, "websites")),
        row.getString("contact_email"),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"),
        Sql.instant(row, "archived_at"));
  }
}
