package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class H2FileUpkeepTest {
  private static final int COMMITS = 600;
  private static final int ROWS_A_COMMIT = 3;

  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.empty(kind, null);
    database = scratch.database();
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  /**
   * An append-only table written a few rows a commit, as the journals write when traffic is low.
   */
  private void appendInSmallCommits() {
    database.transaction(
        c -> {
          Sql.update(
              c,
              "CREATE TABLE probe (id BIGINT PRIMARY KEY, visitor VARCHAR(32) NOT NULL,"
                  + " note VARCHAR(200) NOT NULL)");
          Sql.update(c, "CREATE INDEX probe_visitor_ix ON probe (visitor)");
          return null;
        });
    for (int commit = 0; commit < COMMITS; commit++) {
      long first = (long) commit * ROWS_A_COMMIT;
      database.transaction(
          c -> {
            for (long id = first; id < first + ROWS_A_COMMIT; id++) {
              Sql.update(
                  c,
                  "INSERT INTO probe (id, visitor, note) VALUES (?, ?, ?)",
                  id,
                  "v" + Long.toString(id * 7919 % 100_003, 36),
                  "a note that makes the row about as wide as a click's " + id);
            }
            return null;
          });
    }
  }

  private long rows() {
    return database
        .transaction(c -> Sql.queryOne(c, "SELECT COUNT(*) FROM probe", r -> r.getLong(1)))
        .orElseThrow();
  }

  /** The upkeep on H2; null on PostgreSQL, which has none (checked here). */
  private @Nullable H2FileUpkeep upkeepOnH2() {
    Optional<H2FileUpkeep> opened = H2FileUpkeep.open(database, registry);
    if (database.kind() == DatabaseSettings.Kind.POSTGRESQL) {
      assertThat(opened).isEmpty();
      return null;
    }
    return opened.orElseThrow();
  }

  @Test
  void rewritingOldChunksLeavesFarFewerOfThemAndEveryRowInPlace() {
    H2FileUpkeep upkeep = upkeepOnH2();
    if (upkeep == null) {
      return;
    }
    // Chunks are freed only once older than the retention time (45 s by default).
    database.transaction(
        c -> {
          Sql.update(c, "SET RETENTION_TIME 0");
          return null;
        });
    appendInSmallCommits();
    double before = upkeep.chunks();

    int rounds = 0;
    while (rounds < 200 && upkeep.round()) {
      rounds++;
    }
    // The last round's old chunks go with the next commit.
    database.transaction(
        c -> {
          Sql.update(c, "INSERT INTO probe (id, visitor, note) VALUES (-1, 'last', 'last')");
          return null;
        });
    double after = upkeep.chunks();

    assertThat(before).isGreaterThan(COMMITS / 10.0);
    assertThat(rounds).isPositive();
    assertThat(upkeep.roundsThatRewrote()).isEqualTo(rounds);
    assertThat(after).isLessThan(before / 10);
    assertThat(rows()).isEqualTo((long) COMMITS * ROWS_A_COMMIT + 1);
    assertThat(registry.get("levier.h2.chunks").gauge().value()).isEqualTo(after);
    assertThat(registry.get("levier.h2.compaction").timer().count()).isEqualTo(rounds);

    database = scratch.reopen();
    assertThat(rows()).isEqualTo((long) COMMITS * ROWS_A_COMMIT + 1);
    long matchingTheIndex =
        database
            .transaction(
                c ->
                    Sql.queryOne(
                        c,
                        "SELECT COUNT(*) FROM probe WHERE visitor >= 'v' AND visitor < 'w'",
                        r -> r.getLong(1)))
            .orElseThrow();
    assertThat(matchingTheIndex).isEqualTo((long) COMMITS * ROWS_A_COMMIT);
  }

  @Test
  void aRoundWithNothingToRewriteSaysSo() {
    H2FileUpkeep upkeep = upkeepOnH2();
    if (upkeep == null) {
      return;
    }

    // A fresh file's chunks are all younger than the retention time: none may be rewritten yet.
    boolean rewrote = upkeep.round();

    assertThat(rewrote).isFalse();
    assertThat(upkeep.roundsThatRewrote()).isZero();
    assertThat(registry.get("levier.h2.compaction").timer().count()).isZero();
  }
}
