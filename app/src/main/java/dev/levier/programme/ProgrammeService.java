package dev.levier.programme;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.network.ProgrammeStatus;
import dev.levier.programme.ProgrammeStore.ProgrammeFilter;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What callers may do with programmes. The admin and the owning advertiser create, edit and archive
 * them; a publisher reads the active ones and those it has joined.
 */
public final class ProgrammeService {
  static final String KIND = "programme";

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public ProgrammeService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  public Programme create(Principal caller, NewProgramme request) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("publishers do not create programmes");
    }
    String advertiserId = request.advertiserId();
    if (advertiserId == null) {
      if (caller.isAdmin()) {
        throw ValidationException.of("advertiserId", "is required");
      }
      advertiserId = caller.owner();
    }
    String owner = advertiserId;
    if (!caller.isAdmin() && !caller.isAdvertiser(owner)) {
      throw ValidationException.of("advertiserId", "advertiser " + owner + " not found");
    }
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          ProgrammeStore.Owner advertiser =
              ProgrammeStore.owner(c, owner)
                  .orElseThrow(
                      () ->
                          ValidationException.of(
                              "advertiserId", "advertiser " + owner + " not found"));
          if (advertiser.archived()) {
            throw ValidationException.of("advertiserId", "advertiser " + owner + " is archived");
          }
          ProgrammeChanges f = request.fields();
          ProgrammeDraft draft =
              new ProgrammeDraft(
                  required(f.name(), "name"),
                  request.currency() != null ? request.currency() : advertiser.currency(),
                  required(f.landingUrl(), "landingUrl"),
                  required(f.allowedDomains(), "allowedDomains"),
                  orDefault(
                      f.attributionWindowDays(), ProgrammeDraft.DEFAULT_ATTRIBUTION_WINDOW_DAYS),
                  orDefault(f.validationDays(), ProgrammeDraft.DEFAULT_VALIDATION_DAYS),
                  f.clickIdParam() != null
                      ? f.clickIdParam()
                      : ProgrammeDraft.DEFAULT_CLICK_ID_PARAM,
                  orDefault(f.lapsedAfterDays(), ProgrammeDraft.DEFAULT_LAPSED_AFTER_DAYS),
                  f.countries() != null ? f.countries() : java.util.List.of(),
                  orDefault(f.minClickSeconds(), ProgrammeDraft.DEFAULT_MIN_CLICK_SECONDS),
                  f.status() != null ? f.status() : ProgrammeStatus.ACTIVE);
          checkLandingUrl(draft);
          return ProgrammeStore.insert(c, advertiser.rowId(), owner, draft, now);
        });
  }

  public Programme get(Principal caller, String id) {
    return database.transaction(c -> find(c, caller, id));
  }

  public List<Programme> list(
      Principal caller, ProgrammeFilter filter, @Nullable String after, int limit) {
    return database.transaction(c -> ProgrammeStore.list(c, caller, filter, after, limit));
  }

  public Programme update(
      Principal caller, String id, int expectedVersion, ProgrammeChanges changes) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Programme current = find(c, caller, id);
          requireOwner(caller, current, "edits");
          Versioned.requireEditable(KIND, id, current, expectedVersion);
          ProgrammeDraft next = changes.applyTo(current);
          if (next.equals(ProgrammeDraft.of(current))) {
            return current;
          }
          checkLandingUrl(next);
          Versioned.requireWritten(
              ProgrammeStore.update(c, id, next, expectedVersion, now), KIND, id, expectedVersion);
          return ProgrammeStore.toProgramme(
              id, current.advertiserId(), next, expectedVersion + 1, current.createdAt(), now);
        });
  }

  public Programme archive(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          Programme current = find(c, caller, id);
          requireOwner(caller, current, "archives");
          ProgrammeStore.archive(c, id, now);
          return find(c, caller, id);
        });
  }

  private static Programme find(java.sql.Connection c, Principal caller, String id)
      throws java.sql.SQLException {
    return ProgrammeStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id));
  }

  private static void requireOwner(Principal caller, Programme programme, String verb) {
    if (!caller.isAdmin() && !caller.isAdvertiser(programme.advertiserId())) {
      throw new ForbiddenException("only the programme's advertiser or the admin " + verb + " it");
    }
  }

  private static void checkLandingUrl(ProgrammeDraft draft) {
    String problem = draft.landingUrlProblem();
    if (problem != null) {
      throw ValidationException.of("landingUrl", problem);
    }
  }

  private static <T> T required(@org.jspecify.annotations.Nullable T value, String field) {
    if (value == null) {
      throw ValidationException.of(field, "is required");
    }
    return value;
  }

  private static int orDefault(@org.jspecify.annotations.Nullable Integer value, int fallback) {
    return value != null ? value : fallback;
  }
}
