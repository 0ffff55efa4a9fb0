package dev.levier.commission;

import dev.levier.http.Json;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** SQL for rule sets. Callers check who may see the programme before they come here. */
final class RuleSetStore {
  private static final String FROM =
      "SELECT r.id, r.public_id, r.programme_id, g.public_id AS programme_public_id, r.name,"
          + " r.status, r.number, r.effective_from, r.document, r.version, r.created_at,"
          + " r.updated_at, r.published_at, g.currency, a.time_zone"
          + " FROM rule_set r JOIN programme g ON g.id = r.programme_id"
          + " JOIN advertiser a ON a.id = g.advertiser_id";

  private RuleSetStore() {}

  /** A rule set row with what evaluating it needs from its programme. */
  record Row(
      long rowId,
      String publicId,
      long programmeRow,
      String programmeId,
      String name,
      String status,
      @Nullable Integer number,
      @Nullable Instant effectiveFrom,
      String document,
      int version,
      Instant createdAt,
      Instant updatedAt,
      @Nullable Instant publishedAt,
      CurrencyUnit currency,
      ZoneId zone) {

    /** The stored content; it was checked when written, so a failure here is corruption. */
    RuleSetJson.Content content() {
      return parse(document, currency);
    }
  }

  /** The programme a rule set belongs to, as rule sets need it. */
  record ProgrammeRef(long rowId, String id, CurrencyUnit currency, ZoneId zone) {}

  static Optional<ProgrammeRef> programme(Connection c, String programmeId) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT g.id, g.public_id, g.currency, a.time_zone FROM programme g"
            + " JOIN advertiser a ON a.id = g.advertiser_id WHERE g.public_id = ?",
        row ->
            new ProgrammeRef(
                row.getLong("id"),
                Sql.requiredString(row, "public_id"),
                CurrencyUnit.of(Sql.requiredString(row, "currency")),
                ZoneId.of(Sql.requiredString(row, "time_zone"))),
        programmeId);
  }

  static String insert(Connection c, long programmeRow, String name, String document, Instant now)
      throws SQLException {
    String publicId = PublicIds.next("rst");
    Sql.insert(
        c,
        "INSERT INTO rule_set (public_id, programme_id, name, status, document, version,"
            + " created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, 1, ?, ?)",
        publicId,
        programmeRow,
        name,
        document,
        now,
        now);
    return publicId;
  }

  static Optional<Row> find(Connection c, long programmeRow, String publicId) throws SQLException {
    return Sql.queryOne(
        c,
        FROM + " WHERE r.programme_id = ? AND r.public_id = ?",
        RuleSetStore::map,
        programmeRow,
        publicId);
  }

  static Optional<Row> findByRow(Connection c, long rowId) throws SQLException {
    return Sql.queryOne(c, FROM + " WHERE r.id = ?", RuleSetStore::map, rowId);
  }

  static List<Row> list(
      Connection c, long programmeRow, @Nullable String status, @Nullable String after, int limit)
      throws SQLException {
    Where where = new Where().and("r.programme_id = ?", programmeRow);
    where.equalTo("r.status", status);
    where.after("r", "rule_set", after);
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY r.id LIMIT ?",
        RuleSetStore::map,
        where.params(limit + 1));
  }

  /** Every published rule set of every programme, oldest version first. */
  static List<Row> published(Connection c) throws SQLException {
    return Sql.query(
        c,
        FROM + " WHERE r.status = 'published' ORDER BY r.programme_id, r.number",
        RuleSetStore::map);
  }

  static boolean updateDraft(
      Connection c, long rowId, String name, String document, int expectedVersion, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE rule_set SET name = ?, document = ?, version = version + 1, updated_at = ?"
                + " WHERE id = ? AND version = ? AND status = 'draft'",
            name,
            document,
            now,
            rowId,
            expectedVersion)
        == 1;
  }

  /**
   * The next version number of the programme's rule sets. The programme row is locked first, so
   * that two publications of the same programme take turns instead of drawing the same number.
   */
  static int nextNumber(Connection c, long programmeRow) throws SQLException {
    Sql.query(c, "SELECT id FROM programme WHERE id = ? FOR UPDATE", row -> 1, programmeRow);
    return Sql.queryOne(
                c,
                "SELECT COALESCE(MAX(number), 0) FROM rule_set WHERE programme_id = ?",
                row -> row.getInt(1),
                programmeRow)
            .orElse(0)
        + 1;
  }

  static boolean publish(
      Connection c, long rowId, int number, Instant effectiveFrom, int expectedVersion, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE rule_set SET status = 'published', number = ?, effective_from = ?,"
                + " published_at = ?, version = version + 1, updated_at = ?"
                + " WHERE id = ? AND version = ? AND status = 'draft'",
            number,
            effectiveFrom,
            now,
            now,
            rowId,
            expectedVersion)
        == 1;
  }

  /** The document column: the content as the API writes it. */
  static String document(RuleSetJson.Content content) {
    return new String(Json.write(RuleSetJson.write(content)), StandardCharsets.UTF_8);
  }

  static RuleSetJson.Content parse(String document, CurrencyUnit currency) {
    return RuleSetJson.parse(document, currency);
  }

  private static Row map(ResultSet row) throws SQLException {
    Integer number = row.getObject("number", Integer.class);
    return new Row(
        row.getLong("id"),
        Sql.requiredString(row, "public_id"),
        row.getLong("programme_id"),
        Sql.requiredString(row, "programme_public_id"),
        Sql.requiredString(row, "name"),
        Sql.requiredString(row, "status"),
        number,
        Sql.instant(row, "effective_from"),
        Sql.requiredString(row, "document"),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"),
        Sql.instant(row, "published_at"),
        CurrencyUnit.of(Sql.requiredString(row, "currency")),
        ZoneId.of(Sql.requiredString(row, "time_zone")));
  }
}
