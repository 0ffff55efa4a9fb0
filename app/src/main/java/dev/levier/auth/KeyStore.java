package dev.levier.auth;

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

/** SQL for API keys. Keys are found by the hash of the secret; the secret is never stored. */
final class KeyStore {
  private static final String FROM =
      "SELECT k.id, k.public_id, k.role, k.key_prefix, k.label, k.created_at, k.revoked_at,"
          + " a.public_id AS advertiser_public_id, p.public_id AS publisher_public_id"
          + " FROM api_key k LEFT JOIN advertiser a ON a.id = k.advertiser_id"
          + " LEFT JOIN publisher p ON p.id = k.publisher_id";

  private KeyStore() {}

  /** The admin sees every key; others only the keys of their own advertiser or publisher. */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("k.role = 'advertiser' AND a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("k.role = 'publisher' AND p.public_id = ?", caller.owner());
    };
  }

  /** The row id of a live owner of the given role, or empty. */
  static Optional<Long> ownerRow(Connection c, Role role, String ownerId) throws SQLException {
    String table =
        switch (role) {
          case ADVERTISER -> "advertiser";
          case PUBLISHER -> "publisher";
          case ADMIN -> throw new IllegalArgumentException("admin keys have no owner");
        };
    return Sql.queryOne(
        c,
        "SELECT id FROM " + table + " WHERE public_id = ? AND archived_at IS NULL",
        row -> row.getLong("id"),
        ownerId);
  }

  static IssuedKey insert(
      Connection c,
      Role role,
      @Nullable String ownerId,
      @Nullable Long ownerRow,
      @Nullable String label,
      Instant now)
      throws SQLException {
    String key = ApiKeys.generate();
    String publicId = PublicIds.next("key");
    Sql.insert(
        c,
        "INSERT INTO api_key (public_id, key_hash, key_prefix, role, advertiser_id,"
            + " publisher_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        publicId,
        ApiKeys.hash(key),
        ApiKeys.displayPrefix(key),
        role,
        role == Role.ADVERTISER && ownerRow != null ? ownerRow : Sql.NULL_BIGINT,
        role == Role.PUBLISHER && ownerRow != null ? ownerRow : Sql.NULL_BIGINT,
        Sql.text(label),
        now);
    return new IssuedKey(publicId, key, role, ownerId, label, now);
  }

  static Optional<ApiKey> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("k.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), KeyStore::mapKey, where.params());
  }

  static List<ApiKey> list(
      Connection c,
      Principal caller,
      @Nullable Role role,
      boolean includeRevoked,
      @Nullable String after,
      int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("k", "api_key", after);
    where.equalTo("k.role", role);
    if (!includeRevoked) {
      where.and("k.revoked_at IS NULL");
    }
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY k.id LIMIT ?",
        KeyStore::mapKey,
        where.params(limit + 1));
  }

  static void revoke(Connection c, String publicId, Instant now) throws SQLException {
    Sql.update(
        c,
        "UPDATE api_key SET revoked_at = ? WHERE public_id = ? AND revoked_at IS NULL",
        now,
        publicId);
  }

  /** Revokes every live admin key with this label; used to rotate the demo key. */
  static int revokeAdminKeysLabelled(Connection c, String label, Instant now) throws SQLException {
    return Sql.update(
        c,
        "UPDATE api_key SET revoked_at = ? WHERE role = 'admin' AND label = ?"
            + " AND revoked_at IS NULL",
        now,
        label);
  }

  static long countLiveAdminKeys(Connection c) throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT COUNT(*) AS n FROM api_key WHERE role = 'admin' AND revoked_at IS NULL",
            row -> row.getLong("n"))
        .orElse(0L);
  }

  private static ApiKey mapKey(ResultSet row) throws SQLException {
    String roleText = Sql.requiredString(row, "role");
    Role role =
        WireEnum.parse(Role.class, roleText)
            .orElseThrow(() -> new SQLException("unknown key role " + roleText));
    String owner =
        switch (role) {
          case ADMIN -> null;
          case ADVERTISER -> row.getString("advertiser_public_id");
          case PUBLISHER -> row.getString("publisher_public_id");
        };
    return new ApiKey(
        Sql.requiredString(row, "public_id"),
        role,
        owner,
        row.getString("label"),
        Sql.requiredString(row, "key_prefix"),
        Sql.requiredInstant(row, "created_at"),
        Sql.instant(row, "revoked_at"));
  }
}
