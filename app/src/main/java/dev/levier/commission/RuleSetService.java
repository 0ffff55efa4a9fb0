package dev.levier.commission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.auth.Principal;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.http.JsonInput;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.Versioned;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What callers may do with rule sets. The admin and the programme's advertiser write drafts and
 * publish them; publishers of the programme read the published versions, the terms they work under.
 */
public final class RuleSetService {
  static final String KIND = "rule set";

  private final Database database;
  private final Clock clock;
  private final ProgrammeService programmes;
  private final CommissionRules rules;

  public RuleSetService(
      Database database, Clock clock, ProgrammeService programmes, CommissionRules rules) {
    this.database = database;
    this.clock = clock;
    this.programmes = programmes;
    this.rules = rules;
  }

  /** The programme, if the caller may see it, as rule sets need it. */
  public RuleSetStore.ProgrammeRef programme(Principal caller, String programmeId) {
    Programme programme = programmes.get(caller, programmeId);
    return database.transaction(
        c ->
            RuleSetStore.programme(c, programme.id())
                .orElseThrow(() -> new NotFoundException("programme", programmeId)));
  }

  public StoredRuleSet create(
      Principal caller, String programmeId, String name, RuleSetJson.Content content) {
    requireWriter(caller, programmeId);
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    check(programme, content);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          String id =
              RuleSetStore.insert(c, programme.rowId(), name, RuleSetStore.document(content), now);
          return view(find(c, programme, id));
        });
  }

  public StoredRuleSet get(Principal caller, String programmeId, String id) {
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    return database.transaction(
        c -> {
          RuleSetStore.Row row = find(c, programme, id);
          if (row.status().equals(StoredRuleSet.DRAFT) && !mayWrite(caller, programmeId)) {
            throw new NotFoundException(KIND, id);
          }
          return view(row);
        });
  }

  public List<StoredRuleSet> list(
      Principal caller,
      String programmeId,
      @Nullable String status,
      @Nullable String after,
      int limit) {
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    String visible = mayWrite(caller, programmeId) ? status : StoredRuleSet.PUBLISHED;
    if (status != null && !status.equals(visible)) {
      return List.of();
    }
    return database.transaction(
        c -> {
          List<StoredRuleSet> views = new ArrayList<>();
          for (RuleSetStore.Row row :
              RuleSetStore.list(c, programme.rowId(), visible, after, limit)) {
            views.add(view(row));
          }
          return views;
        });
  }

  /** Replaces a draft's name and content; a published version never changes. */
  public StoredRuleSet update(
      Principal caller,
      String programmeId,
      String id,
      int expectedVersion,
      @Nullable String name,
      RuleSetJson.Content content) {
    requireWriter(caller, programmeId);
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    check(programme, content);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          RuleSetStore.Row current = find(c, programme, id);
          requireDraft(current, "changed");
          StoredRuleSet before = view(current);
          Versioned.requireEditable(KIND, id, before, expectedVersion);
          Versioned.requireWritten(
              RuleSetStore.updateDraft(
                  c,
                  current.rowId(),
                  name != null ? name : current.name(),
                  RuleSetStore.document(content),
                  expectedVersion,
                  now),
              KIND,
              id,
              expectedVersion);
          return view(find(c, programme, id));
        });
  }

  /**
   * Publishes a draft: it gets the programme's next version number and applies to orders placed
   * from {@code effectiveFrom} (now when not given). Commissions already computed keep the version
   * that computed them.
   */
  public StoredRuleSet publish(
      Principal caller,
      String programmeId,
      String id,
      int expectedVersion,
      @Nullable Instant effectiveFrom) {
    requireWriter(caller, programmeId);
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    Instant now = Sql.now(clock);
    Instant from = effectiveFrom != null ? effectiveFrom : now;
    return database.change(
        rules,
        c -> {
          RuleSetStore.Row current = find(c, programme, id);
          requireDraft(current, "published again");
          Versioned.requireEditable(KIND, id, view(current), expectedVersion);
          int number = RuleSetStore.nextNumber(c, programme.rowId());
          Versioned.requireWritten(
              RuleSetStore.publish(c, current.rowId(), number, from, expectedVersion, now),
              KIND,
              id,
              expectedVersion);
          return view(find(c, programme, id));
        });
  }

  /** A stored rule set (draft or published) to simulate, if the caller may write the rules. */
  RuleSetStore.Row forSimulation(Principal caller, String programmeId, String id) {
    requireWriter(caller, programmeId);
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    return database.transaction(c -> find(c, programme, id));
  }

  /**
   * Rules that are not stored (read from a file by the command line), checked like a draft, to
   * simulate.
   */
  RuleSetStore.Row unsaved(Principal caller, String programmeId, ObjectNode document) {
    requireWriter(caller, programmeId);
    RuleSetStore.ProgrammeRef programme = programme(caller, programmeId);
    JsonInput in = JsonInput.of(document, RuleSetJson.FIELDS);
    RuleSetJson.Content content = RuleSetJson.read(in, programme.currency());
    in.validate();
    check(programme, Objects.requireNonNull(content));
    Instant now = Sql.now(clock);
    return new RuleSetStore.Row(
        -1,
        "unsaved",
        programme.rowId(),
        programme.id(),
        "unsaved",
        StoredRuleSet.DRAFT,
        null,
        null,
        RuleSetStore.document(content),
        0,
        now,
        now,
        null,
        programme.currency(),
        programme.zone());
  }

  static StoredRuleSet view(RuleSetStore.Row row) {
    RuleSetJson.Written written = RuleSetJson.write(row.content());
    return new StoredRuleSet(
        row.publicId(),
        row.programmeId(),
        row.name(),
        row.status(),
        row.number(),
        row.effectiveFrom(),
        row.currency().code(),
        row.zone().getId(),
        written.resolution(),
        written.rules(),
        written.caps(),
        written.monthlyCaps(),
        written.tiers(),
        written.bonuses(),
        row.version(),
        row.createdAt(),
        row.updatedAt(),
        row.publishedAt());
  }

  /** Compiles the content once, so that a rule set the engine would refuse is never stored. */
  private static void check(RuleSetStore.ProgrammeRef programme, RuleSetJson.Content content) {
    try {
      CommissionEngine.compile(
          new RuleSet(
              programme.id(),
              1,
              programme.currency(),
              programme.zone(),
              content.resolution(),
              content.rules(),
              content.caps()));
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("rules", String.valueOf(e.getMessage()));
    }
  }

  private static RuleSetStore.Row find(Connection c, RuleSetStore.ProgrammeRef programme, String id)
      throws SQLException {
    return RuleSetStore.find(c, programme.rowId(), id)
        .orElseThrow(() -> new NotFoundException(KIND, id));
  }

  private static void requireDraft(RuleSetStore.Row row, String verb) {
    if (!row.status().equals(StoredRuleSet.DRAFT)) {
      throw new ConflictException(
          KIND
              + " "
              + row.publicId()
              + " is published as version "
              + row.number()
              + " and cannot be "
              + verb
              + "; create a new draft instead");
    }
  }

  private boolean mayWrite(Principal caller, String programmeId) {
    return caller.isAdmin()
        || caller.isAdvertiser(programmes.get(caller, programmeId).advertiserId());
  }

  private void requireWriter(Principal caller, String programmeId) {
    programmes.get(caller, programmeId);
    if (!mayWrite(caller, programmeId)) {
      throw new ForbiddenException(
          "only the programme's advertiser or the admin writes and publishes its rule sets");
    }
  }
}
