package dev.levier.rtb;

import static dev.levier.rtb.RtbApiTest.banner;
import static dev.levier.rtb.RtbApiTest.bid;
import static dev.levier.rtb.RtbApiTest.campaign;
import static dev.levier.rtb.RtbApiTest.lineItem;
import static dev.levier.rtb.RtbApiTest.macros;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Changing a line item over HTTP against the real server, on both databases: the bidder follows
 * before the answer, spend already counted stays, mistakes are named by field, and only the
 * campaign's advertiser may change it.
 */
class LineItemChangeTest extends NetworkTest {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  @Test
  void aChangeReachesTheBidderAtOnceAndSpendAlreadyCountedStays() {
    String before = domain();
    String after = domain();
    JsonNode created = on(before);
    String path = path(created);
    // Ten impressions billed at 2.00 EUR CPM: 0.02 EUR spent today.
    for (int i = 0; i < 10; i++) {
      RtbApiTest.Answer answer = bid(request(before));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      JsonNode bid = answer.json().path("seatbid").get(0).path("bid").get(0);
      assertThat(bid.path("price").decimalValue()).isEqualByComparingTo("2");
      String bill = macros(bid.path("burl").asText(), bid.path("price").asText());
      assertThat(RtbApiTest.get(bill, Map.of()).status()).isEqualTo(200);
    }

    long start = System.nanoTime();
    JsonNode moved = ok(network.asAdvA().patch(path, Map.of("targeting", domains(after)))).json();
    assertThat(bid(request(after)).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(bid(request(before)).status()).isEqualTo(204);
    assertThat(moved.path("version").asInt()).isEqualTo(created.path("version").asInt() + 1);
    JsonNode item = moved.path("lineItems").get(0);
    assertThat(item.path("definition").path("targeting")).isEqualTo(moved(after));
    assertThat(item.path("definition").path("maxBid").asText())
        .as("the rest stays")
        .isEqualTo("5.00");
    assertThat(Instant.parse(item.path("updatedAt").asText()))
        .isAfter(Instant.parse(item.path("createdAt").asText()));

    ok(
        network
            .asAdvA()
            .patch(path, Map.of("bidStrategy", Map.of("kind", "fixed-cpm", "cpm", "3.00"))));
    RtbApiTest.Answer dearer = bid(request(after));
    assertThat(dearer.json().path("seatbid").get(0).path("bid").get(0).path("price").decimalValue())
        .isEqualByComparingTo("3");

    // Below today's spend: no bid for the rest of the day, and the spend is still there.
    ok(network.asAdvA().patch(path, Map.of("dailyBudget", "0.01")));
    assertThat(bid(request(after)).status()).isEqualTo(204);
    server.levier().rtb().journal().flush();
    JsonNode read =
        ok(network.asAdvA().get("/api/v1/campaigns/" + created.path("id").asText())).json();
    assertThat(new BigDecimal(read.path("lineItems").get(0).path("spentToday").asText()))
        .isGreaterThanOrEqualTo(new BigDecimal("0.02"));
    ok(network.asAdvA().patch(path, Map.of("dailyBudget", "50.00")));
    assertThat(bid(request(after)).status()).isEqualTo(200);

    // The flight ended: no more bids.
    ok(network.asAdvA().patch(path, Map.of("end", Instant.now().minusSeconds(60).toString())));
    assertThat(bid(request(after)).status()).isEqualTo(204);
  }

  @Test
  void aNullClearsAnOptionalFieldAndAnUnchangedLineItemKeepsItsVersion() {
    String domain = domain();
    JsonNode created =
        campaign(
            network.asAdvA(),
            lineItem("2.00", Map.of("domains", List.of(domain)), Map.of("perDay", 1)),
            List.of(banner(300, 250)));
    String path = path(created);
    ObjectNode request = request(domain);
    request.putObject("user").put("id", "capped-user");
    assertThat(bid(request).status()).isEqualTo(200);
    assertThat(bid(request).status()).as("capped: one a day").isEqualTo(204);

    Map<String, Object> uncapped = new HashMap<>();
    uncapped.put("frequencyCaps", null);
    JsonNode changed = ok(network.asAdvA().patch(path, uncapped)).json();
    assertThat(changed.path("lineItems").get(0).path("definition").has("frequencyCaps")).isFalse();
    assertThat(bid(request).status()).isEqualTo(200);

    JsonNode same = ok(network.asAdvA().patch(path, Map.of("pacing", "asap"))).json();
    assertThat(same.path("version").asInt()).isEqualTo(changed.path("version").asInt());
    assertThat(same.path("updatedAt").asText()).isEqualTo(changed.path("updatedAt").asText());
  }

  @Test
  void mistakesAreNamedByFieldAndChangeNothing() {
    JsonNode created = somewhere();
    String path = path(created);
    JsonNode definition = created.path("lineItems").get(0).path("definition");

    assertThat(fields(network.asAdvA().patch(path, Map.of("dailyBudget", "2000.00"))))
        .containsExactly("dailyBudget");
    assertThat(
            fields(
                network
                    .asAdvA()
                    .patch(
                        path,
                        Map.of(
                            "targeting",
                            Map.of("hours", List.of(9, 25)),
                            "maxBid",
                            "-1",
                            "end",
                            "2020-01-01T00:00:00Z"))))
        .containsExactlyInAnyOrder("targeting.hours[1]", "maxBid", "end");
    assertThat(fields(network.asAdvA().patch(path, Map.of("budget", "1.00"))))
        .containsExactly("budget");
    Map<String, Object> nameless = new HashMap<>();
    nameless.put("name", null);
    assertThat(fields(network.asAdvA().patch(path, nameless))).containsExactly("name");
    assertThat(network.asAdvA().patch(path, "[]").status()).isEqualTo(400);

    JsonNode read =
        ok(network.asAdvA().get("/api/v1/campaigns/" + created.path("id").asText())).json();
    assertThat(read.path("lineItems").get(0).path("definition")).isEqualTo(definition);
    assertThat(read.path("version").asInt()).isEqualTo(created.path("version").asInt());

    ok(
        network
            .asAdvA()
            .patch(path, Map.of("name", "Renamed", "version", read.path("version").asInt())));
    Api.Response stale =
        network
            .asAdvA()
            .patch(path, Map.of("name", "Again", "version", read.path("version").asInt()));
    assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
  }

  @Test
  void onlyTheCampaignsAdvertiserChangesItsLineItems() {
    JsonNode mine = somewhere();
    JsonNode other = somewhere();
    String path = path(mine);
    Map<String, Object> rename = Map.of("name", "Not yours");
    assertThat(network.asAdvB().patch(path, rename).status()).isEqualTo(404);
    assertThat(network.asPubX().patch(path, rename).status()).isEqualTo(403);
    String elsewhere =
        "/api/v1/campaigns/"
            + other.path("id").asText()
            + "/line-items/"
            + mine.path("lineItems").get(0).path("id").asText();
    Api.Response wrongCampaign = network.asAdvA().patch(elsewhere, rename);
    assertThat(wrongCampaign.status()).isEqualTo(404);
    assertThat(wrongCampaign.json().path("detail").asText()).contains("line item");
    assertThat(network.asAdvA().patch(path, rename).status()).isEqualTo(200);
  }

  @Test
  void creativesAreAddedToACampaignAndChosenByEachLineItem() {
    String domain = domain();
    JsonNode created = on(domain);
    String campaign = "/api/v1/campaigns/" + created.path("id").asText();
    String first = created.path("creatives").get(0).path("id").asText();
    assertThat(creative(bid(request(domain)))).isEqualTo(first);

    Map<String, Object> added = banner(300, 250);
    added.put("adomain", List.of("new.example"));
    Api.Response withTwo = network.asAdvA().post(campaign + "/creatives", added);
    assertThat(withTwo.status()).as(withTwo.toString()).isEqualTo(201);
    JsonNode creatives = withTwo.json().path("creatives");
    assertThat(creatives.size()).isEqualTo(2);
    String second = creatives.get(1).path("id").asText();
    assertThat(withTwo.json().path("version").asInt())
        .isEqualTo(created.path("version").asInt() + 1);
    assertThat(creative(bid(with(request(domain), "badv", "shop.example"))))
        .as("a line item that names none serves every creative of its campaign, new ones too")
        .isEqualTo(second);

    String path = path(created);
    ok(network.asAdvA().patch(path, Map.of("creatives", List.of(second))));
    assertThat(creative(bid(request(domain)))).isEqualTo(second);
    assertThat(bid(with(request(domain), "badv", "new.example")).status()).isEqualTo(204);

    JsonNode elsewhere = somewhere();
    String foreign = elsewhere.path("creatives").get(0).path("id").asText();
    assertThat(fields(network.asAdvA().patch(path, Map.of("creatives", List.of(second, foreign)))))
        .containsExactly("creatives[1]");
    assertThat(fields(network.asAdvA().patch(path, Map.of("creatives", List.of("banner-1")))))
        .containsExactly("creatives[0]");
    assertThat(fields(network.asAdvA().patch(path, Map.of("creatives", List.of()))))
        .containsExactly("creatives");

    Map<String, Object> all = new HashMap<>();
    all.put("creatives", null);
    ok(network.asAdvA().patch(path, all));
    assertThat(creative(bid(with(request(domain), "badv", "new.example")))).isEqualTo(first);

    Map<String, Object> wrong = banner(300, 250);
    wrong.remove("landingUrl");
    wrong.put("bundle", "not a bundle");
    assertThat(fields(network.asAdvA().post(campaign + "/creatives", wrong)))
        .containsExactlyInAnyOrder("landingUrl", "bundle");
    assertThat(network.asAdvB().post(campaign + "/creatives", added).status()).isEqualTo(404);
    assertThat(network.asPubX().post(campaign + "/creatives", added).status()).isEqualTo(403);

    Map<String, Object> naming = lineItem("2.00", Map.of(), Map.of());
    naming.put("creatives", List.of(second));
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Naming creatives");
    body.put("lineItems", List.of(naming));
    body.put("creatives", List.of(banner(300, 250)));
    assertThat(fields(network.asAdvA().post("/api/v1/campaigns", body)))
        .containsExactly("lineItems[0].creatives");
  }

  private static String creative(RtbApiTest.Answer answer) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json().path("seatbid").get(0).path("bid").get(0).path("crid").asText();
  }

  private static ObjectNode with(ObjectNode request, String list, String value) {
    request.putArray(list).add(value);
    return request;
  }

  /** A campaign of one line item on a domain of its own, bidding 2.00 EUR CPM. */
  private static JsonNode somewhere() {
    return on(domain());
  }

  /** A campaign of one line item on the domain, bidding 2.00 EUR CPM. */
  private static JsonNode on(String domain) {
    return campaign(
        network.asAdvA(),
        lineItem("2.00", Map.of("domains", List.of(domain)), Map.of()),
        List.of(banner(300, 250)));
  }

  private static String path(JsonNode campaign) {
    return "/api/v1/campaigns/"
        + campaign.path("id").asText()
        + "/line-items/"
        + campaign.path("lineItems").get(0).path("id").asText();
  }

  private static String domain() {
    return "change-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() + ".example";
  }

  private static Map<String, Object> domains(String domain) {
    return Map.of("domains", List.of(domain));
  }

  private static JsonNode moved(String domain) {
    ObjectNode targeting = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    targeting.putArray("domains").add(domain);
    return targeting;
  }

  /** A bid request in euros, the campaigns' currency, for the domain: no exchange rate needed. */
  private static ObjectNode request(String domain) {
    ObjectNode request = RtbApiTest.request(domain, null);
    request.putArray("cur").add("EUR");
    ((ObjectNode) request.path("imp").get(0)).put("bidfloorcur", "EUR");
    return request;
  }

  private static List<String> fields(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(422);
    assertThat(response.header("content-type")).startsWith("application/problem+json");
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  private static Api.Response ok(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }
}
