package dev.levier.advertiser;

import dev.levier.auth.Principal;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What callers may do with advertisers. The network admin creates and archives them; an advertiser
 * reads and edits its own profile; a publisher reads the advertisers whose programmes it can see.
 * Anything else answers "not found" when the caller cannot see the advertiser, or "forbidden" when
 * it can see but not change it.
 */
public final class AdvertiserService {
  static final String KIND = "advertiser";
  private static final java.security.SecureRandom SECRETS = new java.security.SecureRandom();

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public AdvertiserService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  public Advertiser create(Principal caller, AdvertiserDraft draft) {
    if (!caller.isAdmin()) {
      throw new ForbiddenException("only the network admin creates advertisers");
    }
    Instant now = Sql.now(clock);
    return database.change(this.changes, c -> AdvertiserStore.insert(c, draft, now));
  }

  public Advertiser get(Principal caller, String id) {
    return database.transaction(
        c ->
            AdvertiserStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id)));
  }

  /** Up to {@code limit + 1} advertisers after the given row, in creation order. */
  public List<Advertiser> list(
      Principal caller,
      @Nullable CountryCode country,
      @Nullable CurrencyUnit currency,
      @Nullable String nameContains,
      boolean includeArchived,
      @Nullable String after,
      int limit) {
    return database.transaction(
        c ->
            AdvertiserStore.list(
                c, caller, country, currency, nameContains, includeArchived, after, limit));
  }

  public Advertiser update(
      Principal caller, String id, int expectedVersion, AdvertiserChanges changes) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Advertiser current =
              AdvertiserStore.find(c, caller, id)
                  .orElseThrow(() -> new NotFoundException(KIND, id));
          if (!caller.isAdmin() && !caller.isAdvertiser(id)) {
            throw new ForbiddenException("only the advertiser itself or the admin edits it");
          }
          Versioned.requireEditable(KIND, id, current, expectedVersion);
          AdvertiserDraft next = changes.applyTo(current);
          if (next.equals(AdvertiserDraft.of(current))) {
            return current;
          }
          Versioned.requireWritten(
              AdvertiserStore.update(c, id, next, expectedVersion, now), KIND, id, expectedVersion);
          return new Advertiser(
              id,
              next.name(),
              next.country(),
              next.currency(),
              next.timeZone(),
              expectedVersion + 1,
              current.createdAt(),
              now,
              null);
        });
  }

  /** A new postback secret, shown once; the previous one stops working at once. */
  public record PostbackSecret(String advertiserId, String postbackSecret) {}

  /**
   * Creates (or replaces) the secret that signs the advertiser's server-to-server postbacks. The
   * advertiser itself or the admin may do it.
   */
  public PostbackSecret rotatePostbackSecret(Principal caller, String id) {
    byte[] bytes = new byte[32];
    SECRETS.nextBytes(bytes);
    String secret = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Advertiser current =
              AdvertiserStore.find(c, caller, id)
                  .orElseThrow(() -> new NotFoundException(KIND, id));
          if (!caller.isAdmin() && !caller.isAdvertiser(id)) {
            throw new ForbiddenException("only the advertiser itself or the admin sets its secret");
          }
          if (current.archivedAt() != null) {
            throw new dev.levier.errors.ConflictException(KIND + " " + id + " is archived");
          }
          Sql.update(
              c,
              "UPDATE advertiser SET postback_secret = ?, updated_at = ? WHERE public_id = ?",
              secret,
              now,
              id);
          return new PostbackSecret(id, secret);
        });
  }

  /** Archives the advertiser: it stays readable but leaves lists and cannot be changed. */
  public Advertiser archive(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Advertiser current =
              AdvertiserStore.find(c, caller, id)
                  .orElseThrow(() -> new NotFoundException(KIND, id));
          if (!caller.isAdmin()) {
            throw new ForbiddenException("only the network admin archives advertisers");
          }
          if (current.archivedAt() != null) {
            return current;
          }
          AdvertiserStore.archive(c, id, now);
          return new Advertiser(
              id,
              current.name(),
              current.country(),
              current.currency(),
              current.timeZone(),
              current.version() + 1,
              current.createdAt(),
              now,
              now);
        });
  }
}
