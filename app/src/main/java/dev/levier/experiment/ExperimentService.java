package dev.levier.experiment;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Holdout experiments. The programme's advertiser (or the admin) starts one on a partnership and
 * stops it; the publisher of the partnership reads it. A partnership runs at most one experiment at
 * a time. Every change rebuilds the tracking index, so the click redirect splits visitors from
 * memory.
 */
public final class ExperimentService {
  static final String KIND = "experiment";

  /** How far in the past a start may be asked for (clocks disagree); it is then taken as now. */
  private static final Duration START_SKEW = Duration.ofMinutes(1);

  private static final SecureRandom SALTS = new SecureRandom();

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public ExperimentService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  /**
   * Starts an experiment.
   *
   * @param holdoutBasisPoints the share held out, 1 to 5,000 hundredths of a percent
   * @param startsAt when to start splitting visitors; null for now. It may not be in the past:
   *     clicks made before the experiment existed were not split.
   * @param endsAt when to stop, after the start; null to run until stopped
   * @param splitSeed fixes how visitors are split: experiments with the same seed put the same
   *     visitors in the same group (a holdout group kept from one experiment to the next, a
   *     simulation played again); null for a random split
   */
  public Experiment create(
      Principal caller,
      String partnershipId,
      int holdoutBasisPoints,
      @Nullable Instant startsAt,
      @Nullable Instant endsAt,
      @Nullable Integer splitSeed) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("only the programme's advertiser or the admin runs experiments");
    }
    Instant now = Sql.now(clock);
    List<dev.levier.errors.FieldError> errors = new ArrayList<>();
    Instant starts = startsAt == null ? now : startsAt;
    if (starts.isBefore(now.minus(START_SKEW))) {
      errors.add(
          new dev.levier.errors.FieldError(
              "startsAt",
              "must not be in the past (it was "
                  + starts
                  + "): clicks made before the experiment were not split"));
    }
    if (starts.isBefore(now)) {
      starts = now;
    }
    if (endsAt != null && !endsAt.isAfter(starts)) {
      errors.add(
          new dev.levier.errors.FieldError(
              "endsAt", "must be after startsAt (" + starts + "), was " + endsAt));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Instant start = starts;
    long salt = splitSeed == null ? SALTS.nextLong() : new SplittableRandom(splitSeed).nextLong();
    return database.change(
        this.changes,
        c -> {
          ExperimentStore.PartnershipRef partnership =
              ExperimentStore.partnership(c, partnershipId)
                  .filter(p -> caller.isAdmin() || caller.isAdvertiser(p.advertiserId()))
                  .filter(p -> !p.archived())
                  .orElseThrow(
                      () ->
                          ValidationException.of(
                              "partnershipId", "partnership " + partnershipId + " not found"));
          ExperimentStore.lockPartnership(c, partnership.rowId());
          Optional<String> running = ExperimentStore.running(c, partnership.rowId(), now);
          if (running.isPresent()) {
            throw new ConflictException(
                "partnership "
                    + partnershipId
                    + " already runs experiment "
                    + running.get()
                    + "; stop it first");
          }
          String id =
              ExperimentStore.insert(c, partnership, holdoutBasisPoints, start, endsAt, salt, now);
          return withResults(c, find(c, caller, id), now);
        });
  }

  /** One experiment with its results so far. */
  public Experiment get(Principal caller, String id) {
    Instant now = Sql.now(clock);
    return database.transaction(c -> withResults(c, find(c, caller, id), now));
  }

  /** The experiments the caller can see, in creation order, without their results. */
  public List<Experiment> list(
      Principal caller,
      @Nullable String partnershipId,
      @Nullable String programmeId,
      @Nullable String after,
      int limit) {
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          List<Experiment> page = new ArrayList<>();
          for (ExperimentStore.Row row :
              ExperimentStore.list(c, caller, partnershipId, programmeId, after, limit)) {
            page.add(row.toExperiment(now));
          }
          return page;
        });
  }

  /**
   * Stops an experiment: visitors are no longer split, and its results keep the clicks made until
   * now. Stopping a stopped experiment answers 409.
   */
  public Experiment stop(Principal caller, String id) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException(
          "only the programme's advertiser or the admin stops experiments");
    }
    Instant now = Sql.now(clock);
    return database.change(
        this.changes,
        c -> {
          ExperimentStore.Row current = find(c, caller, id);
          if (current.stopped()) {
            throw new ConflictException(KIND + " " + id + " is already stopped");
          }
          Instant endsAt =
              current.endsAt() != null && current.endsAt().isBefore(now) ? current.endsAt() : now;
          if (endsAt.isBefore(current.startsAt())) {
            endsAt = current.startsAt();
          }
          if (!ExperimentStore.stop(c, id, endsAt, now)) {
            throw new ConflictException(
                KIND + " " + id + " changed while it was being stopped; read it again");
          }
          return withResults(c, find(c, caller, id), now);
        });
  }

  private static Experiment withResults(Connection c, ExperimentStore.Row row, Instant now)
      throws SQLException {
    return row.toExperiment(now).withResults(ExperimentStore.measure(c, row, now));
  }

  private static ExperimentStore.Row find(Connection c, Principal caller, String id)
      throws SQLException {
    return ExperimentStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id));
  }
}
