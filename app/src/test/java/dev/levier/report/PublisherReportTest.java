package dev.levier.report;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.sale;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.analytics.SaleRollups;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.Rollups;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each publisher brings, from the sale rollups, on both databases. */
class PublisherReportTest extends NetworkTest {

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));
  private static final String PERIOD = "from=" + TODAY.minusDays(1) + "&to=" + TODAY.plusDays(1);

  /**
   * Two sales for X (a new customer, then the same customer back, 20.00 returned), one for Y,
   * cancelled.
   */
  private static String programmeWithSales() {
    String programme = programme();
    publishedRules(
        programme,
        Map.of(
            "name",
            "Ten percent",
            "rules",
            List.of(Map.of("id", "all", "name", "Everyone", "pay", Map.of("percent", "10")))),
        Instant.now().minusSeconds(3600));
    String x = partnership(programme, network.pubX());
    String y = partnership(programme, network.pubY());
    String customer = "RPT-" + System.nanoTime();
    String first = sale(programme, click(x), customer, now()).id();
    sale(programme, click(x), customer, now());
    String cancelled = sale(programme, click(y), customer + "-Y", now()).id();
    Api.Response returned =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + first,
                Map.of(
                    "action",
                    "return",
                    "reason",
                    "customer_return",
                    "lines",
                    List.of(Map.of("lineNo", 2, "amount", "20.00"))));
    assertThat(returned.status()).as(returned.toString()).isEqualTo(200);
    Api.Response cancel =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + cancelled,
                Map.of("action", "cancel", "reason", "payment_failed"));
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
    return programme;
  }

  private static Map<String, JsonNode> byPublisher(Api.Response report) {
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    Map<String, JsonNode> rows = new HashMap<>();
    report.json().path("rows").forEach(r -> rows.put(r.path("publisherId").asText(), r));
    return rows;
  }

  @Test
  void eachPublishersSalesCostAndCustomersAddUpFromTheRollups() {
    String programme = programmeWithSales();

    Map<String, JsonNode> rows =
        byPublisher(
            network
                .asAdvA()
                .get("/api/v1/reports/publishers?" + PERIOD + "&programmeId=" + programme));

    JsonNode x = rows.get(network.pubX());
    assertThat(x.path("clicks").asLong()).isEqualTo(2);
    assertThat(x.path("conversions").asLong()).isEqualTo(2);
    assertThat(x.path("conversionRate").asText()).isEqualTo("1.0000");
    assertThat(x.path("currency").asText()).isEqualTo("EUR");
    // 320.00 twice, 20.00 of the first returned; 10% of each, the return taking back 2.00.
    assertThat(x.path("revenue").asText()).isEqualTo("620.00");
    assertThat(x.path("commission").asText()).isEqualTo("62.00");
    assertThat(x.path("epc").asText()).isEqualTo("31.00");
    assertThat(x.path("averageOrderValue").asText()).isEqualTo("310.00");
    assertThat(x.path("costOfSale").asText()).isEqualTo("0.1000");
    assertThat(x.path("roas").asText()).isEqualTo("10.0000");
    assertThat(x.path("newCustomers").asLong()).isEqualTo(1);
    assertThat(x.path("returningCustomers").asLong()).isEqualTo(1);
    assertThat(x.path("newCustomerShare").asText()).isEqualTo("0.5000");
    // 20.00 of 640.00 ordered: 0.03125, rounded half-even.
    assertThat(x.path("returnRate").asText()).isEqualTo("0.0312");
    assertThat(x.path("roles").path("closed").asLong()).isEqualTo(2);
    // Both sales came seconds after their click.
    assertThat(x.path("timeToConversion").path("withinHour").asLong()).isEqualTo(2);
    assertThat(x.path("timeToConversion").path("longer").asLong()).isZero();
    JsonNode y = rows.get(network.pubY());
    assertThat(y.path("conversions").asLong()).isZero();
    assertThat(y.path("cancelled").asLong()).isEqualTo(1);
    assertThat(y.path("cancellationRate").asText()).isEqualTo("1.0000");
    assertThat(y.path("commission").asText()).isEqualTo("0.00");
  }

  @Test
  void aPublisherSeesItsOwnRowOnlyAndTypesGroupTheRest() {
    String programme = programmeWithSales();

    Map<String, JsonNode> own =
        byPublisher(network.asPubX().get("/api/v1/reports/publishers?" + PERIOD));
    Api.Response byType =
        network
            .asAdvA()
            .get(
                "/api/v1/reports/publishers?"
                    + PERIOD
                    + "&groupBy=publisherType&interval=day&programmeId="
                    + programme);

    assertThat(own).containsOnlyKeys(network.pubX());
    assertThat(byType.status()).as(byType.toString()).isEqualTo(200);
    JsonNode first = byType.json().path("rows").get(0);
    assertThat(first.path("period").asText()).isEqualTo(TODAY.toString());
    assertThat(first.path("publisherType").asText()).isIn("content", "voucher");
  }

  @Test
  void twoPeriodsAreSetSideBySideAndTheReportExportsAsCsv() {
    String programme = programmeWithSales();

    Api.Response compared =
        network
            .asAdvA()
            .get(
                "/api/v1/reports/publishers?"
                    + PERIOD
                    + "&compareFrom="
                    + TODAY.minusDays(30)
                    + "&compareTo="
                    + TODAY.minusDays(2)
                    + "&programmeId="
                    + programme);
    Api.Response csv =
        network
            .asAdvA()
            .get("/api/v1/reports/publishers?" + PERIOD + "&format=csv&programmeId=" + programme);

    JsonNode x = byPublisher(compared).get(network.pubX());
    assertThat(x.has("previous")).isTrue();
    assertThat(x.path("previous").isNull()).isTrue();
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.text()).startsWith("period,programmeId,publisherId,");
    assertThat(csv.text()).contains("," + network.pubX() + ",");
  }

  @Test
  void theBackgroundRoundLeavesTheQuarterUnderWayForLaterAndAReportTakesItAll() {
    String programme = programme();
    sale(programme, click(partnership(programme, network.pubX())), "Q-" + System.nanoTime(), now());
    dev.levier.analytics.SaleRollups rollups = server.levier().services().saleRollups();
    String count =
        "SELECT COUNT(*) AS n FROM sale_rollup s JOIN programme g ON g.id = s.programme_id"
            + " WHERE g.public_id = ?";

    rollups.refreshEnded(Instant.now());
    Object before = server.rows(count, programme).get(0).get("n");
    rollups.refresh();
    Object after = server.rows(count, programme).get(0).get("n");

    assertThat(((Number) before).longValue()).isZero();
    assertThat(((Number) after).longValue()).isEqualTo(1);
  }

  private static long rollupRows(String programme) {
    return ((Number)
            server
                .rows(
                    "SELECT COUNT(*) AS n FROM sale_rollup s JOIN programme g"
                        + " ON g.id = s.programme_id WHERE g.public_id = ?",
                    programme)
                .get(0)
                .get("n"))
        .longValue();
  }

  @Test
  void aReportBringsUpToDateOnlyTheProgrammesItReads() {
    String read = programme();
    String other = programme();
    sale(read, click(partnership(read, network.pubX())), "S-" + System.nanoTime(), now());
    sale(other, click(partnership(other, network.pubX())), "S-" + System.nanoTime(), now());
    SaleRollups rollups = server.levier().services().saleRollups();

    Api.Response report =
        network.asAdvA().get("/api/v1/reports/publishers?" + PERIOD + "&programmeId=" + read);
    long otherBefore = rollupRows(other);
    rollups.refresh();

    assertThat(byPublisher(report).get(network.pubX()).path("conversions").asLong()).isEqualTo(1);
    assertThat(rollupRows(read)).isEqualTo(1);
    assertThat(otherBefore).isZero();
    assertThat(rollupRows(other)).isEqualTo(1);
  }

  @Test
  void aLongChangeIsRebuiltInsideTheScopeAndTheRestIsLeftForLaterNotLost() {
    String programme = programme();
    String x = partnership(programme, network.pubX());
    Instant now = Instant.now();
    sale(programme, click(x), "L-" + System.nanoTime(), now);
    sale(programme, click(x), "L-" + System.nanoTime(), now.minus(Duration.ofDays(20)));
    SaleRollups rollups = server.levier().services().saleRollups();
    rollups.refresh();
    long row = Rollups.programmeRow(server, programme);
    // Ends tomorrow, so the server's background round leaves it to this test.
    Rollups.wipeAndChange(
        server, row, now.minus(Duration.ofDays(40)), now.plus(Duration.ofDays(1)));

    rollups.refresh(
        new SaleRollups.Scope(
            Set.of(row), now.minus(Duration.ofDays(21)), now.minus(Duration.ofDays(19))));
    long inScope = rollupRows(programme);
    List<Map<String, Object>> left =
        server.rows(
            "SELECT from_at FROM rollup_change WHERE programme_id = ? AND to_at > ?",
            row,
            now.atOffset(java.time.ZoneOffset.UTC));
    rollups.refresh();

    assertThat(inScope).isEqualTo(1);
    assertThat(left).hasSize(1);
    assertThat(rollupRows(programme)).isEqualTo(2);
  }

  @Test
  void aWrongParameterIsNamed() {
    Api.Response groupBy =
        network.asAdvA().get("/api/v1/reports/publishers?" + PERIOD + "&groupBy=colour");
    Api.Response interval =
        network
            .asAdvA()
            .get(
                "/api/v1/reports/publishers?"
                    + PERIOD
                    + "&interval=day&compareFrom=2026-01-01&compareTo=2026-01-31");
    Api.Response half =
        network.asAdvA().get("/api/v1/reports/publishers?" + PERIOD + "&compareFrom=2026-01-01");

    assertThat(groupBy.status()).isEqualTo(400);
    assertThat(groupBy.json().path("detail").asText()).contains("groupBy");
    assertThat(interval.status()).isEqualTo(400);
    assertThat(interval.json().path("detail").asText()).contains("interval");
    assertThat(half.status()).isEqualTo(400);
    assertThat(half.json().path("detail").asText()).contains("compareTo");
  }
}
