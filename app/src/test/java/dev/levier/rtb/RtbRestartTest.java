package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.config.DatabaseSettings;
import dev.levier.testing.Api;
import dev.levier.testing.ServerProcess;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import dev.levier.tracking.RandomIds;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the bidder owes and learns survives a restart, over HTTP against the real server, on both
 * databases: a billing notice for a bid made before the restart is settled from its signed URL and
 * spent once, a notice billed before the restart is not spent again, a forged notice is refused,
 * and the predicted rates, the shading statistics and the last ad clicks are those of before.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class RtbRestartTest {
  private static final String DOMAIN = "restart.example";

  @Parameter TestDatabase kind;

  @Test
  void noticesOfBidsMadeBeforeARestartAreSpentOnceAndLearningIsKept() {
    TestServer server = TestServer.start(kind);
    try {
      String campaign = campaign(server.admin());

      // Two first-price bids for a known visitor: the first is won, billed and clicked before the
      // restart, the second is billed after it.
      String visitor = RandomIds.visitorId(System.currentTimeMillis() - 60_000);
      JsonNode first = bid(server, visitor);
      JsonNode second = bid(server, visitor);
      ObjectNode testRequest = RtbApiTest.request(DOMAIN, visitor);
      testRequest.put("test", 1);
      Api.Response testAnswer = server.anonymous().post(BidHandler.PATH, testRequest);
      assertThat(testAnswer.status()).isEqualTo(200);
      String testBilling =
          RtbApiTest.macros(
              testAnswer.json().path("seatbid").get(0).path("bid").get(0).path("burl").asText(),
              "1.25");
      String firstBilling = RtbApiTest.macros(first.path("burl").asText(), "1.25");
      assertThat(notice(server, RtbApiTest.macros(first.path("nurl").asText(), "1.25")))
          .isEqualTo(200);
      assertThat(notice(server, firstBilling)).isEqualTo(200);
      String adm = first.path("adm").asText();
      int href = adm.indexOf("href=\"") + 6;
      String click = adm.substring(href, adm.indexOf('"', href));
      Api.Response landed =
          server.anonymous().send("GET", path(click), null, Map.of("Cookie", "lv_vid=" + visitor));
      assertThat(landed.status()).isEqualTo(302);

      List<String> levels = SmoothedRates.levels("banner", "site-" + DOMAIN + "/1", "");
      Prediction learnt = server.levier().rtb().programmatic().rates().predict(levels);
      assertThat(learnt.clickRate()).isGreaterThan(Rtb.PRIOR_CLICK_RATE);

      TestServer restarted = server.restart();
      server = restarted;

      // Learnt counts are back: the same predictions, and the click still converts a sale.
      Rtb rtb = restarted.levier().rtb();
      assertThat(rtb.programmatic().rates().predict(levels)).isEqualTo(learnt);
      assertThat(rtb.programmatic().converted(visitor, Instant.now())).isTrue();
      assertThat(restarted.rows("SELECT bids, wins FROM rtb_shading WHERE bids > 0"))
          .isNotEmpty()
          .anySatisfy(row -> assertThat(((Number) row.get("wins")).longValue()).isPositive());

      // The second bid is no longer in memory: its notice is settled from its signed URL, once.
      String secondBilling = RtbApiTest.macros(second.path("burl").asText(), "1.25");
      assertThat(notice(restarted, RtbApiTest.forged(secondBilling))).isEqualTo(403);
      assertThat(notice(restarted, secondBilling.replaceAll("t=[^&]*", "t="))).isEqualTo(400);
      assertThat(notice(restarted, secondBilling)).isEqualTo(200);
      assertThat(notice(restarted, secondBilling)).isEqualTo(200);
      // The first was billed before the restart: storage says so, and it is not spent again.
      assertThat(notice(restarted, firstBilling)).isEqualTo(200);
      // A test bid is never billed, not even from its URL.
      assertThat(notice(restarted, testBilling)).isEqualTo(200);
      rtb.journal().flush();
      JsonNode lineItem = restarted.admin().get(campaign).json().path("lineItems").get(0);
      // 1.25 USD CPM at 1.25 USD to the euro: 0.001 EUR an impression, twice.
      assertThat(lineItem.path("spent").asText()).isEqualTo("0.002");
      assertThat(restarted.rows("SELECT bid_id FROM rtb_spend")).hasSize(2);

      // The bid's impression joined the visitor's journey, from the URL alone.
      assertThat(
              restarted.rows(
                  "SELECT channel FROM touchpoint WHERE identity_value = ? AND channel = ?",
                  visitor,
                  RtbJournal.IMPRESSION_CHANNEL))
          .hasSize(2);
    } finally {
      server.close();
    }
  }

  @Test
  void aBillingNoticeAfterKillMinus9IsSpentOnceAndAForgedOneIsRefused() throws Exception {
    DatabaseSettings settings = kind.create();
    try {
      String adminKey;
      String campaign;
      JsonNode bid;
      try (ServerProcess server = ServerProcess.start(settings)) {
        adminKey = java.util.Objects.requireNonNull(server.firstKey());
        campaign = campaign(server.api(adminKey));
        bid = bid(server.api(null), RandomIds.visitorId(System.currentTimeMillis()));
        // No shutdown: nothing of the bid is saved, and no clean stop flushes anything.
        server.kill();
      }
      String billing = RtbApiTest.macros(bid.path("burl").asText(), "1.25");
      try (ServerProcess server = ServerProcess.start(settings)) {
        Api exchange = server.api(null);
        assertThat(exchange.get(path(RtbApiTest.forged(billing))).status()).isEqualTo(403);
        assertThat(exchange.get(path(billing)).status()).isEqualTo(200);
        assertThat(exchange.get(path(billing)).status()).isEqualTo(200);
        JsonNode lineItem = server.api(adminKey).get(campaign).json().path("lineItems").get(0);
        assertThat(lineItem.path("spent").asText()).isEqualTo("0.001");
        assertThat(lineItem.path("spentToday").asText()).isEqualTo("0.001");
        server.terminate();
      }
    } finally {
      kind.drop(settings);
    }
  }

  /** An advertiser in EUR, the rate to the USD of the requests, and a campaign; its path. */
  private static String campaign(Api admin) {
    String advertiser =
        admin.post("/api/v1/advertisers", TestNetwork.advertiser("Restart", "FR", "EUR")).id();
    Map<String, Object> rate = new HashMap<>();
    rate.put("date", "2020-01-01");
    rate.put("base", "EUR");
    rate.put("quote", "USD");
    rate.put("rate", "1.25");
    assertThat(admin.post("/api/v1/rates", Map.of("rates", List.of(rate))).status())
        .isBetween(200, 201);
    Map<String, Object> body = new HashMap<>();
    body.put("advertiserId", advertiser);
    body.put("name", "Restart");
    body.put(
        "lineItems",
        List.of(RtbApiTest.lineItem("2.00", Map.of("domains", List.of(DOMAIN)), Map.of())));
    body.put("creatives", List.of(RtbApiTest.banner(300, 250)));
    Api.Response created = admin.post("/api/v1/campaigns", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return "/api/v1/campaigns/" + created.id();
  }

  private static JsonNode bid(TestServer server, String visitor) {
    return bid(server.anonymous(), visitor);
  }

  private static JsonNode bid(Api exchange, String visitor) {
    ObjectNode request = RtbApiTest.request(DOMAIN, visitor);
    request.put("at", 1);
    Api.Response answer = exchange.post(BidHandler.PATH, request);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json().path("seatbid").get(0).path("bid").get(0);
  }

  private static int notice(TestServer server, String url) {
    return server.anonymous().get(path(url)).status();
  }

  /** The path of a URL handed out before the restart, when the server listened on another port. */
  private static String path(String url) {
    return url.substring(url.indexOf('/', url.indexOf("//") + 2));
  }
}
