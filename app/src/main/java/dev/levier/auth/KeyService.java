package dev.levier.auth;

import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Issues, lists, revokes and checks API keys. The admin issues any key; an advertiser may issue
 * more keys for itself; a publisher asks the network. Anyone may revoke its own keys.
 */
public final class KeyService {
  static final String KIND = "key";

  /** The label of the admin key that {@code --demo} rotates at every start. */
  public static final String DEMO_LABEL = "demo admin";

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public KeyService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  public IssuedKey issue(
      Principal caller, Role role, @Nullable String ownerId, @Nullable String label) {
    switch (caller.role()) {
      case ADMIN -> {}
      case ADVERTISER -> {
        if (role != Role.ADVERTISER) {
          throw new ForbiddenException("an advertiser may only create advertiser keys");
        }
        if (ownerId == null) {
          ownerId = caller.owner();
        } else if (!caller.isAdvertiser(ownerId)) {
          throw ValidationException.of("ownerId", "advertiser " + ownerId + " not found");
        }
      }
      case PUBLISHER -> throw new ForbiddenException("publishers ask the network admin for keys");
    }
    if (role == Role.ADMIN && ownerId != null) {
      throw ValidationException.of("ownerId", "must be absent for an admin key");
    }
    if (role != Role.ADMIN && ownerId == null) {
      throw ValidationException.of("ownerId", "is required for a " + role + " key");
    }
    String owner = ownerId;
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Long ownerRow = null;
          if (owner != null) {
            ownerRow =
                KeyStore.ownerRow(c, role, owner)
                    .orElseThrow(
                        () -> ValidationException.of("ownerId", role + " " + owner + " not found"));
          }
          return KeyStore.insert(c, role, owner, ownerRow, label, now);
        });
  }

  public ApiKey get(Principal caller, String id) {
    return database.transaction(
        c -> KeyStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id)));
  }

  public List<ApiKey> list(
      Principal caller,
      @Nullable Role role,
      boolean includeRevoked,
      @Nullable String after,
      int limit) {
    return database.transaction(c -> KeyStore.list(c, caller, role, includeRevoked, after, limit));
  }

  public ApiKey revoke(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          ApiKey current =
              KeyStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id));
          if (current.revokedAt() != null) {
            return current;
          }
          KeyStore.revoke(c, id, now);
          return new ApiKey(
              current.id(),
              current.role(),
              current.ownerId(),
              current.label(),
              current.prefix(),
              current.createdAt(),
              now);
        });
  }

  /**
   * Issues a fresh admin key for the demo and revokes the previous demo key, so that each start
   * prints a key that works and old printed keys stop working.
   */
  public IssuedKey rotateDemoAdminKey() {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          KeyStore.revokeAdminKeysLabelled(c, DEMO_LABEL, now);
          return KeyStore.insert(c, Role.ADMIN, null, null, DEMO_LABEL, now);
        });
  }

  /**
   * Issues the first admin key when there is none, so that a new installation can be used at all;
   * empty when an admin key already exists.
   */
  public java.util.Optional<IssuedKey> bootstrapAdminKey() {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          if (KeyStore.countLiveAdminKeys(c) > 0) {
            return java.util.Optional.<IssuedKey>empty();
          }
          return java.util.Optional.of(
              KeyStore.insert(c, Role.ADMIN, null, null, "first admin", now));
        });
  }
}
