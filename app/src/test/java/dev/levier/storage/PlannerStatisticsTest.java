package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class PlannerStatisticsTest {
  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;
  private PlannerStatistics statistics;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.migrated(kind);
    database = scratch.database();
    statistics =
        new PlannerStatistics(
            database, List.of("conversion (advertiser_id, order_id)", "customer"));
  }

  @AfterEach
  void close() {
    statistics.close();
    scratch.close();
  }

  private long awaitAnalyses(long expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (statistics.analyses() < expected && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    while (statistics.analyzing() && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    return statistics.analyses();
  }

  @Test
  void anOwnerThatGrowsIsAnalyzedOnPostgresAndAgainOnlyAfterItGrowsEnough()
      throws InterruptedException {
    boolean postgres = database.kind() == DatabaseSettings.Kind.POSTGRESQL;

    statistics.inserted("adv_a", 999);
    long beforeTheThreshold = awaitAnalyses(0);
    statistics.inserted("adv_a", 1);
    long atTheThreshold = awaitAnalyses(postgres ? 1 : 0);
    statistics.inserted("adv_a", 199);
    long underAFifthMore = awaitAnalyses(atTheThreshold);
    statistics.inserted("adv_a", 1_000);
    long afterAThousandMore = awaitAnalyses(postgres ? 2 : 0);

    assertThat(beforeTheThreshold).isZero();
    assertThat(atTheThreshold).isEqualTo(postgres ? 1 : 0);
    assertThat(underAFifthMore).isEqualTo(atTheThreshold);
    assertThat(afterAThousandMore).isEqualTo(postgres ? 2 : 0);
    if (postgres) {
      List<Object> analyzed =
          database.transaction(
              c ->
                  Sql.query(
                      c,
                      "SELECT last_analyze FROM pg_stat_user_tables"
                          + " WHERE relname = 'conversion' AND schemaname = current_schema()",
                      r -> r.getObject(1)));
      assertThat(analyzed).hasSize(1).doesNotContainNull();
    }
  }

  @Test
  void aNewOwnerOnABigTableIsAnalyzedOnceItHasAThousandRows() throws InterruptedException {
    boolean postgres = database.kind() == DatabaseSettings.Kind.POSTGRESQL;
    statistics.inserted("adv_big", 100_000);
    long first = awaitAnalyses(postgres ? 1 : 0);

    statistics.inserted("adv_new", 1_000);
    long second = awaitAnalyses(postgres ? 2 : 0);

    assertThat(first).isEqualTo(postgres ? 1 : 0);
    assertThat(second).isEqualTo(postgres ? 2 : 0);
  }
}
