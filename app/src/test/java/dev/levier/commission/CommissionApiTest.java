package dev.levier.commission;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.commissionOf;
import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.readmeRules;
import static dev.levier.testing.Sales.rulesPath;
import static dev.levier.testing.Sales.sale;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule sets written, published and applied to incoming sales, on both databases. */
class CommissionApiTest extends NetworkTest {

  @Test
  void aDraftIsStoredAsWrittenAndReadBack() {
    String programme = programme();
    Api.Response created = network.asAdvA().post(rulesPath(programme), readmeRules());

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode rules = created.json();
    assertThat(created.id()).startsWith("rst_");
    assertThat(rules.path("status").asText()).isEqualTo("draft");
    assertThat(rules.path("publishedVersion").isNull()).isTrue();
    assertThat(rules.path("currency").asText()).isEqualTo("EUR");
    assertThat(rules.path("timeZone").asText()).isEqualTo("Europe/Paris");
    assertThat(rules.path("resolution").asText()).isEqualTo("highest_paying");
    assertThat(rules.path("rules").get(1).path("when").path("customerStatus").toString())
        .isEqualTo("[\"returning\",\"lapsed\"]");
    assertThat(rules.path("caps").get(0).path("max").asText()).isEqualTo("20.00");
    Api.Response read = network.asAdvA().get(rulesPath(programme) + "/" + created.id());
    assertThat(read.json()).isEqualTo(rules);
  }

  @Test
  void everyMistakeInARuleSetIsNamedByItsPath() {
    String programme = programme();
    Map<String, Object> bad =
        Map.of(
            "name",
            "Broken",
            "rules",
            List.of(
                Map.of(
                    "id", "a",
                    "when",
                        Map.of(
                            "all",
                            List.of(
                                Map.of("customerStatus", List.of("loyal")),
                                Map.of("category", List.of(" > Phones")))),
                    "pay", Map.of("percent", "150")),
                Map.of(
                    "id", "a",
                    "when", Map.of("colour", List.of("red")),
                    "pay", Map.of("percent", "5", "fixedPerOrder", "1.00"))));

    Api.Response response = network.asAdvA().post(rulesPath(programme), bad);

    assertThat(response.status()).as(response.toString()).isEqualTo(422);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .contains(
            "rules[0].when.all[0].customerStatus[0]",
            "rules[0].when.all[1].category[0]",
            "rules[0].pay.percent",
            "rules[1].when.colour",
            "rules[1].pay");
    assertThat(server.rows("SELECT id FROM rule_set WHERE name = 'Broken'")).isEmpty();
  }

  @Test
  void nullsWhereRulesNeedValuesAreRefusedByName() {
    String programme = programme();
    String body =
        "{\"name\":\"Nulls\",\"resolution\":null,\"rules\":[{\"id\":\"a\","
            + "\"when\":{\"not\":null},\"pay\":{\"percent\":null}}],"
            + "\"caps\":[{\"id\":\"c\",\"lines\":{\"coupon\":null},\"max\":\"5.00\"}]}";

    Api.Response response =
        network
            .asAdvA()
            .send("POST", rulesPath(programme), body, Map.of("Content-Type", "application/json"));

    assertThat(response.status()).as(response.toString()).isEqualTo(422);
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .contains("rules[0].when.not", "rules[0].pay.percent", "caps[0].lines.coupon");
  }

  @Test
  void onlyTheAdvertiserWritesRulesAndPublishersSeeOnlyPublishedOnes() {
    String programme = programme();
    partnership(programme, network.pubX());
    assertThat(network.asPubX().post(rulesPath(programme), readmeRules()).status()).isEqualTo(403);
    assertThat(network.asAdvB().post(rulesPath(programme), readmeRules()).status()).isEqualTo(404);
    Api.Response draft = network.asAdvA().post(rulesPath(programme), readmeRules());
    assertThat(network.asPubX().get(rulesPath(programme) + "/" + draft.id()).status())
        .isEqualTo(404);
    assertThat(network.asPubX().get(rulesPath(programme)).json().path("data").size()).isZero();

    network
        .asAdvA()
        .post(rulesPath(programme) + "/" + draft.id() + "/publish", Map.of("version", 1));

    Api.Response seen = network.asPubX().get(rulesPath(programme) + "/" + draft.id());
    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.json().path("publishedVersion").asInt()).isEqualTo(1);
  }

  @Test
  void aPublishedVersionNeverChangesAndVersionsCountUp() {
    String programme = programme();
    String first = publishedRules(programme, readmeRules(), now().minusSeconds(60));

    Api.Response edit =
        network
            .asAdvA()
            .patch(rulesPath(programme) + "/" + first, Map.of("version", 2, "name", "Changed"));
    assertThat(edit.status()).as(edit.toString()).isEqualTo(409);
    Api.Response again =
        network
            .asAdvA()
            .post(rulesPath(programme) + "/" + first + "/publish", Map.of("version", 2));
    assertThat(again.status()).isEqualTo(409);

    Api.Response second = network.asAdvA().post(rulesPath(programme), readmeRules());
    Api.Response renamed =
        network
            .asAdvA()
            .patch(
                rulesPath(programme) + "/" + second.id(), Map.of("version", 1, "caps", List.of()));
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().path("caps").size()).isZero();
    assertThat(renamed.json().path("rules").size()).isEqualTo(2);
    Api.Response published =
        network
            .asAdvA()
            .post(rulesPath(programme) + "/" + second.id() + "/publish", Map.of("version", 2));
    assertThat(published.json().path("publishedVersion").asInt()).isEqualTo(2);
  }

  @Test
  void aSaleEarnsByTheRulesInEffectWithItsExplanation() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    String rules = publishedRules(programme, readmeRules(), now().minusSeconds(60));

    Api.Response first = sale(programme, click(partnership), "cust-1", now());
    JsonNode newCustomer = commissionOf(first.id());

    // 10% of 300.00 is 30.00, capped at 20.00 for electronics; 10% of the book is 2.00.
    assertThat(newCustomer.path("amount").asText()).isEqualTo("22.00");
    assertThat(newCustomer.path("currency").asText()).isEqualTo("EUR");
    assertThat(newCustomer.path("status").asText()).isEqualTo("pending");
    assertThat(newCustomer.path("ruleSetId").asText()).isEqualTo(rules);
    assertThat(newCustomer.path("ruleSetVersion").asInt()).isEqualTo(1);
    assertThat(newCustomer.path("publisherId").asText()).isEqualTo(network.pubX());
    JsonNode phone = newCustomer.path("parts").get(0);
    assertThat(phone.path("ruleId").asText()).isEqualTo("new");
    assertThat(phone.path("uncapped").asText()).isEqualTo("30.00");
    assertThat(phone.path("amount").asText()).isEqualTo("20.00");
    assertThat(phone.path("explanation").asText())
        .contains("New customers", "10% of the line", "customer is new", "Capped");

    Api.Response single =
        network.asPubX().get("/api/v1/commissions/" + newCustomer.path("id").asText());
    assertThat(single.status()).isEqualTo(200);
    assertThat(single.json().path("explanation").size()).isEqualTo(2);
    assertThat(
            network.asAdvB().get("/api/v1/commissions/" + newCustomer.path("id").asText()).status())
        .isEqualTo(404);

    Api.Response second = sale(programme, click(partnership), "cust-1", now().plusSeconds(2));
    JsonNode returning = commissionOf(second.id());
    // 4% of 300.00 is 12.00 (under the cap), 4% of 20.00 is 0.80.
    assertThat(returning.path("amount").asText()).isEqualTo("12.80");
    assertThat(returning.path("parts").get(0).path("ruleId").asText()).isEqualTo("returning");
  }

  @Test
  void aCommissionKeepsItsPartsWithoutTheirSentencesAndReadsTheSameAsOneStoredWithThem() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    publishedRules(programme, readmeRules(), now().minusSeconds(60));
    Api.Response sale = sale(programme, click(partnership), "cust-sentences", now());
    JsonNode shown = commissionOf(sale.id());
    String id = shown.path("id").asText();
    String stored =
        (String)
            server.rows("SELECT parts FROM commission WHERE public_id = ?", id).get(0).get("parts");
    assertThat(stored).doesNotContain("explanation").contains("\"ruleId\":\"new\"");
    assertThat(shown.path("parts").get(0).path("explanation").asText())
        .isEqualTo(
            "Line 1 earns EUR 20.00 under rule new \"New customers\" (version 1): 10% of the"
                + " line, on EUR 300.00, because customer is new. Capped: "
                + shown.path("parts").get(0).path("capNote").asText()
                + ".");

    // A row written before the sentences were dropped from storage has them in its JSON, as the
    // API shows the parts: it still reads, and its sentences are written again from the fields.
    com.fasterxml.jackson.databind.node.ArrayNode old = shown.path("parts").deepCopy();
    old.forEach(
        part ->
            ((com.fasterxml.jackson.databind.node.ObjectNode) part)
                .put("explanation", "words stored with the row"));
    server.update("UPDATE commission SET parts = ? WHERE public_id = ?", old.toString(), id);

    JsonNode reread = network.asAdvA().get("/api/v1/commissions/" + id).json();
    assertThat(reread.path("parts")).isEqualTo(shown.path("parts"));
    assertThat(reread.path("explanation")).isEqualTo(shown.path("explanation"));
  }

  @Test
  void aSaleBeforeAnyRulesTookEffectEarnsNothingAndSaysWhy() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    publishedRules(programme, readmeRules(), now().plusSeconds(3_600));

    Api.Response sale = sale(programme, click(partnership), "cust-early", now());

    assertThat(
            server
                .admin()
                .get("/api/v1/commissions?conversionId=" + sale.id())
                .json()
                .path("data")
                .size())
        .isZero();
    assertThat(sale.json().path("attributionNotes").toString())
        .contains("no published rule set in effect");
  }

  @Test
  void aSimulationSetsADraftsCostBesideWhatWasPaidWithoutTouchingCommissions() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    Instant start = now().minusSeconds(60);
    publishedRules(programme, readmeRules(), start);
    sale(programme, click(partnership), "sim-1", now());
    sale(programme, click(partnership), "sim-1", now().plusSeconds(2));
    Map<String, Object> flat =
        Map.of(
            "name",
            "Flat 5%",
            "rules",
            List.of(Map.of("id", "all", "name", "Everyone", "pay", Map.of("percent", "5"))));
    Api.Response draft = network.asAdvA().post(rulesPath(programme), flat);
    List<Map<String, Object>> before = server.rows("SELECT * FROM commission ORDER BY id");

    Api.Response simulated =
        network
            .asAdvA()
            .post(
                rulesPath(programme) + "/" + draft.id() + "/simulate",
                Map.of("from", start.toString(), "to", now().plusSeconds(60).toString()));

    assertThat(simulated.status()).as(simulated.toString()).isEqualTo(200);
    JsonNode result = simulated.json();
    assertThat(result.path("conversions").asLong()).isEqualTo(2);
    // Paid: 22.00 + 12.80. Under 5% of 320.00 twice: 32.00.
    assertThat(result.path("before").asText()).isEqualTo("34.80");
    assertThat(result.path("after").asText()).isEqualTo("32.00");
    assertThat(result.path("change").asText()).isEqualTo("-2.80");
    JsonNode publisher = result.path("byPublisher").get(0);
    assertThat(publisher.path("publisherId").asText()).isEqualTo(network.pubX());
    assertThat(publisher.path("publisherType").asText()).isEqualTo("content");
    assertThat(result.path("byPublisherType").get(0).path("after").asText()).isEqualTo("32.00");
    assertThat(server.rows("SELECT * FROM commission ORDER BY id")).isEqualTo(before);

    Api.Response backwards =
        network
            .asAdvA()
            .post(
                rulesPath(programme) + "/" + draft.id() + "/simulate",
                Map.of("from", now().toString(), "to", start.toString()));
    assertThat(backwards.status()).isEqualTo(422);
    assertThat(backwards.json().path("errors").get(0).path("field").asText()).isEqualTo("to");
  }

  @Test
  void anExpressionIsCheckedWhenSavedAndPaysWhereItHolds() {
    String programme = programme();
    Map<String, Object> misspelt =
        Map.of(
            "name",
            "Typo",
            "rules",
            List.of(
                Map.of(
                    "id", "big",
                    "when", Map.of("expression", "order.value > 10000 && custmer.status == 'new'"),
                    "pay", Map.of("percent", "3"))));
    Api.Response refused = network.asAdvA().post(rulesPath(programme), misspelt);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    JsonNode error = refused.json().path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("rules[0].when.expression");
    assertThat(error.path("reason").asText()).contains("column", "custmer");

    String partnership = partnership(programme, network.pubX());
    publishedRules(
        programme,
        Map.of(
            "name",
            "Phones only",
            "rules",
            List.of(
                Map.of(
                    "id",
                    "phones",
                    "name",
                    "Phones over 100",
                    "when",
                    Map.of(
                        "expression",
                        "'Electronics > Phones' in line.categories && line.unitPrice >= 10000"),
                    "pay",
                    Map.of("fixedPerUnit", "7.50")))),
        now().minusSeconds(60));

    JsonNode commission = commissionOf(sale(programme, click(partnership), "expr-1", now()).id());

    assertThat(commission.path("amount").asText()).isEqualTo("7.50");
    assertThat(commission.path("parts").get(1).path("ruleId").isNull()).isTrue();
  }

  @Test
  void aRenewalOfASubscriptionPaysByItsOwnRule() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    publishedRules(
        programme,
        Map.of(
            "name",
            "Subscriptions",
            "rules",
            List.of(
                Map.of(
                    "id", "first",
                    "when", Map.of("subscription", "first"),
                    "pay", Map.of("fixedPerOrder", "15.00")),
                Map.of(
                    "id", "renewal",
                    "when", Map.of("subscription", "renewal"),
                    "pay", Map.of("fixedPerOrder", "2.00")))),
        now().minusSeconds(60));
    // The click before the order's time is taken: an order time taken first fell, once in about
    // twenty runs (when taken in the last 50 ms of a second), before the click, which then could
    // not credit the sale, and the sale earned nothing.
    String clickId = click(partnership);
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "SUB-" + System.nanoTime());
    body.put("orderedAt", now().toString());
    body.put("currency", "EUR");
    body.put("total", "9.99");
    body.put("clickId", clickId);
    body.put("subscription", "renewal");
    Api.Response renewal = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(renewal.status()).as(renewal.toString()).isEqualTo(201);
    body.put("subscription", "monthly");
    Api.Response bad = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("subscription");

    JsonNode commission = commissionOf(renewal.id());

    assertThat(commission.path("amount").asText()).isEqualTo("2.00");
    assertThat(commission.path("explanation").get(0).asText())
        .contains("renewal of a subscription");
  }
}
