package dev.levier.partnership;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.PartnershipStatus.Action;
import dev.levier.partnership.PartnershipStore.PartnershipFilter;
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
 * The partnership workflow. A publisher applies to an active programme; the programme's advertiser
 * (or the admin) approves, declines or later suspends. An advertiser may also invite a publisher
 * directly, which approves it at once.
 */
public final class PartnershipService {
  static final String KIND = "partnership";

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public PartnershipService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  public Partnership create(Principal caller, NewPartnership request) {
    String publisherId = request.publisherId();
    if (caller.role() == Role.PUBLISHER) {
      if (publisherId == null) {
        publisherId = caller.owner();
      } else if (!caller.isPublisher(publisherId)) {
        throw ValidationException.of("publisherId", "publisher " + publisherId + " not found");
      }
      if (request.status() != null && request.status() != PartnershipStatus.APPLIED) {
        throw new ForbiddenException(
            "a publisher applies (status applied); the advertiser approves");
      }
    } else if (publisherId == null) {
      throw ValidationException.of("publisherId", "is required");
    }
    PartnershipStatus status = initialStatus(caller, request.status());
    if (status == PartnershipStatus.SUSPENDED) {
      throw ValidationException.of(
          "status", "a new partnership is applied, approved or declined, not suspended");
    }
    String publisher = publisherId;
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          PartnershipStore.ProgrammeRef programme = programmeFor(c, caller, request.programmeId());
          PartnershipStore.PublisherRef publisherRef =
              PartnershipStore.publisher(c, publisher)
                  .filter(p -> !p.archived())
                  .orElseThrow(
                      () ->
                          ValidationException.of(
                              "publisherId", "publisher " + publisher + " not found"));
          var existing = PartnershipStore.existing(c, programme.rowId(), publisherRef.rowId());
          if (existing.isPresent() && !existing.get().archived()) {
            throw new ConflictException(
                "publisher "
                    + publisher
                    + " already has partnership "
                    + existing.get().id()
                    + " with programme "
                    + request.programmeId());
          }
          String id;
          if (existing.isPresent()) {
            id = existing.get().id();
            PartnershipStore.revive(c, id, request.group(), status, now);
          } else {
            id =
                PartnershipStore.insert(
                    c, programme.rowId(), publisherRef.rowId(), request.group(), status, now);
          }
          return find(c, caller, id);
        });
  }

  public Partnership get(Principal caller, String id) {
    return database.transaction(c -> find(c, caller, id));
  }

  public List<Partnership> list(
      Principal caller, PartnershipFilter filter, @Nullable String after, int limit) {
    return database.transaction(c -> PartnershipStore.list(c, caller, filter, after, limit));
  }

  /** Changes the group label; {@code group} null clears it. */
  public Partnership updateGroup(
      Principal caller, String id, int expectedVersion, @Nullable String group) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Partnership current = find(c, caller, id);
          requireAdvertiserSide(caller, current, "changes its group");
          Versioned.requireEditable(KIND, id, current, expectedVersion);
          if (java.util.Objects.equals(group, current.group())) {
            return current;
          }
          Versioned.requireWritten(
              PartnershipStore.updateGroup(c, id, group, expectedVersion, now),
              KIND,
              id,
              expectedVersion);
          return find(c, caller, id);
        });
  }

  /** Approves, declines or suspends, if the current status allows it. */
  public Partnership act(Principal caller, String id, Action action, @Nullable String reason) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Partnership current = find(c, caller, id);
          requireAdvertiserSide(caller, current, action + "s it");
          if (current.archivedAt() != null) {
            throw new ConflictException(KIND + " " + id + " is archived and cannot be changed");
          }
          PartnershipStatus next =
              current
                  .status()
                  .apply(action)
                  .orElseThrow(
                      () ->
                          new ConflictException(
                              "cannot "
                                  + action
                                  + " partnership "
                                  + id
                                  + " while it is "
                                  + current.status()));
          String recorded = action == Action.APPROVE ? null : reason;
          if (!PartnershipStore.updateStatus(c, id, current.status(), next, recorded, now)) {
            throw new ConflictException(
                "partnership " + id + " changed while it was being " + next + "; read it again");
          }
          return find(c, caller, id);
        });
  }

  public Partnership archive(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Partnership current = find(c, caller, id);
          requireAdvertiserSide(caller, current, "archives it");
          PartnershipStore.archive(c, id, now);
          return find(c, caller, id);
        });
  }

  private static PartnershipStatus initialStatus(
      Principal caller, @Nullable PartnershipStatus requested) {
    if (requested != null) {
      return requested;
    }
    return caller.role() == Role.PUBLISHER ? PartnershipStatus.APPLIED : PartnershipStatus.APPROVED;
  }

  /**
   * The programme a partnership is created in, as this caller may see it: the admin any, an
   * advertiser its own, a publisher an active one. Otherwise the field is reported as not found.
   */
  private static PartnershipStore.ProgrammeRef programmeFor(
      Connection c, Principal caller, String programmeId) throws SQLException {
    PartnershipStore.ProgrammeRef programme =
        PartnershipStore.programme(c, programmeId)
            .filter(
                p ->
                    switch (caller.role()) {
                      case ADMIN -> true;
                      case ADVERTISER -> caller.isAdvertiser(p.advertiserId());
                      case PUBLISHER -> p.active() && !p.archived();
                    })
            .orElseThrow(
                () ->
                    ValidationException.of(
                        "programmeId", "programme " + programmeId + " not found"));
    if (programme.archived()) {
      throw ValidationException.of("programmeId", "programme " + programmeId + " is archived");
    }
    return programme;
  }

  private static void requireAdvertiserSide(Principal caller, Partnership p, String what) {
    if (!caller.isAdmin() && !caller.isAdvertiser(p.advertiserId())) {
      throw new ForbiddenException("only the programme's advertiser or the admin " + what);
    }
  }

  private static Partnership find(Connection c, Principal caller, String id) throws SQLException {
    return PartnershipStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id));
  }
}
