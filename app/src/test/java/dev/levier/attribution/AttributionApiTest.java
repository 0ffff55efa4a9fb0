package dev.levier.attribution;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A programme's attribution model, the commissions split by it, channel de-duplication, the
 * journeys kept with conversions and the models side by side, on both databases.
 */
class AttributionApiTest extends NetworkTest {
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0";
  private static final AtomicInteger ORDERS = new AtomicInteger();

  private static String path(String programme) {
    return "/api/v1/programmes/" + programme + "/attribution";
  }

  /** Every sale pays 10%, whoever sends it. */
  private static Map<String, Object> flatTen() {
    return Map.of(
        "name",
        "Ten percent",
        "rules",
        List.of(Map.of("id", "all", "name", "Everyone", "pay", Map.of("percent", "10"))));
  }

  /** Introducers and closers paid different rates. */
  private static Map<String, Object> byRole(String introducer, String closer) {
    return Map.of(
        "name",
        "By role",
        "rules",
        List.of(
            Map.of(
                "id",
                "intro",
                "name",
                "Introducers",
                "when",
                Map.of("role", List.of("introducer")),
                "pay",
                Map.of("percent", introducer)),
            Map.of(
                "id",
                "close",
                "name",
                "Closers",
                "when",
                Map.of("role", List.of("closer")),
                "pay",
                Map.of("percent", closer))));
  }

  /** A click through a new link of the partnership, by a visitor (null for a new one). */
  private static String[] click(String partnership, @Nullable String visitor) {
    Api.Response link = server.admin().post("/api/v1/links", Map.of("partnershipId", partnership));
    String path = link.json().path("trackingUrl").asText().substring(server.baseUrl().length());
    Map<String, String> headers = new HashMap<>(Map.of("User-Agent", BROWSER));
    if (visitor != null) {
      headers.put("Cookie", "lv_vid=" + visitor);
    }
    Api.Response response = server.anonymous().send("GET", path, null, headers);
    assertThat(response.status()).isEqualTo(302);
    String query = URI.create(response.header("Location")).getRawQuery();
    String clickId = query.substring(query.indexOf("lvclid=") + 7);
    String cookie = response.header("Set-Cookie").split(";")[0].substring("lv_vid=".length());
    return new String[] {clickId, cookie};
  }

  /** A sale of a phone and a book (320.00) by a visitor, with the last click's id. */
  private static JsonNode sale(String programme, String[] lastClick, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "ATT-" + ORDERS.incrementAndGet());
    body.put("orderedAt", now().toString());
    body.put("currency", "EUR");
    body.put("total", "320.00");
    body.put("clickId", lastClick[0]);
    body.put("visitorId", lastClick[1]);
    body.put("lines", phoneAndBook());
    body.putAll(extra);
    Api.Response response = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  /** The conversion's commissions by publisher. */
  private static Map<String, JsonNode> commissionsOf(String conversionId) {
    Api.Response list = server.admin().get("/api/v1/commissions?conversionId=" + conversionId);
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    Map<String, JsonNode> byPublisher = new HashMap<>();
    list.json().path("data").forEach(c -> byPublisher.put(c.path("publisherId").asText(), c));
    return byPublisher;
  }

  private static List<String> fields(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Test
  void aProgrammePaysTheLastClickUntilItChoosesAnotherModel() {
    String programme = programme();

    Api.Response read = network.asAdvA().get(path(programme));

    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.json().path("model").asText()).isEqualTo("last");
    assertThat(read.json().path("version").asInt()).isZero();
    assertThat(read.json().path("deduplication").isNull()).isTrue();
    assertThat(network.asPubX().get(path(programme)).status()).isEqualTo(200);
  }

  @Test
  void everyMistakeInTheSettingIsNamedByItsField() {
    String programme = programme();

    Api.Response response =
        network
            .asAdvA()
            .put(
                path(programme),
                Map.of(
                    "model",
                    "position",
                    "options",
                    Map.of("position", "40/40/40"),
                    "deduplication",
                    Map.of("channels", List.of("Search!"), "reduceBy", "120")));

    assertThat(response.status()).as(response.toString()).isEqualTo(422);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fields(response))
        .contains("options.position", "deduplication.channels[0]", "deduplication.reduceBy");
    Api.Response unknown = network.asAdvA().put(path(programme), Map.of("model", "magic"));
    assertThat(fields(unknown)).containsExactly("model");
    Api.Response misplaced =
        network
            .asAdvA()
            .put(path(programme), Map.of("model", "linear", "options", Map.of("order", 2)));
    assertThat(fields(misplaced)).containsExactly("options.order");
    assertThat(network.asAdvA().get(path(programme)).json().path("model").asText())
        .isEqualTo("last");
  }

  @Test
  void onlyTheProgrammesAdvertiserChoosesAndAStaleVersionIsRefused() {
    String programme = programme();
    Map<String, Object> linear = Map.of("model", "linear");

    assertThat(network.asPubX().put(path(programme), linear).status()).isEqualTo(403);
    assertThat(network.asAdvB().put(path(programme), linear).status()).isEqualTo(404);
    Api.Response first = network.asAdvA().put(path(programme), linear);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().path("version").asInt()).isEqualTo(1);
    Api.Response stale =
        network.asAdvA().put(path(programme), Map.of("model", "first", "version", 7));
    assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
    Api.Response next =
        network.asAdvA().put(path(programme), Map.of("model", "first", "version", 1));
    assertThat(next.json().path("version").asInt()).isEqualTo(2);
    assertThat(next.json().path("describe").asText()).isEqualTo("first");
  }

  @Test
  void positionSharesTheSaleBetweenIntroducerAndCloserAtEachOnesOwnRate() {
    String programme = programme();
    publishedRules(programme, byRole("12", "8"), Instant.now().minusSeconds(3600));
    Api.Response set =
        network
            .asAdvA()
            .put(
                path(programme),
                Map.of("model", "position", "options", Map.of("position", "30/20/50")));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().path("describe").asText()).isEqualTo("position (30/20/50)");
    String[] blog = click(partnership(programme, network.pubX()), null);
    String[] voucher = click(partnership(programme, network.pubY()), blog[1]);

    JsonNode conversion = sale(programme, voucher, Map.of());

    Map<String, JsonNode> paid = commissionsOf(conversion.path("id").asText());
    // Two touches: 30/50 becomes 37.5/62.5. The blog introduced (12% of 320.00 = 38.40), the
    // voucher site closed (8% = 25.60).
    assertThat(paid.get(network.pubX()).path("amount").asText()).isEqualTo("14.40");
    assertThat(paid.get(network.pubY()).path("amount").asText()).isEqualTo("16.00");
    assertThat(paid.get(network.pubX()).path("share").asText()).isEqualTo("0.375");
    assertThat(paid.get(network.pubX()).path("attribution").asText())
        .contains("37.5% as introducer under position (30/20/50)")
        .contains("EUR 14.40 of the EUR 38.40");
    assertThat(paid.get(network.pubY()).path("explanation").toString()).contains("Closers");
    Api.Response detail =
        network.asAdvA().get("/api/v1/conversions/" + conversion.path("id").asText());
    JsonNode journey = detail.json().path("journey");
    assertThat(journey.size()).as(detail.toString()).isEqualTo(2);
    assertThat(journey.get(0).path("channel").asText()).isEqualTo(network.pubX());
    assertThat(journey.get(0).path("role").asText()).isEqualTo("introducer");
    assertThat(journey.get(1).path("channel").asText()).isEqualTo(network.pubY());
  }

  /**
   * The bug it pins: a sale that named only its click kept a journey of that click alone, although
   * the same browser had clicked another publisher's link before.
   */
  @Test
  void aSaleThatNamesOnlyItsClickKeepsTheBrowsersEarlierClicks() {
    String programme = programme();
    String[] blog = click(partnership(programme, network.pubX()), null);
    String[] voucher = click(partnership(programme, network.pubY()), blog[1]);
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "ATT-" + ORDERS.incrementAndGet());
    body.put("orderedAt", now().toString());
    body.put("currency", "EUR");
    body.put("total", "320.00");
    body.put("clickId", voucher[0]);
    body.put("lines", phoneAndBook());

    Api.Response created = network.asAdvA().post("/api/v1/conversions", body);

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode detail = network.asAdvA().get("/api/v1/conversions/" + created.id()).json();
    JsonNode journey = detail.path("journey");
    assertThat(journey.size()).as(detail.toString()).isEqualTo(2);
    assertThat(journey.get(0).path("channel").asText()).isEqualTo(network.pubX());
    assertThat(journey.get(0).path("role").asText()).isEqualTo("introducer");
    assertThat(journey.get(1).path("channel").asText()).isEqualTo(network.pubY());
    assertThat(detail.path("attributedTo").path("publisherId").asText())
        .as(detail.toString())
        .isEqualTo(network.pubY());
  }

  @Test
  void whatIfReplaysEachSaleSharedByTheProgrammesModel() {
    String programme = programme();
    publishedRules(programme, byRole("12", "8"), Instant.now().minusSeconds(3600));
    network
        .asAdvA()
        .put(
            path(programme),
            Map.of("model", "position", "options", Map.of("position", "30/20/50")));
    String[] blog = click(partnership(programme, network.pubX()), null);
    sale(programme, click(partnership(programme, network.pubY()), blog[1]), Map.of());
    Api.Response draft =
        network.asAdvA().post("/api/v1/programmes/" + programme + "/rulesets", byRole("20", "8"));

    Api.Response simulated =
        network
            .asAdvA()
            .post(
                "/api/v1/programmes/" + programme + "/rulesets/" + draft.id() + "/simulate",
                Map.of(
                    "from",
                    Instant.now().minusSeconds(3600).toString(),
                    "to",
                    Instant.now().plusSeconds(60).toString()));

    assertThat(simulated.status()).as(simulated.toString()).isEqualTo(200);
    Map<String, JsonNode> byPublisher = new HashMap<>();
    simulated
        .json()
        .path("byPublisher")
        .forEach(p -> byPublisher.put(p.path("publisherId").asText(), p));
    // The blog introduced: 37.5% of 12% of 320.00 before, of 20% after.
    assertThat(byPublisher.get(network.pubX()).path("before").asText()).isEqualTo("14.40");
    assertThat(byPublisher.get(network.pubX()).path("after").asText()).isEqualTo("24.00");
    assertThat(byPublisher.get(network.pubY()).path("after").asText()).isEqualTo("16.00");
    assertThat(simulated.json().path("after").asText()).isEqualTo("40.00");
  }

  @Test
  void aSplitAddsUpToTheWholeCommissionToTheCent() {
    String programme = programme();
    publishedRules(programme, flatTen(), Instant.now().minusSeconds(3600));
    network.asAdvA().put(path(programme), Map.of("model", "linear"));
    String x = partnership(programme, network.pubX());
    String y = partnership(programme, network.pubY());
    String[] first = click(x, null);
    click(y, first[1]);
    String[] last = click(x, first[1]);

    JsonNode conversion = sale(programme, last, Map.of());

    // Three touches, one third each: X holds two of them. 32.00 splits 21.33 + 10.67.
    Map<String, JsonNode> paid = commissionsOf(conversion.path("id").asText());
    assertThat(paid.get(network.pubX()).path("amount").asText()).isEqualTo("21.33");
    assertThat(paid.get(network.pubY()).path("amount").asText()).isEqualTo("10.67");
  }

  @Test
  void aSaleTheAdvertisersSearchChannelClosedPaysNoAffiliateCommission() {
    String programme = programme();
    publishedRules(programme, flatTen(), Instant.now().minusSeconds(3600));
    network
        .asAdvA()
        .put(
            path(programme),
            Map.of(
                "model",
                "last",
                "deduplication",
                Map.of("channels", List.of("search"), "reduceBy", "100")));
    String[] blog = click(partnership(programme, network.pubX()), null);

    JsonNode searched = sale(programme, blog, Map.of("channel", "search"));
    JsonNode affiliate = sale(programme, blog, Map.of("channel", "affiliate"));

    JsonNode zeroed = commissionsOf(searched.path("id").asText()).get(network.pubX());
    assertThat(zeroed.path("amount").asText()).isEqualTo("0.00");
    assertThat(zeroed.path("attribution").asText()).contains("de-duplication");
    assertThat(commissionsOf(affiliate.path("id").asText()).get(network.pubX()).path("amount"))
        .hasToString("\"32.00\"");
  }

  @Test
  void aTouchTheAdvertiserReportedFromAnotherChannelTakesItsShareOfTheCredit() {
    String programme = programme();
    publishedRules(programme, flatTen(), Instant.now().minusSeconds(3600));
    network.asAdvA().put(path(programme), Map.of("model", "linear"));
    String[] blog = click(partnership(programme, network.pubX()), null);
    Api.Response reported =
        network
            .asAdvA()
            .post(
                "/api/v1/touchpoints",
                Map.of(
                    "touchpoints",
                    List.of(
                        Map.of(
                            "visitorId",
                            blog[1],
                            "channel",
                            "email",
                            "occurredAt",
                            Instant.now().minusSeconds(60).toString()))));
    assertThat(reported.status()).as(reported.toString()).isEqualTo(201);

    JsonNode conversion = sale(programme, blog, Map.of());

    Map<String, JsonNode> paid = commissionsOf(conversion.path("id").asText());
    assertThat(paid).containsOnlyKeys(network.pubX());
    assertThat(paid.get(network.pubX()).path("amount").asText()).isEqualTo("16.00");
    JsonNode journey =
        network
            .asAdvA()
            .get("/api/v1/conversions/" + conversion.path("id").asText())
            .json()
            .path("journey");
    assertThat(journey.get(0).path("channel").asText()).isEqualTo("email");
    assertThat(journey.get(0).path("kind").asText()).isEqualTo("channel");
  }

  @Test
  void markovLearnsFromTheProgrammesJourneysAndSharesNewSalesByWhatItLearnt() {
    String programme = programme();
    publishedRules(programme, flatTen(), Instant.now().minusSeconds(3600));
    String x = partnership(programme, network.pubX());
    String y = partnership(programme, network.pubY());
    click(x, null); // a journey without a sale: X alone
    String[] both = click(x, null);
    sale(programme, click(y, both[1]), Map.of()); // X then Y, a sale
    sale(programme, click(y, null), Map.of()); // Y alone, a sale

    Api.Response set = network.asAdvA().put(path(programme), Map.of("model", "markov"));

    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    JsonNode learnt = set.json().path("learnt");
    assertThat(learnt.path("journeys").asInt()).as(set.toString()).isEqualTo(3);
    // Start goes to X 2/3 and Y 1/3; X to Y or nowhere, half each; Y always converts:
    // P(sale) = 2/3. Without X it is 1/3 (removal effect 0.5), without Y 0 (removal effect 1),
    // so X earns 1/3 of the credit and Y 2/3.
    assertThat(learnt.path("weights").path(network.pubX()).asDouble())
        .as(set.toString())
        .isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-6));
    String[] again = click(x, null);
    JsonNode conversion = sale(programme, click(y, again[1]), Map.of());
    Map<String, JsonNode> paid = commissionsOf(conversion.path("id").asText());
    assertThat(paid.get(network.pubX()).path("amount").asText()).isEqualTo("10.67");
    assertThat(paid.get(network.pubY()).path("amount").asText()).isEqualTo("21.33");
    assertThat(paid.get(network.pubY()).path("attribution").asText())
        .contains("markov (order 1) learnt");

    Api.Response report =
        network
            .asAdvA()
            .get(
                path(programme)
                    + "/report?from="
                    + Instant.now().minusSeconds(3600)
                    + "&to="
                    + Instant.now().plusSeconds(60)
                    + "&models=first,last,linear,markov");

    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertThat(report.json().path("journeys").path("converting").asInt()).isEqualTo(3);
    assertThat(report.json().path("journeys").path("withoutConversion").asInt()).isEqualTo(1);
    Map<String, JsonNode> channels = new HashMap<>();
    report.json().path("channels").forEach(c -> channels.put(c.path("channel").asText(), c));
    JsonNode xCredits = channels.get(network.pubX()).path("credits");
    assertThat(xCredits.path("first").path("conversions").asDouble()).isEqualTo(2.0);
    assertThat(xCredits.path("last").path("conversions").asDouble()).isEqualTo(0.0);
    assertThat(xCredits.path("linear").path("conversions").asDouble()).isEqualTo(1.0);
    assertThat(channels.get(network.pubY()).path("credits").path("last").path("value").asText())
        .isEqualTo("960.00");
  }

  @Test
  void theReportNamesAWrongParameterAndIsTheAdvertisersAlone() {
    String programme = programme();
    String period =
        "?from=" + Instant.now().minusSeconds(60) + "&to=" + Instant.now().plusSeconds(60);

    Api.Response wrong = network.asAdvA().get(path(programme) + "/report" + period + "&models=x");
    Api.Response order =
        network.asAdvA().get(path(programme) + "/report" + period + "&models=markov&order=9");
    Api.Response backwards =
        network
            .asAdvA()
            .get(
                path(programme)
                    + "/report?from="
                    + Instant.now()
                    + "&to="
                    + Instant.now().minusSeconds(60));

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().path("detail").asText()).contains("models");
    assertThat(order.status()).isEqualTo(400);
    assertThat(order.json().path("detail").asText()).contains("order");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(network.asPubX().get(path(programme) + "/report" + period).status()).isEqualTo(403);
    Api.Response empty = network.asAdvA().get(path(programme) + "/report" + period);
    assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
    assertThat(empty.json().path("models").size()).isEqualTo(9);
  }
}
