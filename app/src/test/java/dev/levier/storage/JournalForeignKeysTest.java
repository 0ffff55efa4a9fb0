package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.JournalReferences;
import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class JournalForeignKeysTest {
  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.migrated(kind);
    database = scratch.database();
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  @Test
  void theJournalsKeysAreGoneAndEachOfTheirColumnsLeadsAnIndex() throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      for (String[] key : JournalForeignKeys.KEYS) {
        assertThat(foreignKeyColumns(meta, c.getSchema(), key[0]))
            .as("foreign keys of %s", key[0])
            .doesNotContain(key[1]);
        assertThat(indexesBeginningWith(meta, c.getSchema(), key[0], key[1]))
            .as("indexes of %s beginning with %s", key[0], key[1])
            .isPositive();
      }
    }
  }

  @Test
  void aRowPointingToNothingIsFoundByTheCheckThatStandsInForTheKeys() {
    assertThat(JournalReferences.broken(database)).isEmpty();
    database.transaction(
        c ->
            Sql.update(
                c,
                "INSERT INTO conversion_event (conversion_id, occurred_at, kind, detail, actor)"
                    + " VALUES (424242, CURRENT_TIMESTAMP, 'received', 'orphan', 'test')"));
    assertThat(JournalReferences.broken(database))
        .containsExactly("1 rows of conversion_event whose conversion_id is no conversion");
  }

  @Test
  void theOtherTablesKeepTheirKeysOnBothDatabases() throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      assertThat(foreignKeyColumns(meta, c.getSchema(), "commission"))
          .contains("partnership_id", "rule_set_id");
      assertThat(foreignKeyColumns(meta, c.getSchema(), "ledger_posting")).contains("entry_id");
      assertThat(foreignKeyColumns(meta, c.getSchema(), "link")).contains("partnership_id");
    }
  }

  private static Set<String> foreignKeyColumns(DatabaseMetaData meta, String schema, String table)
      throws SQLException {
    Set<String> columns = new HashSet<>();
    try (ResultSet row = meta.getImportedKeys(null, schema, table)) {
      while (row.next()) {
        columns.add(row.getString("FKCOLUMN_NAME"));
      }
    }
    return columns;
  }

  private static int indexesBeginningWith(
      DatabaseMetaData meta, String schema, String table, String column) throws SQLException {
    int count = 0;
    try (ResultSet row = meta.getIndexInfo(null, schema, table, false, false)) {
      while (row.next()) {
        if (row.getShort("ORDINAL_POSITION") == 1 && column.equals(row.getString("COLUMN_NAME"))) {
          count++;
        }
      }
    }
    return count;
  }
}
