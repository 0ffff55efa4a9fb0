package dev.levier.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.analytics.HoldoutCounts;
import dev.levier.analytics.HoldoutInterval;
import dev.levier.analytics.HoldoutResult;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.Sales;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ExperimentApiTest extends NetworkTest {
  private static final String BASE = "/api/v1/experiments";
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0";
  private static final AtomicInteger ORDERS = new AtomicInteger();

  /** One redirect: the landing URL, the visitor's id and whether it was held out. */
  private record Click(String location, String clickId, String visitor, boolean heldOut) {}

  private static Click click(String trackingPath, @Nullable String visitor) {
    Map<String, String> headers = new HashMap<>(Map.of("User-Agent", BROWSER));
    if (visitor != null) {
      headers.put("Cookie", "lv_vid=" + visitor);
    }
    Api.Response response = server.anonymous().send("GET", trackingPath, null, headers);
    assertThat(response.status()).as(response.toString()).isEqualTo(302);
    String location = response.header("Location");
    String query = URI.create(location).getRawQuery();
    int at = query.indexOf("lvclid=") + 7;
    int end = query.indexOf('&', at);
    String clickId = end < 0 ? query.substring(at) : query.substring(at, end);
    String cookie = response.header("Set-Cookie").split(";")[0].substring("lv_vid=".length());
    boolean heldOut = query.contains("lvholdout=1");
    if (!heldOut) {
      assertThat(location).doesNotContainIgnoringCase("lvholdout");
    }
    return new Click(location, clickId, cookie, heldOut);
  }

  private static String trackingPath(String partnership) {
    Api.Response link = server.admin().post("/api/v1/links", Map.of("partnershipId", partnership));
    assertThat(link.status()).as(link.toString()).isEqualTo(201);
    return link.json().path("trackingUrl").asText().substring(server.baseUrl().length());
  }

  private static void sale(String programme, Map<String, Object> identity) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "EXP-" + ORDERS.incrementAndGet());
    body.put("orderedAt", Sales.now().toString());
    body.put("currency", "EUR");
    body.put("total", "320.00");
    body.put("lines", Sales.phoneAndBook());
    body.putAll(identity);
    Api.Response response = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
  }

  private static List<String> fields(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  private static Api.Response ok(Api.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    return response;
  }

  @Test
  void anAdvertiserStartsReadsAndStopsAnExperiment() {
    String programme = Sales.programme();
    String partnership = Sales.partnership(programme, network.pubX());
    Api advertiser = network.asAdvA();

    ok(
        network.asPubX().post(BASE, Map.of("partnershipId", partnership, "holdoutPercent", "10")),
        403);
    Api.Response other =
        ok(
            network
                .asAdvB()
                .post(BASE, Map.of("partnershipId", partnership, "holdoutPercent", "10")),
            422);
    assertThat(fields(other)).containsExactly("partnershipId");
    assertThat(other.json().path("errors").get(0).path("reason").asText())
        .isEqualTo("partnership " + partnership + " not found");

    for (String bad : List.of("0", "0.00", "50.01", "60", "-5", "ten", "12.345", "")) {
      Api.Response response =
          ok(
              advertiser.post(BASE, Map.of("partnershipId", partnership, "holdoutPercent", bad)),
              422);
      assertThat(fields(response)).as(bad).containsExactly("holdoutPercent");
    }
    assertThat(fields(ok(advertiser.post(BASE, Map.of("holdoutPercent", "10")), 422)))
        .containsExactly("partnershipId");
    assertThat(
            fields(
                ok(
                    advertiser.post(
                        BASE, Map.of("partnershipId", "ptn_nope", "holdoutPercent", "75")),
                    422)))
        .containsExactlyInAnyOrder("partnershipId", "holdoutPercent");
    Instant now = Instant.now();
    assertThat(
            fields(
                ok(
                    advertiser.post(
                        BASE,
                        Map.of(
                            "partnershipId",
                            partnership,
                            "holdoutPercent",
                            "10",
                            "startsAt",
                            now.minus(Duration.ofHours(1)).toString())),
                    422)))
        .containsExactly("startsAt");
    assertThat(
            fields(
                ok(
                    advertiser.post(
                        BASE,
                        Map.of(
                            "partnershipId",
                            partnership,
                            "holdoutPercent",
                            "10",
                            "startsAt",
                            now.plus(Duration.ofDays(2)).toString(),
                            "endsAt",
                            now.plus(Duration.ofDays(1)).toString())),
                    422)))
        .containsExactly("endsAt");

    Api.Response created =
        ok(
            advertiser.post(BASE, Map.of("partnershipId", partnership, "holdoutPercent", "12.50")),
            201);
    JsonNode experiment = created.json();
    assertThat(created.header("Location")).endsWith(BASE + "/" + created.id());
    assertThat(created.id()).startsWith("exp_");
    assertThat(experiment.path("holdoutPercent").asText()).isEqualTo("12.5");
    assertThat(experiment.path("status").asText()).isEqualTo("running");
    assertThat(experiment.path("partnershipId").asText()).isEqualTo(partnership);
    assertThat(experiment.path("programmeId").asText()).isEqualTo(programme);
    assertThat(experiment.path("publisherId").asText()).isEqualTo(network.pubX());
    assertThat(experiment.path("endsAt").isNull()).isTrue();
    JsonNode results = experiment.path("results");
    assertThat(results.path("treatedVisitors").asLong()).isZero();
    assertThat(results.path("holdoutVisitors").asLong()).isZero();
    assertThat(results.path("lift").isNull()).isTrue();
    assertThat(results.path("undefinedBecause").asText())
        .isEqualTo("no visitor in either group yet");

    Api.Response second =
        ok(advertiser.post(BASE, Map.of("partnershipId", partnership, "holdoutPercent", "5")), 409);
    assertThat(second.json().path("detail").asText()).contains(created.id());

    String path = BASE + "/" + created.id();
    ok(network.asPubX().get(path), 200);
    ok(network.asAdvB().get(path), 404);
    assertThat(ok(network.asPubX().get(BASE + "?partnershipId=" + partnership), 200).text())
        .contains(created.id());
    assertThat(ok(network.asAdvB().get(BASE), 200).text()).doesNotContain(created.id());
    JsonNode listed =
        ok(advertiser.get(BASE + "?programmeId=" + programme), 200).json().path("data");
    assertThat(listed.size()).isEqualTo(1);
    assertThat(listed.get(0).path("results").isNull()).isTrue();

    ok(network.asPubX().post(path + "/stop", null), 403);
    ok(network.asAdvB().post(path + "/stop", null), 404);
    JsonNode stopped = ok(advertiser.post(path + "/stop", null), 200).json();
    assertThat(stopped.path("status").asText()).isEqualTo("stopped");
    assertThat(stopped.path("endsAt").isNull()).isFalse();
    assertThat(stopped.path("version").asInt()).isEqualTo(2);
    ok(advertiser.post(path + "/stop", null), 409);

    // Stopped, the partnership can run another; a scheduled one splits nobody yet.
    Api.Response scheduled =
        ok(
            advertiser.post(
                BASE,
                Map.of(
                    "partnershipId",
                    partnership,
                    "holdoutPercent",
                    "50",
                    "startsAt",
                    now.plus(Duration.ofDays(1)).toString())),
            201);
    assertThat(scheduled.json().path("status").asText()).isEqualTo("scheduled");
    String tracking = trackingPath(partnership);
    for (int i = 0; i < 20; i++) {
      assertThat(click(tracking, null).heldOut()).isFalse();
    }
    server.awaitClicksStored();
    assertThat(
            server.rows(
                "SELECT c.experiment_group FROM click c JOIN partnership s"
                    + " ON s.id = c.partnership_id WHERE s.public_id = ?"
                    + " AND c.experiment_group IS NOT NULL",
                partnership))
        .isEmpty();
    ok(advertiser.post(BASE + "/" + scheduled.id() + "/stop", null), 200);
  }

  /**
   * Many new visitors through the redirect: about the share asked for is held out, each visitor
   * keeps its group, only held-out visitors carry the mark, and the results count converted
   * visitors per group, credited or not, with the numbers HoldoutResult gives for those counts.
   */
  @Test
  void experimentsWithTheSameSplitSeedSplitTheSameVisitorsTheSameWay() {
    String programme = Sales.programme();
    String first = Sales.partnership(programme, network.pubX());
    String second = Sales.partnership(programme, network.pubY());
    for (String partnership : List.of(first, second)) {
      ok(
          network
              .asAdvA()
              .post(
                  BASE,
                  Map.of("partnershipId", partnership, "holdoutPercent", "50", "splitSeed", 42)),
          201);
    }
    Api.Response negative =
        network
            .asAdvA()
            .post(
                BASE,
                Map.of(
                    "partnershipId",
                    Sales.partnership(Sales.programme(), network.pubX()),
                    "holdoutPercent",
                    "10",
                    "splitSeed",
                    -1));

    int heldOut = 0;
    for (int i = 0; i < 100; i++) {
      Click atFirst = click(trackingPath(first), null);
      Click atSecond = click(trackingPath(second), atFirst.visitor());
      assertThat(atSecond.heldOut()).isEqualTo(atFirst.heldOut());
      heldOut += atFirst.heldOut() ? 1 : 0;
    }

    // 50 expected, standard deviation 5: six of them either side.
    assertThat(heldOut).isBetween(20, 80);
    assertThat(negative.status()).isEqualTo(422);
    assertThat(negative.json().toString()).contains("splitSeed");
  }

  @Test
  void theRedirectSplitsVisitorsAndTheResultsCountTheirConversions() {
    String programme = Sales.programme();
    String partnership = Sales.partnership(programme, network.pubX());
    String tracking = trackingPath(partnership);
    String experiment =
        ok(
                network
                    .asAdvA()
                    .post(BASE, Map.of("partnershipId", partnership, "holdoutPercent", "30")),
                201)
            .id();

    int visitors = 600;
    List<Click> treated = new ArrayList<>();
    List<Click> heldOut = new ArrayList<>();
    for (int i = 0; i < visitors; i++) {
      Click click = click(tracking + "?url=https%3A%2F%2Fwww.a.example%2Fp%3Flvholdout%3D1", null);
      (click.heldOut() ? heldOut : treated).add(click);
    }
    // 180 expected, standard deviation 11.2: six of them either side.
    assertThat(heldOut.size()).isBetween(113, 247);

    // The same visitor, back again, is in the same group.
    for (Click first : treated.subList(0, 30)) {
      assertThat(click(tracking, first.visitor()).heldOut()).isFalse();
    }
    for (Click first : heldOut.subList(0, 30)) {
      assertThat(click(tracking, first.visitor()).heldOut()).isTrue();
    }
    server.awaitClicksStored();
    Map<String, String> groups = new HashMap<>();
    for (Map<String, Object> row :
        server.rows(
            "SELECT c.visitor_id, c.experiment_group FROM click c JOIN partnership s"
                + " ON s.id = c.partnership_id WHERE s.public_id = ?",
            partnership)) {
      String visitor = (String) row.get("visitor_id");
      String group = (String) row.get("experiment_group");
      assertThat(groups.putIfAbsent(visitor, group)).isIn(null, group);
    }
    assertThat(groups).hasSize(visitors);
    treated.forEach(c -> assertThat(groups.get(c.visitor())).isEqualTo("t"));
    heldOut.forEach(c -> assertThat(groups.get(c.visitor())).isEqualTo("h"));

    // Every fourth treated visitor buys through its click; every sixth held-out visitor buys with
    // its visitor id only, one of them twice (it counts once).
    long treatedConversions = 0;
    for (int i = 0; i < treated.size(); i += 4) {
      Click c = treated.get(i);
      sale(programme, Map.of("clickId", c.clickId(), "visitorId", c.visitor()));
      treatedConversions++;
    }
    long holdoutConversions = 0;
    for (int i = 0; i < heldOut.size(); i += 6) {
      sale(programme, Map.of("visitorId", heldOut.get(i).visitor()));
      holdoutConversions++;
    }
    sale(programme, Map.of("visitorId", heldOut.get(0).visitor()));
    // A sale of the programme that no visitor of the experiment made counts for no group.
    sale(programme, Map.of("customerRef", "someone-else"));

    JsonNode results =
        ok(network.asAdvA().get(BASE + "/" + experiment), 200).json().path("results");
    assertThat(results.path("treatedVisitors").asLong()).isEqualTo(treated.size());
    assertThat(results.path("holdoutVisitors").asLong()).isEqualTo(heldOut.size());
    assertThat(results.path("treatedConversions").asLong()).isEqualTo(treatedConversions);
    assertThat(results.path("holdoutConversions").asLong()).isEqualTo(holdoutConversions);

    HoldoutResult expected =
        HoldoutResult.of(
            new HoldoutCounts(
                treated.size(), treatedConversions, heldOut.size(), holdoutConversions));
    assertThat(results.path("confidenceLevel").asDouble()).isEqualTo(0.90);
    assertThat(results.path("treatedRate").asDouble())
        .isCloseTo(expected.treatedRate(), within(1e-12));
    assertThat(results.path("holdoutRate").asDouble())
        .isCloseTo(expected.holdoutRate(), within(1e-12));
    assertInterval(results.path("rateDifference"), expected.rateDifference());
    assertInterval(results.path("incrementalConversions"), expected.incrementalConversions());
    JsonNode lift = results.path("lift");
    assertThat(expected.lift().estimate()).isNotNull();
    assertThat(lift.path("estimate").asDouble())
        .isCloseTo(expected.lift().estimate(), within(1e-12));
    assertThat(lift.path("lower").asDouble()).isCloseTo(expected.lift().lower(), within(1e-12));
    assertThat(lift.path("upper").asDouble()).isCloseTo(expected.lift().upper(), within(1e-12));
    assertThat(lift.path("undefinedBecause").isNull()).isTrue();
    JsonNode significance = results.path("significance");
    assertThat(significance.path("pValue").asDouble())
        .isCloseTo(expected.significance().pValue(), within(1e-12));
    assertThat(significance.path("method").asText())
        .isEqualTo(
            switch (expected.significance().method()) {
              case FISHER_EXACT -> "fisher-exact";
              case POOLED_Z -> "pooled-z";
            });
    assertThat(results.path("undefinedBecause").isNull()).isTrue();

    // Stopped, the redirect splits no one any more, and the results keep what was measured.
    JsonNode stopped =
        ok(network.asAdvA().post(BASE + "/" + experiment + "/stop", null), 200).json();
    assertThat(stopped.path("results").path("holdoutVisitors").asLong()).isEqualTo(heldOut.size());
    for (Click first : heldOut.subList(0, 10)) {
      assertThat(click(tracking, first.visitor()).heldOut()).isFalse();
    }
  }

  private static void assertInterval(JsonNode actual, HoldoutInterval expected) {
    assertThat(actual.path("estimate").asDouble()).isCloseTo(expected.estimate(), within(1e-9));
    assertThat(actual.path("lower").asDouble()).isCloseTo(expected.lower(), within(1e-9));
    assertThat(actual.path("upper").asDouble()).isCloseTo(expected.upper(), within(1e-9));
  }
}
