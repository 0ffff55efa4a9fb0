package dev.levier.analytics;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.sale;
import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.NetworkTest;
import dev.levier.testing.Rollups;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the rollup refresher works through changes, on both databases. */
class SaleRollupsTest extends NetworkTest {

  private static List<Map<String, Object>> rollups(long programme) {
    return server.rows(
        "SELECT occurred_quarter, conversions FROM sale_rollup WHERE programme_id = ?"
            + " ORDER BY occurred_quarter",
        programme);
  }

  @Test
  void aLongChangeIsWorkedThroughInRoundsOfBoundedSizeToTheSameRollupsAsOneGo() {
    String programme = programme();
    String x = partnership(programme, network.pubX());
    Instant now = Instant.now();
    for (int day = 1; day <= 5; day++) {
      sale(programme, click(x), "R-" + System.nanoTime(), now.minus(Duration.ofDays(day * 3L)));
    }
    server.levier().services().saleRollups().refresh();
    long row = Rollups.programmeRow(server, programme);
    List<Map<String, Object>> inOneGo = rollups(row);
    // Ends tomorrow, so the server's background round leaves it to this test.
    Rollups.wipeAndChange(
        server, row, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(1)));
    SaleRollups smallRounds =
        new SaleRollups(server.levier().database(), server.levier().services().index(), 2);

    int rebuilt =
        smallRounds.refresh(
            new SaleRollups.Scope(
                Set.of(row), now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(1))));

    assertThat(rebuilt).isEqualTo(5);
    assertThat(new ArrayList<>(rollups(row))).isEqualTo(inOneGo).hasSize(5);
    assertThat(server.rows("SELECT id FROM rollup_change WHERE programme_id = ?", row)).isEmpty();
  }
}
