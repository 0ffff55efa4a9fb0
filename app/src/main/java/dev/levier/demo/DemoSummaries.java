package dev.levier.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.auth.Principal;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.http.Json;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The summaries {@code levier demo} leaves behind: what the simulated market truly held beside what
 * Levier found. The simulator computes them (only it knows the truth) and the server keeps them, so
 * that they can be read again while exploring the demo's data. The admin's alone.
 */
public final class DemoSummaries {
  /** The parts every summary has; the simulator writes {@link DemoSummary}. */
  private static final List<String> PARTS =
      List.of("run", "publisherTypes", "fraud", "reconciliation", "reports");

  private final Database database;
  private final Clock clock;

  public DemoSummaries(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * A kept summary.
   *
   * @param savedAt when it was kept, by the server's clock
   * @param summary the summary as the simulator wrote it
   */
  public record Saved(Instant savedAt, JsonNode summary) {}

  /** Keeps a summary, which becomes the latest. */
  public Saved save(Principal caller, byte[] body) {
    requireAdmin(caller);
    JsonNode summary = Json.parse(body);
    if (!summary.isObject()) {
      throw ValidationException.of("body", "must be a JSON object");
    }
    for (String part : PARTS) {
      if (!summary.has(part)) {
        throw ValidationException.of(part, "is required");
      }
    }
    Instant now = Sql.now(clock);
    String document = new String(Json.write(summary), StandardCharsets.UTF_8);
    database.transaction(
        c ->
            Sql.insert(
                c, "INSERT INTO demo_summary (saved_at, document) VALUES (?, ?)", now, document));
    return new Saved(now, summary);
  }

  /** The latest summary kept. */
  public Saved latest(Principal caller) {
    requireAdmin(caller);
    return database
        .transaction(
            c ->
                Sql.queryOne(
                    c,
                    "SELECT saved_at, document FROM demo_summary"
                        + " WHERE id = (SELECT MAX(id) FROM demo_summary)",
                    row ->
                        new Saved(
                            Sql.requiredInstant(row, "saved_at"),
                            Json.parse(
                                Sql.requiredString(row, "document")
                                    .getBytes(StandardCharsets.UTF_8)))))
        .orElseThrow(() -> new NotFoundException("demo summary", "latest"));
  }

  private static void requireAdmin(Principal caller) {
    if (!caller.isAdmin()) {
      throw new ForbiddenException("only the network's admin reads and keeps demo summaries");
    }
  }
}
