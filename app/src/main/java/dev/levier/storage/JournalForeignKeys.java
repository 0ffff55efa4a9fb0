package dev.levier.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

/**
 * Drops the foreign keys of the conversion journal's tables whose columns already begin another
 * index: migration 17 on H2, migration 21 on PostgreSQL.
 *
 * <p>H2 gives every foreign key an index of its own on exactly its columns, even beside an index
 * that begins with them (a line's primary key {@code (conversion_id, line_no)}, the commission's
 * {@code (programme_id, ordered_at)}), so each sale the journal stored wrote about a dozen index
 * entries that no query reads: one per order line, two for the conversion, three for each
 * commission, one per history event. With the JIT warm, that was 10% of the server's CPU a sale and
 * 12% of the sales a second on H2, where the one writer thread is the limit (2026-11-26,
 * BENCHMARKS.md). PostgreSQL checks a key without an index of its own, but with a lookup and a row
 * lock on the row pointed to for every row written: five for a sale's lines alone, about a fifth of
 * the database's CPU a sale. The journal writes these rows in the transaction of the row they point
 * to, never deletes one, and nothing deletes an advertiser, programme or publisher; the tests look
 * for rows pointing to nothing after every test server stops, on both databases ({@code
 * JournalReferences}). The other tables keep their keys: they are written rarely.
 */
public final class JournalForeignKeys implements JavaMigration {
  /** Table, column and table pointed to of each key dropped; each column begins another index. */
  public static final List<String[]> KEYS =
      List.of(
          new String[] {"conversion", "advertiser_id", "advertiser"},
          new String[] {"conversion", "programme_id", "programme"},
          new String[] {"conversion_line", "conversion_id", "conversion"},
          new String[] {"conversion_event", "conversion_id", "conversion"},
          new String[] {"fraud_signal", "conversion_id", "conversion"},
          new String[] {"commission", "conversion_id", "conversion"},
          new String[] {"commission", "programme_id", "programme"},
          new String[] {"commission", "publisher_id", "publisher"},
          new String[] {"commission_event", "commission_id", "commission"});

  private final int version;
  private final String database;

  private JournalForeignKeys(int version, String database) {
    this.version = version;
    this.database = database;
  }

  /** Migration 17: the keys on H2. */
  public static JournalForeignKeys onH2() {
    return new JournalForeignKeys(17, "H2");
  }

  /** Migration 21: the keys on PostgreSQL. */
  public static JournalForeignKeys onPostgres() {
    return new JournalForeignKeys(21, "PostgreSQL");
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(Integer.toString(version));
  }

  @Override
  public String getDescription() {
    return "journal foreign keys on " + database;
  }

  @Override
  public @Nullable Integer getChecksum() {
    return version;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (!product.contains(database.toLowerCase(Locale.ROOT))) {
      return;
    }
    for (String[] key : KEYS) {
      List<String> constraints =
          Sql.query(
              c,
              "SELECT tc.constraint_name FROM information_schema.table_constraints tc"
                  + " JOIN information_schema.key_column_usage k"
                  + " ON k.constraint_schema = tc.constraint_schema"
                  + " AND k.constraint_name = tc.constraint_name"
                  + " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = CURRENT_SCHEMA"
                  + " AND tc.table_name = ? AND k.column_name = ?",
              row -> Sql.requiredString(row, "constraint_name"),
              key[0],
              key[1]);
      for (String constraint : constraints) {
        Sql.update(c, "ALTER TABLE " + key[0] + " DROP CONSTRAINT \"" + constraint + "\"");
      }
    }
  }
}
