package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole day of a simulated exchange over HTTP, on a server whose clock the test moves: bid
 * requests arrive evenly through the day (about twice what the budget can buy), half the bids win
 * and are billed at a price up to the bid, and the line item's even pacing keeps its spend within
 * ±10% of the even curve at every hour, never past the daily budget by more than 1% plus one
 * highest bid. Both databases.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class RtbPacingDayTest {
  private static final String DOMAIN = "pacing-day.example";
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  // 0.80 a day at 2.00 CPM; the supply (24 requests a quarter hour, half of the bids won, at 75% of
  // the bid on average) could spend about 1.73 a day: more than twice the budget.
  private static final BigDecimal DAILY = new BigDecimal("0.80");
  private static final BigDecimal MAX_BID_CPM = new BigDecimal("5.00");
  private static final int QUARTERS = 96;
  private static final int REQUESTS_PER_QUARTER = 24;

  @Parameter TestDatabase kind;

  @Test
  void evenPacingSpendsTheDayAlongTheCurveWithinTenPercent() {
    // The test moves the clock before every request, far above the API's rate for one key.
    Map<String, String> settings =
        Map.of("clock", "simulated", "http.rate-limit", "100000", "http.rate-burst", "100000");
    try (TestServer server = TestServer.start(kind, settings)) {
      Api admin = server.admin();
      // Tomorrow in Paris, so that the whole day lies ahead of the clock, which only moves on.
      Instant midnight = LocalDate.now(PARIS).plusDays(2).atStartOfDay(PARIS).toInstant();
      String campaign = campaign(admin);
      setClock(admin, midnight);

      Random random = new Random(11);
      BigDecimal spent = BigDecimal.ZERO;
      long step = Duration.ofMinutes(15).toMillis() / REQUESTS_PER_QUARTER;
      for (int quarter = 0; quarter < QUARTERS; quarter++) {
        for (int i = 0; i < REQUESTS_PER_QUARTER; i++) {
          Instant now = midnight.plus(Duration.ofMinutes(15L * quarter)).plusMillis(i * step + 1);
          setClock(admin, now);
          ObjectNode request = RtbApiTest.request(DOMAIN, null);
          request.putArray("cur").add("EUR");
          // In euros, like the line item: no rate is needed (a floor's currency is USD if unsaid).
          ((ObjectNode) request.path("imp").get(0)).put("bidfloorcur", "EUR");
          Api.Response answer = server.anonymous().post(BidHandler.PATH, request);
          if (answer.status() == 204) {
            continue;
          }
          assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
          JsonNode bid = answer.json().path("seatbid").get(0).path("bid").get(0);
          if (random.nextBoolean()) {
            // Won, at a price between half the bid and the bid, and billed.
            BigDecimal price =
                bid.path("price")
                    .decimalValue()
                    .multiply(BigDecimal.valueOf(50 + random.nextInt(51)))
                    .divide(BigDecimal.valueOf(100), 6, RoundingMode.DOWN);
            String billing = RtbApiTest.macros(bid.path("burl").asText(), price.toPlainString());
            assertThat(server.anonymous().get(path(billing)).status()).isEqualTo(200);
            spent = spent.add(price.divide(BigDecimal.valueOf(1000), 9, RoundingMode.DOWN));
          } else {
            String loss = RtbApiTest.macros(bid.path("lurl").asText(), "0");
            assertThat(server.anonymous().get(path(loss)).status()).isEqualTo(200);
          }
        }
        if ((quarter + 1) % 4 == 0) {
          int hours = (quarter + 1) / 4;
          BigDecimal curve =
              DAILY
                  .multiply(BigDecimal.valueOf(hours))
                  .divide(BigDecimal.valueOf(24), 9, RoundingMode.HALF_UP);
          assertThat(spent.subtract(curve).abs())
              .as("after %d hours: spent %s, even curve %s", hours, spent, curve)
              .isLessThanOrEqualTo(DAILY.movePointLeft(1));
        }
      }
      BigDecimal ceiling = DAILY.multiply(new BigDecimal("1.01")).add(MAX_BID_CPM.movePointLeft(3));
      assertThat(spent).isLessThanOrEqualTo(ceiling);
      // What the server counted is what the exchange billed.
      server.levier().rtb().journal().flush();
      JsonNode lineItem = admin.get(campaign).json().path("lineItems").get(0);
      // Within a micro-unit of rounding per impression.
      assertThat(new BigDecimal(lineItem.path("spent").asText()))
          .isCloseTo(spent, org.assertj.core.api.Assertions.within(new BigDecimal("0.001")));
    }
  }

  private static String campaign(Api admin) {
    String advertiser =
        admin.post("/api/v1/advertisers", TestNetwork.advertiser("Pacing", "FR", "EUR")).id();
    Map<String, Object> lineItem =
        RtbApiTest.lineItem("2.00", Map.of("domains", List.of(DOMAIN)), Map.of());
    lineItem.put("pacing", "even");
    lineItem.put("dailyBudget", DAILY.toPlainString());
    lineItem.put("totalBudget", "100.00");
    lineItem.put("maxBid", MAX_BID_CPM.toPlainString());
    Map<String, Object> body = new HashMap<>();
    body.put("advertiserId", advertiser);
    body.put("name", "Pacing day");
    body.put("currency", "EUR");
    body.put("timeZone", PARIS.getId());
    body.put("lineItems", List.of(lineItem));
    body.put("creatives", List.of(RtbApiTest.banner(300, 250)));
    Api.Response created = admin.post("/api/v1/campaigns", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return "/api/v1/campaigns/" + created.id();
  }

  private static void setClock(Api admin, Instant now) {
    Api.Response set = admin.send("PUT", "/api/v1/clock", Map.of("now", now.toString()), Map.of());
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
  }

  private static String path(String url) {
    return url.substring(url.indexOf('/', url.indexOf("//") + 2));
  }
}
