package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V13: H2 holds many values of the journal's identity columns, PostgreSQL one; on both, ids drawn
 * by two connections in turn still follow the order of the inserts (a conversion's history is read
 * in id order).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class IdentityCacheTest {
  @Parameter TestDatabase kind;

  private DatabaseSettings settings;
  private Database database;

  @BeforeEach
  void open() {
    settings = kind.create();
    database = Database.open(settings, null);
    database.migrate();
  }

  @AfterEach
  void close() {
    database.close();
    kind.drop(settings);
  }

  @Test
  void theJournalsIdentityColumnsHoldManyValuesOnH2AndOneOnPostgres() {
    boolean h2 = database.kind() == DatabaseSettings.Kind.H2;
    for (String table :
        List.of(
            "conversion_event", "commission", "commission_event", "rollup_change", "touchpoint")) {
      long cache =
          database
              .transaction(
                  c ->
                      Sql.queryOne(
                          c,
                          h2
                              ? "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                                  + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ?"
                                  + " AND COLUMN_NAME = 'id'"
                              : "SELECT seqcache FROM pg_sequence"
                                  + " WHERE seqrelid = pg_get_serial_sequence(?, 'id')::regclass",
                          r -> r.getLong(1),
                          table))
              .orElseThrow();
      assertThat(cache).as(table).isEqualTo(h2 ? 1000 : 1);
    }
  }

  @Test
  void idsDrawnByTwoConnectionsInTurnFollowTheOrderOfTheInserts() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection first = database.dataSource().getConnection();
        Connection second = database.dataSource().getConnection()) {
      for (int i = 0; i < 6; i++) {
        ids.add(insertChange(i % 2 == 0 ? first : second, i));
      }
      first.commit();
      second.commit();
    }

    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  private static long insertChange(Connection c, int programme) throws SQLException {
    OffsetDateTime at = OffsetDateTime.of(2026, 11, 26, 6, 0, 0, 0, ZoneOffset.UTC);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO rollup_change (programme_id, from_at, to_at) VALUES (?, ?, ?)",
            new String[] {"id"})) {
      insert.setLong(1, programme);
      insert.setObject(2, at);
      insert.setObject(3, at);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
