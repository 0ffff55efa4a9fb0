package dev.levier.publisher;

import dev.levier.auth.Principal;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.geo.CountryCode;
import dev.levier.network.PublisherType;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.Versioned;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What callers may do with publishers. The admin onboards and archives them; a publisher reads and
 * edits its own profile; an advertiser reads the publishers that applied to or joined its
 * programmes.
 */
public final class PublisherService {
  static final String KIND = "publisher";

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public PublisherService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  public Publisher create(Principal caller, PublisherDraft draft) {
    if (!caller.isAdmin()) {
      throw new ForbiddenException("only the network admin onboards publishers");
    }
    Instant now = Sql.now(clock);
    return database.change(this.changes, c -> PublisherStore.insert(c, draft, now));
  }

  public Publisher get(Principal caller, String id) {
    return database.transaction(c -> find(c, caller, id));
  }

  public List<Publisher> list(
      Principal caller,
      @Nullable PublisherType type,
      @Nullable CountryCode country,
      @Nullable String nameContains,
      boolean includeArchived,
      @Nullable String after,
      int limit) {
    return database.transaction(
        c ->
            PublisherStore.list(
                c, caller, type, country, nameContains, includeArchived, after, limit));
  }

  public Publisher update(
      Principal caller, String id, int expectedVersion, PublisherDraft.Changes changes) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Publisher current = find(c, caller, id);
          if (!caller.isAdmin() && !caller.isPublisher(id)) {
            throw new ForbiddenException("only the publisher itself or the admin edits it");
          }
          Versioned.requireEditable(KIND, id, current, expectedVersion);
          PublisherDraft next = changes.applyTo(current);
          if (next.equals(PublisherDraft.of(current))) {
            return current;
          }
          Versioned.requireWritten(
              PublisherStore.update(c, id, next, expectedVersion, now), KIND, id, expectedVersion);
          return PublisherStore.toPublisher(
              id, next, expectedVersion + 1, current.createdAt(), now);
        });
  }

  public Publisher archive(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          find(c, caller, id);
          if (!caller.isAdmin()) {
            throw new ForbiddenException("only the network admin archives publishers");
          }
          PublisherStore.archive(c, id, now);
          return find(c, caller, id);
        });
  }

  private static Publisher find(Connection c, Principal caller, String id) throws SQLException {
    return PublisherStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id));
  }
}
