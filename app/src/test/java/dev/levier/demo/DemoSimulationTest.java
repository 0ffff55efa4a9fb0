package dev.levier.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.simulation.Market;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A month of a simulated market played through the real server's API, end to end: Levier must rank
 * the publisher types as the market's truth does, catch the planted fraud, and every total of the
 * summary must reconcile. Small enough to run in seconds, large enough that the holdout experiments
 * separate the reward sites.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class DemoSimulationTest {
  @Parameter TestDatabase database;

  @Test
  void levierFindsWhatTheMarketHolds() {
    Market market = Market.generate(DemoDriver.settings(3000, 30, 1, Instant.now()));
    try (TestServer server =
        TestServer.start(
            database,
            Map.of(
                "clock",
                "simulated",
                "http.rate-limit",
                "1000000",
                "http.rate-burst",
                "1000000"))) {
      StringWriter progress = new StringWriter();
      DemoSummary summary =
          new DemoDriver(
                  new DemoDriver.Options(server.baseUrl(), server.adminKey(), 16, 0),
                  market,
                  new PrintWriter(progress))
              .run();
      String text = text(summary);

      assertThat(summary.publisherTypes()).as(text).hasSize(6);
      for (DemoSummary.TypeRow row : summary.publisherTypes()) {
        assertThat(row.estimatedRank())
            .as(row.publisherType() + "\n" + text)
            .isEqualTo(row.trueRank());
      }
      for (DemoSummary.FraudRow row : summary.fraud()) {
        assertThat(row.planted()).as(row.kind()).isGreaterThanOrEqualTo(10);
        assertThat(new java.math.BigDecimal(String.valueOf(row.precision())))
            .as(row.kind() + " precision\n" + text)
            .isGreaterThanOrEqualTo(new java.math.BigDecimal("0.90"));
        assertThat(new java.math.BigDecimal(String.valueOf(row.recall())))
            .as(row.kind() + " recall\n" + text)
            .isGreaterThanOrEqualTo(new java.math.BigDecimal("0.90"));
      }
      DemoSummary.Reconciliation totals = summary.reconciliation();
      assertThat(totals.conversionsStored()).isEqualTo(totals.conversionsSent());
      assertThat(totals.conversionsSent()).isEqualTo(summary.run().conversionsSent());
      assertThat(totals.notLocked()).isZero();
      assertThat(totals.commission()).isNotEmpty();
      for (DemoSummary.CurrencyCheck check : totals.commission()) {
        assertThat(check.ledger()).as(check.currency() + "\n" + text).isEqualTo(check.commission());
      }
      assertThat(totals.reconciled()).isTrue();
      assertThat(progress.toString()).contains("100%");

      // The server keeps the summary as it was written.
      JsonNode kept = server.admin().get("/api/v1/demo/summary").json().path("summary");
      assertThat(kept.path("reconciliation").path("conversionsStored").asInt())
          .isEqualTo(totals.conversionsStored());
      assertThat(kept.path("publisherTypes").size()).isEqualTo(6);
    }
  }

  private static String text(DemoSummary summary) {
    StringWriter out = new StringWriter();
    DemoSummaryText.print(summary, new PrintWriter(out));
    return out.toString();
  }
}
