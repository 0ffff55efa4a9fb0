package dev.levier.tracking;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Coupon codes assigned to publishers. The advertiser (or the admin) assigns them; a publisher
 * reads its own. A code is unique within an advertiser, whatever its case.
 */
public final class CouponService {
  static final String KIND = "coupon";
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final String FROM =
      "SELECT c.id, c.public_id, c.code, s.public_id AS partnership_public_id,"
          + " g.public_id AS programme_public_id, p.public_id AS publisher_public_id,"
          + " a.public_id AS advertiser_public_id, c.created_at, c.archived_at FROM coupon c"
          + " JOIN partnership s ON s.id = c.partnership_id JOIN programme g ON g.id = s.programme_id"
          + " JOIN advertiser a ON a.id = g.advertiser_id JOIN publisher p ON p.id = s.publisher_id";

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public CouponService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  /** A coupon code: letters, digits, - and _, 1 to 64; kept in upper case. */
  public static String code(String text) {
    if (!CODE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 64 characters among letters, digits, - and _");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  public Coupon create(Principal caller, String partnershipId, String code) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("the advertiser assigns coupon codes");
    }
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          LinkStore.PartnershipRef partnership =
              LinkStore.partnership(c, partnershipId)
                  .filter(p -> caller.isAdmin() || caller.isAdvertiser(p.advertiserId()))
                  .filter(p -> !p.archived())
                  .orElseThrow(
                      () ->
                          ValidationException.of(
                              "partnershipId", "partnership " + partnershipId + " not found"));
          Optional<String> taken =
              Sql.queryOne(
                  c,
                  "SELECT c.public_id FROM coupon c JOIN advertiser a ON a.id = c.advertiser_id"
                      + " WHERE a.public_id = ? AND c.code = ?",
                  row -> Sql.requiredString(row, "public_id"),
                  partnership.advertiserId(),
                  code);
          if (taken.isPresent()) {
            throw new ConflictException(
                "code " + code + " is already coupon " + taken.get() + " of this advertiser");
          }
          String id = PublicIds.next("cpn");
          Sql.insert(
              c,
              "INSERT INTO coupon (public_id, advertiser_id, partnership_id, code, created_at)"
                  + " SELECT ?, g.advertiser_id, s.id, ?, ? FROM partnership s"
                  + " JOIN programme g ON g.id = s.programme_id WHERE s.id = ?",
              id,
              code,
              now,
              partnership.rowId());
          return find(c, caller, id);
        });
  }

  public Coupon get(Principal caller, String id) {
    return database.transaction(c -> find(c, caller, id));
  }

  public List<Coupon> list(
      Principal caller,
      @Nullable String partnershipId,
      @Nullable String publisherId,
      @Nullable String code,
      boolean includeArchived,
      @Nullable String after,
      int limit) {
    return database.transaction(
        c -> {
          Where where = visibleTo(caller, new Where());
          where.after("c", "coupon", after);
          where.equalTo("s.public_id", partnershipId);
          where.equalTo("p.public_id", publisherId);
          where.equalTo("c.code", code);
          where.archived("c", includeArchived);
          return Sql.query(
              c,
              FROM + where.sql() + " ORDER BY c.id LIMIT ?",
              CouponService::map,
              where.params(limit + 1));
        });
  }

  /** Archives a coupon: sales that use it are no longer credited through it. */
  public Coupon archive(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Coupon current = find(c, caller, id);
          if (!caller.isAdmin() && !caller.isAdvertiser(current.advertiserId())) {
            throw new ForbiddenException("only the advertiser or the admin archives coupons");
          }
          Sql.update(
              c,
              "UPDATE coupon SET archived_at = ? WHERE public_id = ? AND archived_at IS NULL",
              now,
              id);
          return find(c, caller, id);
        });
  }

  private static Where visibleTo(Principal caller, Where where) {
    return switch (caller.role()) {
      case ADMIN -> where;
      case ADVERTISER -> where.and("a.public_id = ?", caller.owner());
      case PUBLISHER -> where.and("p.public_id = ?", caller.owner());
    };
  }

  private static Coupon find(Connection c, Principal caller, String id) throws SQLException {
    Where where = visibleTo(caller, new Where().and("c.public_id = ?", id));
    return Sql.queryOne(c, FROM + where.sql(), CouponService::map, where.params())
        .orElseThrow(() -> new NotFoundException(KIND, id));
  }

  private static Coupon map(ResultSet row) throws SQLException {
    return new Coupon(
        Sql.requiredString(row, "public_id"),
        Sql.requiredString(row, "code"),
        Sql.requiredString(row, "partnership_public_id"),
        Sql.requiredString(row, "programme_public_id"),
        Sql.requiredString(row, "publisher_public_id"),
        Sql.requiredString(row, "advertiser_public_id"),
        Sql.requiredInstant(row, "created_at"),
        Sql.instant(row, "archived_at"));
  }
}
