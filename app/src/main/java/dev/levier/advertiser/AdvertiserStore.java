package dev.levier.advertiser;

import dev.levier.auth.Principal;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** SQL for advertisers. Every read is filtered by what the caller may see. */
final class AdvertiserStore {
  private static final String COLUMNS =
      "a.id, a.public_id, a.name, a.country, a.currency, a.time_zone, a.version, a.created_at,"
          + " a.updated_at, a.archived_at";

  private AdvertiserStore() {}

  /**
   * Adds the caller's visibility to a query on {@code advertiser a}: the admin sees all, an
   * advertiser itself, a publisher the advertisers of the programmes open to it or joined by it.
   */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER ->
          where.and(
              "EXISTS (SELECT 1 FROM programme g WHERE g.advertiser_id = a.id AND ("
                  + "(g.status = 'active' AND g.archived_at IS NULL) OR EXISTS (SELECT 1 FROM"
                  + " partnership s JOIN publisher p ON p.id = s.publisher_id WHERE"
                  + " s.programme_id = g.id AND p.public_id = ?)))",
              caller.owner());
    };
  }

  static Advertiser insert(Connection c, AdvertiserDraft draft, Instant now) throws SQLException {
    String publicId = PublicIds.next("adv");
    Sql.insert(
        c,
        "INSERT INTO advertiser (public_id, name, country, currency, time_zone, version,"
            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
        publicId,
        draft.name(),
        draft.country(),
        draft.currency(),
        draft.timeZone(),
        now,
        now);
    return new Advertiser(
        publicId,
        draft.name(),
        draft.country(),
        draft.currency(),
        draft.timeZone(),
        1,
        now,
        now,
        null);
  }

  static Optional<Advertiser> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("a.public_id = ?", publicId));
    return Sql.queryOne(
        c,
        "SELECT " + COLUMNS + " FROM advertiser a" + where.sql(),
        AdvertiserStore::map,
        where.params());
  }

  static List<Advertiser> list(
      Connection c,
      Principal caller,
      @Nullable CountryCode country,
      @Nullable CurrencyUnit currency,
      @Nullable String nameContains,
      boolean includeArchived,
      @Nullable String after,
      int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("a", "advertiser", after);
    where.equalTo("a.country", country);
    where.equalTo("a.currency", currency);
    where.contains("a.name", nameContains);
    where.archived("a", includeArchived);
    return Sql.query(
        c,
        "SELECT " + COLUMNS + " FROM advertiser a" + where.sql() + " ORDER BY a.id LIMIT ?",
        AdvertiserStore::map,
        where.params(limit + 1));
  }

  /** Writes the new state if the row is still at {@code expectedVersion}; false if it is not. */
  static boolean update(
      Connection c, String publicId, AdvertiserDraft next, int expectedVersion, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE advertiser SET name = ?, country = ?, currency = ?, time_zone = ?,"
                + " version = version + 1, updated_at = ? WHERE public_id = ? AND version = ?",
            next.name(),
            next.country(),
            next.currency(),
            next.timeZone(),
            now,
            publicId,
            expectedVersion)
        == 1;
  }

  /** Archives the advertiser and, with it, its programmes: it has left the network. */
  static void archive(Connection c, String publicId, Instant now) throws SQLException {
    Sql.update(
        c,
        "UPDATE programme SET archived_at = ?, version = version + 1, updated_at = ?"
            + " WHERE archived_at IS NULL"
            + " AND advertiser_id = (SELECT id FROM advertiser WHERE public_id = ?)",
        now,
        now,
        publicId);
    Sql.archive(c, "advertiser", publicId, now);
  }

  private static Advertiser map(ResultSet row) throws SQLException {
    return new Advertiser(
        Sql.requiredString(row, "public_id"),
        Sql.requiredString(row, "name"),
        CountryCode.of(Sql.requiredString(row, "country")),
        CurrencyUnit.of(Sql.requiredString(row, "currency")),
        ZoneId.of(Sql.requiredString(row, "time_zone")),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"),
        Sql.instant(row, "archived_at"));
  }
}
