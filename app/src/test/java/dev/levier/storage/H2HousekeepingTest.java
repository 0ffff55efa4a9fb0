package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The bug it pins: with {@code WRITE_DELAY=0} H2 never drops or rewrites the chunks its commits
 * leave, so the file and the heap grew with every commit of a long-running server.
 */
class H2HousekeepingTest {

  @Test
  void aPassGathersTheChunksOfManySmallCommitsAndKeepsEveryRow() throws Exception {
    DatabaseSettings made = TestDatabase.H2.create();
    // H2 leaves chunks younger than its retention time (45 s) alone; none here, to test at once.
    DatabaseSettings settings =
        new DatabaseSettings(
            made.url() + ";RETENTION_TIME=0",
            made.user(),
            made.password(),
            made.poolSize(),
            made.connectionTimeout());
    try (Database database = Database.open(settings, null)) {
      database.transaction(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute(
                  "CREATE TABLE note (id BIGINT PRIMARY KEY, tag VARCHAR(40), body VARCHAR(300))");
              s.execute("CREATE INDEX note_tag_ix ON note (tag)");
            }
            return null;
          });
      for (int commit = 0; commit < 3_000; commit++) {
        int first = commit * 5;
        database.transaction(
            c -> {
              try (PreparedStatement insert =
                  c.prepareStatement("INSERT INTO note VALUES (?, ?, ?)")) {
                for (int row = first; row < first + 5; row++) {
                  insert.setLong(1, row);
                  insert.setString(2, Long.toString(row * 7_919L % 10_007, 36));
                  insert.setString(3, "x".repeat(200));
                  insert.addBatch();
                }
                insert.executeBatch();
              }
              return null;
            });
      }
      long chunksBefore = info(database, "CHUNK_COUNT");
      int fillBefore = (int) info(database, "CHUNKS_FILL_RATE");

      H2Housekeeping housekeeping = H2Housekeeping.start(database, new SimpleMeterRegistry());
      assertThat(housekeeping).isNotNull();
      try {
        int passes = 0;
        while (housekeeping.pass() && passes < 50) {
          passes++;
        }
        assertThat(passes).isPositive();
      } finally {
        housekeeping.close();
      }

      assertThat(chunksBefore).isGreaterThan(1_000);
      assertThat(fillBefore).isLessThan(H2Housekeeping.TARGET_FILL_RATE);
      assertThat(info(database, "CHUNK_COUNT")).isLessThan(chunksBefore / 10);
      long rows =
          database.transaction(
              c -> Sql.queryOne(c, "SELECT COUNT(*) FROM note", r -> r.getLong(1)).orElseThrow());
      assertThat(rows).isEqualTo(15_000L);
    }
  }

  @Test
  void onPostgresqlThereIsNothingToKeep() {
    if (!TestDatabase.available().contains(TestDatabase.POSTGRESQL)) {
      return;
    }
    try (Database database = Database.open(TestDatabase.POSTGRESQL.create(), null)) {
      assertThat(H2Housekeeping.start(database, new SimpleMeterRegistry())).isNull();
    }
  }

  private static long info(Database database, String name) {
    return database.transaction(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT setting_value FROM information_schema.settings"
                          + " WHERE setting_name = ?");
              ResultSet r = bind(s, "info." + name).executeQuery()) {
            r.next();
            return Long.parseLong(r.getString(1));
          }
        });
  }

  private static PreparedStatement bind(PreparedStatement s, String value) throws SQLException {
    s.setString(1, value);
    return s;
  }
}
