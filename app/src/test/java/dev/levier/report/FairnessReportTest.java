package dev.levier.report;

import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.phoneAndBook;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Value against pay, and coupon interception, on both databases. */
class FairnessReportTest extends NetworkTest {
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0";
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));
  private static final String PERIOD = "from=" + TODAY.minusDays(1) + "&to=" + TODAY.plusDays(1);

  private static String[] click(String partnership, @Nullable String visitor) {
    Api.Response link = server.admin().post("/api/v1/links", Map.of("partnershipId", partnership));
    String path = link.json().path("trackingUrl").asText().substring(server.baseUrl().length());
    Map<String, String> headers = new HashMap<>(Map.of("User-Agent", BROWSER));
    if (visitor != null) {
      headers.put("Cookie", "lv_vid=" + visitor);
    }
    Api.Response response = server.anonymous().send("GET", path, null, headers);
    String query = URI.create(response.header("Location")).getRawQuery();
    String cookie = response.header("Set-Cookie").split(";")[0].substring("lv_vid=".length());
    return new String[] {query.substring(query.indexOf("lvclid=") + 7), cookie};
  }

  private static void sale(String programme, String[] click, String customer) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "FAIR-" + System.nanoTime());
    body.put("orderedAt", now().toString());
    body.put("currency", "EUR");
    body.put("total", "320.00");
    body.put("clickId", click[0]);
    body.put("visitorId", click[1]);
    body.put("customerRef", customer);
    body.put("lines", phoneAndBook());
    Api.Response response = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
  }

  @Test
  void theVoucherSiteThatClosedWhatTheBlogBroughtIsPaidMoreThanItBrings() {
    String programme = programme();
    publishedRules(
        programme,
        Map.of(
            "name",
            "Ten percent",
            "rules",
            List.of(Map.of("id", "all", "name", "Everyone", "pay", Map.of("percent", "10")))),
        Instant.now().minusSeconds(3600));
    String blog = partnership(programme, network.pubX());
    String voucher = partnership(programme, network.pubY());
    String[] first = click(blog, null);
    sale(programme, click(voucher, first[1]), "F-" + System.nanoTime());
    sale(programme, click(blog, null), "G-" + System.nanoTime());

    Api.Response response =
        network
            .asAdvA()
            .get("/api/v1/programmes/" + programme + "/fairness?" + PERIOD + "&model=markov");

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    Map<String, JsonNode> rows = new HashMap<>();
    response.json().path("publishers").forEach(r -> rows.put(r.path("publisherId").asText(), r));
    // Markov on blog > voucher (a sale) and blog (a sale): removal effects 1 and 0.5, so the blog
    // brought two thirds of the value; each was paid one of the two 32.00 commissions.
    JsonNode blogRow = rows.get(network.pubX());
    JsonNode voucherRow = rows.get(network.pubY());
    assertThat(blogRow.path("valueShare").asText()).isEqualTo("0.6667");
    assertThat(blogRow.path("commissionShare").asText()).isEqualTo("0.5000");
    assertThat(blogRow.path("valueToPay").asText()).isEqualTo("1.3333");
    assertThat(voucherRow.path("valueToPay").asText()).isEqualTo("0.6667");
    assertThat(voucherRow.path("newCustomersToPay").asText()).isEqualTo("1.0000");
    assertThat(voucherRow.path("intercepted").asLong()).isEqualTo(1);
    assertThat(blogRow.path("interceptedFrom").asLong()).isEqualTo(1);
    assertThat(response.json().path("interceptions").asLong()).isEqualTo(1);
    assertThat(response.json().path("publisherTypes").size()).isEqualTo(2);
    Api.Response csv =
        network
            .asAdvA()
            .get("/api/v1/programmes/" + programme + "/fairness?" + PERIOD + "&format=csv");
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.text())
        .startsWith("publisherId,publisherType,contributedValue,valueShare,")
        .contains(network.pubX() + ",content,");
  }

  @Test
  void theAdviceProposesRatesByValueToPayAsADraftAndReplaysThePeriod() {
    String programme = programme();
    publishedRules(
        programme,
        Map.of(
            "name",
            "Ten percent",
            "rules",
            List.of(Map.of("id", "all", "name", "Everyone", "pay", Map.of("percent", "10")))),
        Instant.now().minusSeconds(3600));
    String blog = partnership(programme, network.pubX());
    String voucher = partnership(programme, network.pubY());
    String[] first = click(blog, null);
    sale(programme, click(voucher, first[1]), "H-" + System.nanoTime());
    sale(programme, click(blog, null), "I-" + System.nanoTime());

    Api.Response advice =
        network
            .asAdvA()
            .post(
                "/api/v1/programmes/" + programme + "/commission-advice",
                Map.of("from", TODAY.minusDays(1).toString(), "to", TODAY.plusDays(1).toString()));

    assertThat(advice.status()).as(advice.toString()).isEqualTo(200);
    Map<String, JsonNode> types = new HashMap<>();
    advice
        .json()
        .path("publisherTypes")
        .forEach(t -> types.put(t.path("publisherType").asText(), t));
    // The blog brought two thirds of the value for half the pay: 10% becomes 13.33%; the
    // voucher site the other way round: 6.67%.
    assertThat(types.get("content").path("proposedPercent").asText()).isEqualTo("13.33");
    assertThat(types.get("voucher").path("proposedPercent").asText()).isEqualTo("6.67");
    assertThat(advice.json().path("ruleSetId").asText()).startsWith("rst_");
    // Replayed: the voucher site's sale at 6.67% (21.34), the blog's at 13.33% (42.66).
    assertThat(advice.json().path("costBefore").asText()).isEqualTo("64.00");
    assertThat(advice.json().path("costAfter").asText()).isEqualTo("64.00");
    assertThat(advice.json().path("expectedNewCustomersAfter").asDouble()).isEqualTo(2.0);
    assertThat(types.get("content").path("expectedNewCustomers").asDouble()).isEqualTo(1.2);
    Api.Response draft =
        network
            .asAdvA()
            .get(
                "/api/v1/programmes/"
                    + programme
                    + "/rulesets/"
                    + advice.json().path("ruleSetId").asText());
    assertThat(draft.json().path("status").asText()).isEqualTo("draft");
    Api.Response missing =
        network.asAdvA().post("/api/v1/programmes/" + programme + "/commission-advice", Map.of());
    assertThat(missing.status()).isEqualTo(422);
    assertThat(
            network
                .asPubX()
                .post("/api/v1/programmes/" + programme + "/commission-advice", Map.of())
                .status())
        .isEqualTo(403);
  }

  @Test
  void onlyTheAdvertiserReadsItAndAWrongParameterIsNamed() {
    String programme = programme();
    String path = "/api/v1/programmes/" + programme + "/fairness?" + PERIOD;

    assertThat(network.asPubX().get(path).status()).isEqualTo(403);
    assertThat(network.asAdvB().get(path).status()).isEqualTo(404);
    Api.Response model = network.asAdvA().get(path + "&model=magic");
    assertThat(model.status()).isEqualTo(400);
    assertThat(model.json().path("detail").asText()).contains("model");
    Api.Response minutes = network.asAdvA().get(path + "&interceptionMinutes=0");
    assertThat(minutes.status()).isEqualTo(400);
    assertThat(minutes.json().path("detail").asText()).contains("interceptionMinutes");
  }
}
