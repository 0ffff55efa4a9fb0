package dev.levier.testing;

import dev.levier.analytics.SaleRollups;
import dev.levier.storage.Sql;
import java.time.Instant;
import java.util.List;

/** Sets up the sale rollups of a programme for tests of how they are rebuilt. */
public final class Rollups {

  private Rollups() {}

  /** The row id of a programme. */
  public static long programmeRow(TestServer server, String programmeId) {
    return ((Number)
            server
                .rows("SELECT id FROM programme WHERE public_id = ?", programmeId)
                .get(0)
                .get("id"))
        .longValue();
  }

  /**
   * Wipes a programme's sale rollups and records one change over a long range, as a month close
   * does, so that what each refresh rebuilds shows. A range that ends in the future is left alone
   * by the server's background round, which takes only quarters that are over.
   */
  public static void wipeAndChange(TestServer server, long programmeRow, Instant from, Instant to) {
    server
        .levier()
        .database()
        .transaction(
            c -> {
              Sql.update(c, "DELETE FROM sale_rollup WHERE programme_id = ?", programmeRow);
              SaleRollups.changed(c, List.of(new SaleRollups.Change(programmeRow, from, to)));
              return null;
            });
  }
}
