package dev.levier.testing;

import dev.levier.storage.Database;
import dev.levier.storage.JournalForeignKeys;
import dev.levier.storage.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the conversion journal that point to nothing. Migrations 17 and 21 dropped the journal's
 * foreign keys for speed, on H2 and on PostgreSQL; this check stands in for them, on both, after
 * every test server has stopped.
 */
public final class JournalReferences {
  private JournalReferences() {}

  /** One line per key with rows pointing to a missing row; empty when every reference holds. */
  public static List<String> broken(Database database) {
    return database.transaction(
        c -> {
          List<String> broken = new ArrayList<>();
          for (String[] key : JournalForeignKeys.KEYS) {
            long rows =
                Sql.queryOne(
                        c,
                        "SELECT COUNT(*) FROM "
                            + key[0]
                            + " x WHERE x."
                            + key[1]
                            + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                            + key[2]
                            + " p WHERE p.id = x."
                            + key[1]
                            + ")",
                        r -> r.getLong(1))
                    .orElse(0L);
            if (rows > 0) {
              broken.add(rows + " rows of " + key[0] + " whose " + key[1] + " is no " + key[2]);
            }
          }
          return broken;
        });
  }
}
