package dev.levier.programme;

import dev.levier.auth.Principal;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.ProgrammeStatus;
import dev.levier.network.WireEnum;
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

/** SQL for programmes. Every read is filtered by what the caller may see. */
final class ProgrammeStore {
  private static final String FROM =
      "SELECT g.id, g.public_id, a.public_id AS advertiser_public_id, g.name, g.currency,"
          + " g.landing_url, g.allowed_domains, g.attribution_window_days, g.validation_days,"
          + " g.click_id_param, g.lapsed_after_days, g.countries, g.min_click_seconds,"
          + " g.status, g.version, g.created_at, g.updated_at, g.archived_at"
          + " FROM programme g JOIN advertiser a ON a.id = g.advertiser_id";

  private ProgrammeStore() {}

  /**
   * Adds the caller's visibility to a query on {@code programme g} joined to {@code advertiser a}:
   * the admin sees all; an advertiser its own; a publisher the active programmes open to all and
   * those it has a partnership with, whatever their state.
   */
  static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER ->
          where.and(
              "(g.status = 'active' AND g.archived_at IS NULL AND a.archived_at IS NULL)"
                  + " OR EXISTS (SELECT 1 FROM partnership s JOIN publisher p"
                  + " ON p.id = s.publisher_id WHERE s.programme_id = g.id AND p.public_id = ?)",
              caller.owner());
    };
  }

  static Programme insert(
      Connection c, long advertiserRowId, String advertiserId, ProgrammeDraft draft, Instant now)
      throws SQLException {
    String publicId = PublicIds.next("prg");
    Sql.insert(
        c,
        "INSERT INTO programme (public_id, advertiser_id, name, currency, landing_url,"
            + " allowed_domains, attribution_window_days, validation_days, click_id_param,"
            + " lapsed_after_days, countries, min_click_seconds, status, version, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        publicId,
        advertiserRowId,
        draft.name(),
        draft.currency(),
        draft.landingUrl(),
        JsonText.fromList(draft.allowedDomains().asStrings()),
        draft.attributionWindowDays(),
        draft.validationDays(),
        draft.clickIdParam(),
        draft.lapsedAfterDays(),
        countriesJson(draft.countries()),
        draft.minClickSeconds(),
        draft.status(),
        now,
        now);
    return toProgramme(publicId, advertiserId, draft, 1, now, now);
  }

  static Programme toProgramme(
      String id,
      String advertiserId,
      ProgrammeDraft draft,
      int version,
      Instant createdAt,
      Instant updatedAt) {
    return new Programme(
        id,
        advertiserId,
        draft.name(),
        draft.currency(),
        draft.landingUrl(),
        draft.allowedDomains().asStrings(),
        draft.attributionWindowDays(),
        draft.validationDays(),
        draft.clickIdParam(),
        draft.lapsedAfterDays(),
        draft.countries(),
        draft.minClickSeconds(),
        draft.status(),
        version,
        createdAt,
        updatedAt,
        null);
  }

  static Optional<Programme> find(Connection c, Principal caller, String publicId)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("g.public_id = ?", publicId));
    return Sql.queryOne(c, FROM + where.sql(), ProgrammeStore::map, where.params());
  }

  static List<Programme> list(
      Connection c, Principal caller, ProgrammeFilter filter, @Nullable String after, int limit)
      throws SQLException {
    Where where = visibleTo(caller, new Where());
    where.after("g", "programme", after);
    where.equalTo("a.public_id", filter.advertiserId());
    where.equalTo("g.status", filter.status());
    where.equalTo("g.currency", filter.currency());
    where.contains("g.name", filter.nameContains());
    where.archived("g", filter.includeArchived());
    return Sql.query(
        c,
        FROM + where.sql() + " ORDER BY g.id LIMIT ?",
        ProgrammeStore::map,
        where.params(limit + 1));
  }

  static boolean update(
      Connection c, String publicId, ProgrammeDraft next, int expectedVersion, Instant now)
      throws SQLException {
    return Sql.update(
            c,
            "UPDATE programme SET name = ?, currency = ?, landing_url = ?, allowed_domains = ?,"
                + " attribution_window_days = ?, validation_days = ?, click_id_param = ?,"
                + " lapsed_after_days = ?, countries = ?, min_click_seconds = ?,"
                + " status = ?, version = version + 1, updated_at = ?"
                + " WHERE public_id = ? AND version = ?",
            next.name(),
            next.currency(),
            next.landingUrl(),
            JsonText.fromList(next.allowedDomains().asStrings()),
            next.attributionWindowDays(),
            next.validationDays(),
            next.clickIdParam(),
            next.lapsedAfterDays(),
            countriesJson(next.countries()),
            next.minClickSeconds(),
            next.status(),
            now,
            publicId,
            expectedVersion)
        == 1;
  }

  static void archive(Connection c, String publicId, Instant now) throws SQLException {
    Sql.archive(c, "programme", publicId, now);
  }

  private static Programme map(ResultSet row) throws SQLException {
    String status = Sql.requiredString(row, "status");
    return new Programme(
        Sql.requiredString(row, "public_id"),
        Sql.requiredString(row, "advertiser_public_id"),
        Sql.requiredString(row, "name"),
        CurrencyUnit.of(Sql.requiredString(row, "currency")),
        Sql.requiredString(row, "landing_url"),
        JsonText.toList(Sql.requiredString(row, "allowed_domains")),
        row.getInt("attribution_window_days"),
        row.getInt("validation_days"),
        Sql.requiredString(row, "click_id_param"),
        row.getInt("lapsed_after_days"),
        countries(Sql.requiredString(row, "countries")),
        row.getInt("min_click_seconds"),
        WireEnum.parse(ProgrammeStatus.class, status)
            .orElseThrow(() -> new SQLException("unknown programme status " + status)),
        row.getInt("version"),
        Sql.requiredInstant(row, "created_at"),
        Sql.requiredInstant(row, "updated_at"),
        Sql.instant(row, "archived_at"));
  }

  private static String countriesJson(List<CountryCode> countries) {
    return JsonText.fromList(countries.stream().map(CountryCode::code).toList());
  }

  private static List<CountryCode> countries(String json) throws SQLException {
    List<CountryCode> parsed = new java.util.ArrayList<>();
    for (String code : JsonText.toList(json)) {
      parsed.add(CountryCode.of(code));
    }
    return parsed;
  }

  /** The advertiser a new programme belongs to, as far as programmes need to know it. */
  record Owner(long rowId, CurrencyUnit currency, boolean archived) {}

  static Optional<Owner> owner(Connection c, String advertiserId) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT id, currency, archived_at FROM advertiser WHERE public_id = ?",
        row ->
            new Owner(
                row.getLong("id"),
                CurrencyUnit.of(Sql.requiredString(row, "currency")),
                Sql.instant(row, "archived_at") != null),
        advertiserId);
  }

  /** The filters of a programme list; null means any. */
  record ProgrammeFilter(
      @Nullable String advertiserId,
      @Nullable ProgrammeStatus status,
      @Nullable CurrencyUnit currency,
      @Nullable String nameContains,
      boolean includeArchived) {}
}
