package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iab.gpp.encoder.field.TcfEuV2Field;
import com.iab.gpp.encoder.section.TcfEuV2;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.tracking.RandomIds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bidder over HTTP against the real server, on both databases: the official OpenRTB 2.6 example
 * requests, requests in the 2.5 shape, a corpus of invalid requests, the blocks, consent, gzip,
 * notices, pausing, a simulated exchange holding caps and the daily budget, and a click that joins
 * a sale's journey.
 */
class RtbApiTest extends NetworkTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static @Nullable Object goldenFor;

  @BeforeEach
  void goldenCampaignAndRates() {
    golden();
  }

  // ---- the official examples -------------------------------------------------------------------

  @Test
  void theOfficialSimpleBannerGetsABidBySpec() {
    golden();
    JsonNode request = fixture("official/simple-banner.json");
    Answer answer = bid(request);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode bid = checkResponse(request, answer, "USD");
    assertThat(bid.path("mtype").asInt()).isEqualTo(1);
    assertThat(bid.path("w").asInt()).isEqualTo(300);
    assertThat(bid.path("h").asInt()).isEqualTo(250);
    // 2.00 EUR CPM at 1.25 USD to the EUR.
    assertThat(bid.path("price").decimalValue()).isEqualByComparingTo("2.5");
    assertThat(answer.header("x-openrtb-version")).isEqualTo("2.6");
  }

  /**
   * Regression: a null in {@code bcat}, {@code badv} or {@code bapp} reached a set that refuses
   * nulls and the request was answered 500; a null among the imps was refused. A null inside an
   * array is no element: the request is bid on as if it were not there.
   */
  @Test
  void aNullInsideAnArrayIsNoElementAndNeverAFault() throws IOException {
    golden();
    ObjectNode request = (ObjectNode) fixture("official/simple-banner.json");
    for (String list : List.of("bcat", "badv", "bapp", "cur")) {
      request.set(list, MAPPER.readTree("[null]"));
    }
    ((ObjectNode) request.path("imp").get(0).path("banner"))
        .set("battr", MAPPER.readTree("[null, 13]"));
    Answer answer = bid(request);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    checkResponse(request, answer, "USD");

    ((ArrayNode) request.get("imp")).addNull();
    answer = bid(request);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
  }

  @Test
  void theOfficialMobileAppRequestGetsABidThatItsBlocksAllow() {
    golden();
    JsonNode request = fixture("official/mobile-app.json");
    Answer answer = bid(request);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode bid = checkResponse(request, answer, "USD");
    assertThat(bid.path("w").asInt()).isEqualTo(728);
    for (JsonNode category : bid.path("cat")) {
      for (JsonNode blocked : request.path("bcat")) {
        assertThat(category.asText()).doesNotStartWith(blocked.asText());
      }
    }
    assertThat(bid.path("adomain").toString()).doesNotContain("apple.com");
    // Second price (at = 2): the value itself is bid.
    assertThat(bid.path("price").decimalValue()).isEqualByComparingTo("2.5");
  }

  @Test
  void theOfficialVideoRequestGetsAVastBidWithinItsDurations() {
    golden();
    JsonNode request = fixture("official/video.json");
    Answer answer = bid(request);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode bid = checkResponse(request, answer, "USD");
    assertThat(bid.path("mtype").asInt()).isEqualTo(2);
    assertThat(bid.path("adm").asText()).startsWith("<VAST");
    assertThat(bid.path("price").decimalValue()).isEqualByComparingTo("3.75");
  }

  @Test
  void theOfficialPrivateMarketplaceRequestGetsNoBidWhereItsDealsAreForOtherSeats() {
    golden();
    JsonNode request = fixture("official/pmp-direct-deal.json");
    assertThat(bid(request).status()).isEqualTo(204);

    // The same deal opened to Levier's seat: the deal line item bids at least the deal's floor.
    ObjectNode ours = (ObjectNode) request.deepCopy();
    ArrayNode deals = (ArrayNode) ours.path("imp").get(0).path("pmp").path("deals");
    ((ObjectNode) deals.get(0)).putArray("wseat").add("levier");
    Answer answer = bid(ours);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode bid = checkResponse(ours, answer, "USD");
    assertThat(bid.path("dealid").asText()).isEqualTo("AB-Agency1-0001");
    assertThat(bid.path("price").decimalValue()).isGreaterThanOrEqualTo(new BigDecimal("2.5"));
  }

  // ---- invalid requests -----------------------------------------------------------------------

  @Test
  void everyInvalidRequestOfTheCorpusIsAnswered400WithNoBody() throws IOException {
    List<String> names = OpenRtbFixtures.names("invalid/");
    assertThat(names).hasSizeGreaterThanOrEqualTo(15);
    for (String name : names) {
      Answer answer = post(OpenRtbFixtures.bytes("invalid/" + name), Map.of());
      assertThat(answer.status()).as(name + ": " + answer).isEqualTo(400);
      assertThat(answer.body()).as(name).isEmpty();
    }
  }

  /**
   * "Never a 5xx for bad input": every field of the official examples, at every depth, set to every
   * kind of JSON value, is answered with a bid, no bid or 400, never a fault.
   */
  @Test
  void noRequestOfTheOfficialExamplesWithAFieldOfAnyKindIsAnsweredWithAFault() {
    golden();
    int sent = 0;
    java.util.Set<Integer> statuses = new java.util.TreeSet<>();
    for (String name : OpenRtbFixtures.names("official/")) {
      for (OpenRtbFixtures.Mutation mutation :
          OpenRtbFixtures.mutations(fixture("official/" + name))) {
        // As tests, so that the bids teach the shading nothing the other tests would see.
        JsonNode request = mutation.request();
        if (request instanceof ObjectNode object && !mutation.path().equals(List.of("test"))) {
          object.put("test", 1);
        }
        Answer answer = bid(request);
        assertThat(answer.status()).as(name + " with " + mutation).isIn(200, 204, 400);
        statuses.add(answer.status());
        sent++;
      }
    }
    assertThat(sent).isGreaterThan(2_000);
    assertThat(statuses).containsExactly(200, 204, 400);
    // Regression: the bids of those test auctions were counted as first-price bids that never
    // won, and the next real bid was shaded to 1.875 instead of its value.
    Answer real = bid(fixture("official/simple-banner.json"));
    assertThat(real.status()).as(real.toString()).isEqualTo(200);
    assertThat(
            checkResponse(fixture("official/simple-banner.json"), real, "USD")
                .path("price")
                .decimalValue())
        .isEqualByComparingTo("2.5");
  }

  @Test
  void hugeBodiesBrokenGzipGzipBombsAndOtherVersionsAreInvalid() {
    byte[] simple = OpenRtbFixtures.bytes("official/simple-banner.json");
    assertEmpty400(post(hugeRequest(), Map.of()));
    assertEmpty400(post(new byte[] {31, -117, 8, 0, 1, 2, 3}, Map.of("Content-Encoding", "gzip")));
    assertEmpty400(post(simple, Map.of("Content-Encoding", "gzip")));
    byte[] zeros = new byte[40 * 1024 * 1024];
    assertEmpty400(post(gzip(zeros), Map.of("Content-Encoding", "gzip")));
    assertEmpty400(post(simple, Map.of("x-openrtb-version", "3.0")));
    assertEmpty400(post(new byte[0], Map.of()));
  }

  @Test
  void aHugeBodySentInChunksIsInvalidAndTheNextRequestIsAnswered() {
    golden();
    byte[] huge = hugeRequest();
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openrtb2/bid"))
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            // No length is known in advance: the body comes in chunks.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
            .build();
    Answer refused;
    try {
      refused = send(chunked);
    } catch (UncheckedIOException e) {
      // The server may close the connection before the client has sent the whole body.
      refused = null;
    }
    if (refused != null) {
      assertEmpty400(refused);
    }
    Answer answer = bid(fixture("official/simple-banner.json"));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
  }

  // ---- 2.5 requests, consent ------------------------------------------------------------------

  @Test
  void aTwoPointFiveRequestIsReadAsTwoPointSixAndConsentDecidesOnSegments() {
    String domain = "segments.example";
    Map<String, Object> targeting =
        Map.of("domains", List.of(domain), "segments", List.of("seg-25"));
    campaign(network.asAdvA(), lineItem("1.00", targeting, Map.of()), List.of(banner(300, 250)));
    String allowed = tcf(true);
    String refused = tcf(false);

    ObjectNode v25 = (ObjectNode) fixture("v25/gdpr-consent-in-ext.json");
    ((ObjectNode) v25.path("user").path("ext")).put("consent", allowed);
    assertThat(bid(v25).status()).as("consent in user.ext, GDPR in regs.ext").isEqualTo(200);
    assertThat(bid(v25, Map.of("x-openrtb-version", "2.5")).status()).isEqualTo(200);

    ((ObjectNode) v25.path("user").path("ext")).put("consent", refused);
    assertThat(bid(v25).status()).as("no consent to purposes 3 and 4").isEqualTo(204);
    ((ObjectNode) v25.path("user").path("ext")).put("consent", "not a TC string");
    assertThat(bid(v25).status()).isEqualTo(204);

    // The 2.6 fields win over ext: GDPR does not apply here.
    v25.putObject("regs").put("gdpr", 0);
    assertThat(bid(v25).status()).isEqualTo(200);
    ((ObjectNode) v25.path("regs")).put("coppa", 1);
    assertThat(bid(v25).status()).as("a child: no personal data").isEqualTo(204);
    ((ObjectNode) v25.path("regs")).put("coppa", 0).put("us_privacy", "1YYN");
    assertThat(bid(v25).status()).as("opted out of sale").isEqualTo(204);
  }

  // ---- the blocks and the protocol ------------------------------------------------------------

  @Test
  void blocksSeatsFloorsAndTimeAreHonoured() {
    String domain = unique("blocks");
    campaign(
        network.asAdvA(),
        lineItem("2.00", Map.of("domains", List.of(domain)), Map.of()),
        List.of(banner(300, 250)));
    assertThat(bid(request(domain, null)).status()).isEqualTo(200);

    assertThat(bid(with(request(domain, null), "bcat", "IAB22")).status()).isEqualTo(204);
    assertThat(bid(with(request(domain, null), "badv", "shop.example")).status()).isEqualTo(204);
    assertThat(bid(with(request(domain, null), "wseat", "another-seat")).status()).isEqualTo(204);
    assertThat(bid(with(request(domain, null), "wseat", "levier")).status()).isEqualTo(200);
    assertThat(bid(with(request(domain, null), "bseat", "levier")).status()).isEqualTo(204);

    // The floor in EUR: 2.00 EUR is bid in USD as 2.50; a floor of 2.01 EUR is 2.5125 USD.
    ObjectNode floor = request(domain, null);
    ((ObjectNode) floor.path("imp").get(0)).put("bidfloor", 2.01).put("bidfloorcur", "EUR");
    assertThat(bid(floor).status()).isEqualTo(204);
    ((ObjectNode) floor.path("imp").get(0)).put("bidfloor", 1.99);
    assertThat(bid(floor).status()).isEqualTo(200);

    ObjectNode hurried = request(domain, null);
    hurried.put("tmax", 5);
    assertThat(bid(hurried).status()).as("5 ms left is too short").isEqualTo(204);
    ObjectNode unknownFields = request(domain, null);
    unknownFields.put("futurefield", "x").putObject("ext").put("anything", 1);
    assertThat(bid(unknownFields).status()).isEqualTo(200);
    ObjectNode euro = request(domain, null);
    euro.putArray("cur").add("EUR");
    Answer inEuro = bid(euro);
    assertThat(inEuro.json().path("cur").asText()).isEqualTo("EUR");
    assertThat(inEuro.json().path("seatbid").get(0).path("bid").get(0).path("price").decimalValue())
        .isEqualByComparingTo("2");
  }

  @Test
  void aRegionIsFoundFromTheAddressWhenTheRequestGivesNone() {
    // The shipped table places 192.0.2.0-63 in Paris (FR-IDF), 192.0.2.64-127 in Lyon (FR-ARA).
    String domain = unique("region");
    campaign(
        network.asAdvA(),
        lineItem(
            "2.00", Map.of("domains", List.of(domain), "regions", List.of("FR-IDF")), Map.of()),
        List.of(banner(300, 250)));
    String city = unique("city");
    campaign(
        network.asAdvA(),
        lineItem("2.00", Map.of("domains", List.of(city), "cities", List.of("paris")), Map.of()),
        List.of(banner(300, 250)));

    assertThat(bid(at(request(domain, null), "ip", "192.0.2.10")).status()).isEqualTo(200);
    assertThat(bid(at(request(domain, null), "ip", "192.0.2.70")).status())
        .as("Lyon is not in the region")
        .isEqualTo(204);
    assertThat(bid(at(request(domain, null), "ip", "198.51.100.1")).status())
        .as("a range of a country only")
        .isEqualTo(204);
    assertThat(bid(at(request(domain, null), "ip", "100.64.0.1")).status())
        .as("outside every range")
        .isEqualTo(204);
    assertThat(bid(at(request(city, null), "ip", "192.0.2.10")).status()).isEqualTo(200);
    ObjectNode v6 = request(domain, null);
    ((ObjectNode) v6.path("device")).remove("ip");
    ((ObjectNode) v6.path("device")).put("ipv6", "2001:db8::1");
    assertThat(bid(v6).status()).as("the IPv6 range knows only France").isEqualTo(204);

    // device.geo wins where it speaks, and the address completes it only where they agree.
    ObjectNode lyon = at(request(domain, null), "ip", "192.0.2.10");
    ((ObjectNode) lyon.path("device")).putObject("geo").put("country", "FRA").put("region", "ARA");
    assertThat(bid(lyon).status()).isEqualTo(204);
    ObjectNode france = at(request(domain, null), "ip", "192.0.2.10");
    ((ObjectNode) france.path("device")).putObject("geo").put("country", "FRA");
    assertThat(bid(france).status()).isEqualTo(200);
    ObjectNode germany = at(request(domain, null), "ip", "192.0.2.10");
    ((ObjectNode) germany.path("device")).putObject("geo").put("country", "DEU");
    assertThat(bid(germany).status()).as("Paris is not in Germany").isEqualTo(204);
    ObjectNode paris = at(request(domain, null), "ip", "100.64.0.1");
    ((ObjectNode) paris.path("device")).putObject("geo").put("country", "FRA").put("region", "IDF");
    assertThat(bid(paris).status()).as("a region without its country code").isEqualTo(200);
  }

  @Test
  void aCreativeOfAnAppInBappIsNotBidButAnotherOfItsLineItemIs() {
    String domain = unique("bapp");
    Map<String, Object> app = banner(300, 250);
    app.put("bundle", "com.example.trailgame");
    Map<String, Object> page = banner(300, 250);
    page.put("adomain", List.of("page.example"));
    JsonNode campaign =
        campaign(
            network.asAdvA(),
            lineItem("2.00", Map.of("domains", List.of(domain)), Map.of()),
            List.of(app, page));
    assertThat(campaign.path("creatives").get(0).path("definition").path("bundle").asText())
        .isEqualTo("com.example.trailgame");

    Answer open = bid(request(domain, null));
    assertThat(open.status()).isEqualTo(200);
    JsonNode first = open.json().path("seatbid").get(0).path("bid").get(0);
    assertThat(first.path("bundle").asText()).isEqualTo("com.example.trailgame");

    Answer blocked = bid(with(request(domain, null), "bapp", "com.example.trailgame"));
    assertThat(blocked.status()).isEqualTo(200);
    JsonNode second = blocked.json().path("seatbid").get(0).path("bid").get(0);
    assertThat(second.path("adomain").get(0).asText()).isEqualTo("page.example");
    assertThat(second.has("bundle")).as("an ad of a web page names no app").isFalse();

    ObjectNode both = with(request(domain, null), "bapp", "com.example.trailgame");
    ((ArrayNode) both.path("bapp")).add("x");
    both.putArray("badv").add("page.example");
    assertThat(bid(both).status()).isEqualTo(204);

    Map<String, Object> wrong = banner(300, 250);
    wrong.put("bundle", "not a bundle");
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Wrong bundle");
    body.put("lineItems", List.of(lineItem("1.00", Map.of(), Map.of())));
    body.put("creatives", List.of(wrong));
    Api.Response refused = network.asAdvA().post("/api/v1/campaigns", body);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("errors").get(0).path("field").asText())
        .isEqualTo("creatives[0].bundle");
  }

  /** The request with its device at this address. */
  private static ObjectNode at(ObjectNode request, String field, String address) {
    ((ObjectNode) request.path("device")).put(field, address);
    return request;
  }

  @Test
  void bodiesAndAnswersMayBeGzipped() {
    String domain = unique("gzip");
    campaign(
        network.asAdvA(),
        lineItem("1.00", Map.of("domains", List.of(domain)), Map.of()),
        List.of(banner(300, 250)));
    byte[] body = write(request(domain, null));
    Answer answer = post(gzip(body), Map.of("Content-Encoding", "gzip", "Accept-Encoding", "gzip"));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertThat(answer.header("content-encoding")).isEqualTo("gzip");
    assertThat(answer.json().path("id").asText()).startsWith("req-");
  }

  // ---- money, notices, journeys ---------------------------------------------------------------

  @Test
  void aBillingNoticeIsSpentOnceAndTheAdsClickJoinsTheSalesJourney() throws Exception {
    String domain = unique("journey");
    JsonNode campaign =
        campaign(
            network.asAdvA(),
            lineItem("2.00", Map.of("domains", List.of(domain)), Map.of()),
            List.of(banner(300, 250)));
    String visitor = RandomIds.visitorId(System.currentTimeMillis() - 60_000);
    Answer answer = bid(request(domain, visitor));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode bid = answer.json().path("seatbid").get(0).path("bid").get(0);

    // The exchange fills the macros: a second-price clearing at 1.25 USD, i.e. 1.00 EUR CPM.
    String billing = macros(bid.path("burl").asText(), "1.25");
    assertThat(get(macros(bid.path("nurl").asText(), "1.25"), Map.of()).status()).isEqualTo(200);
    assertThat(get(billing, Map.of()).status()).isEqualTo(200);
    assertThat(get(billing, Map.of()).status()).isEqualTo(200);
    assertThat(get(forged(billing), Map.of()).status()).isEqualTo(403);
    assertThat(get(billing.replaceAll("t=[^&]*", "t="), Map.of()).status()).isEqualTo(400);
    server.levier().rtb().journal().flush();
    JsonNode lineItem =
        ok(network.asAdvA().get("/api/v1/campaigns/" + campaign.path("id").asText()))
            .json()
            .path("lineItems")
            .get(0);
    assertThat(lineItem.path("spent").asText()).isEqualTo("0.001");
    assertThat(lineItem.path("spentToday").asText()).isEqualTo("0.001");

    // The visitor clicks the ad: Levier's tracker sends it to the landing page.
    String adm = bid.path("adm").asText();
    String click =
        adm.substring(adm.indexOf("href=\"") + 6, adm.indexOf("\"", adm.indexOf("href=\"") + 6));
    assertThat(click).startsWith(server.baseUrl() + "/rtb/click/");
    Answer landed = get(click, Map.of("Cookie", "lv_vid=" + visitor));
    assertThat(landed.status()).isEqualTo(302);
    assertThat(landed.header("location")).isEqualTo("https://shop.example/landing");
    server.levier().rtb().journal().flush();
    long learnt = server.levier().rtb().programmatic().conversions();

    Map<String, Object> sale = new HashMap<>();
    sale.put("programmeId", network.progA1());
    sale.put("orderId", unique("RTB"));
    sale.put("orderedAt", Instant.now().toString());
    sale.put("currency", "EUR");
    sale.put("total", "50.00");
    sale.put("visitorId", visitor);
    Api.Response created = network.asAdvA().post("/api/v1/conversions", sale);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode journey =
        ok(network.asAdvA().get("/api/v1/conversions/" + created.id())).json().path("journey");
    List<String> channels = new ArrayList<>();
    journey.forEach(t -> channels.add(t.path("channel").asText()));
    assertThat(channels)
        .as(journey.toString())
        .containsExactly("programmatic-view", "programmatic");
    // The sale also teaches the bidder that the ad's click converted.
    assertThat(server.levier().rtb().programmatic().conversions()).isEqualTo(learnt + 1);
  }

  @Test
  void aLossGivesBackTheReservationAndAPausedCampaignStopsBiddingWithinASecond() {
    String domain = unique("pause");
    JsonNode campaign =
        campaign(
            network.asAdvA(),
            lineItem("1.00", Map.of("domains", List.of(domain)), Map.of()),
            List.of(banner(300, 250)));
    Answer first = bid(request(domain, null));
    assertThat(first.status()).isEqualTo(200);
    String loss = first.json().path("seatbid").get(0).path("bid").get(0).path("lurl").asText();
    assertThat(loss).contains("${AUCTION_LOSS}").contains("${AUCTION_MIN_TO_WIN}");
    assertThat(get(macros(loss, "1.3"), Map.of()).status()).isEqualTo(200);

    String path = "/api/v1/campaigns/" + campaign.path("id").asText();
    long start = System.nanoTime();
    JsonNode paused = ok(network.asAdvA().post(path + "/pause", Map.of())).json();
    assertThat(paused.path("status").asText()).isEqualTo("paused");
    int status = bid(request(domain, null)).status();
    while (status != 204 && System.nanoTime() - start < 2_000_000_000L) {
      status = bid(request(domain, null)).status();
    }
    assertThat(status).isEqualTo(204);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    ok(network.asAdvA().post(path + "/resume", Map.of("version", paused.path("version").asInt())));
    assertThat(bid(request(domain, null)).status()).isEqualTo(200);
  }

  @Test
  void aSimulatedExchangeKeepsFrequencyCapsAndTheDailyBudget() {
    String domain = unique("exchange");
    // 0.05 EUR a day at 2.00 EUR CPM: 25 impressions; no user sees more than 2 a day.
    Map<String, Object> lineItem = lineItem("2.00", Map.of("domains", List.of(domain)), Map.of());
    lineItem.put("dailyBudget", "0.05");
    lineItem.put("pacing", "asap");
    lineItem.put("frequencyCaps", Map.of("perDay", 2));
    JsonNode campaign = campaign(network.asAdvA(), lineItem, List.of(banner(300, 250)));
    Map<String, Integer> seen = new HashMap<>();
    int bids = 0;
    for (int i = 0; i < 400; i++) {
      String user = "user-" + (i % 40);
      ObjectNode request = request(domain, null);
      request.putObject("user").put("id", user);
      Answer answer = bid(request);
      if (answer.status() != 200) {
        assertThat(answer.status()).isEqualTo(204);
        continue;
      }
      bids++;
      if (i % 2 == 0) {
        seen.merge(user, 1, Integer::sum);
      }
      JsonNode bid = answer.json().path("seatbid").get(0).path("bid").get(0);
      // Half the auctions are won and billed at the bid, the others lost.
      String notice =
          i % 2 == 0
              ? macros(bid.path("burl").asText(), bid.path("price").asText())
              : macros(bid.path("lurl").asText(), bid.path("price").asText());
      assertThat(get(notice, Map.of()).status()).isEqualTo(200);
    }
    // A lost bid gives its count back: impressions, not bids, are capped.
    assertThat(seen.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    assertThat(bids).isGreaterThan(0);
    server.levier().rtb().journal().flush();
    JsonNode spent =
        ok(network.asAdvA().get("/api/v1/campaigns/" + campaign.path("id").asText()))
            .json()
            .path("lineItems")
            .get(0);
    // At most the budget plus 1% and one impression at the highest bid.
    assertThat(new BigDecimal(spent.path("spentToday").asText()))
        .isLessThanOrEqualTo(
            new BigDecimal("0.05").add(new BigDecimal("0.0005")).add(new BigDecimal("0.005")));
  }

  // ---- the campaign API -----------------------------------------------------------------------

  @Test
  void campaignsAreTheirAdvertisersAndMistakesAreNamedByField() {
    JsonNode campaign =
        campaign(
            network.asAdvA(),
            lineItem("1.00", Map.of("domains", List.of(unique("api"))), Map.of()),
            List.of(banner(300, 250)));
    String path = "/api/v1/campaigns/" + campaign.path("id").asText();
    assertThat(network.asAdvB().get(path).status()).isEqualTo(404);
    assertThat(network.asPubX().get(path).status()).isEqualTo(403);
    assertThat(network.asAdvB().post(path + "/pause", Map.of()).status()).isEqualTo(404);
    assertThat(ok(network.asAdvA().get("/api/v1/campaigns?limit=200")).text())
        .contains(campaign.path("id").asText());
    assertThat(ok(network.asAdvB().get("/api/v1/campaigns?limit=200")).text())
        .doesNotContain(campaign.path("id").asText());
    assertThat(campaign.path("creatives").get(0).path("clickUrl").asText())
        .startsWith(server.baseUrl() + "/rtb/click/crv_");

    Map<String, Object> wrong = lineItem("1.00", Map.of("hours", List.of(9, 25)), Map.of());
    wrong.put("dailyBudget", "-1");
    wrong.put("bidStrategy", Map.of("kind", "target-cpx"));
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Wrong");
    body.put("lineItems", List.of(wrong));
    body.put("creatives", List.of(Map.of("format", "banner", "markup", "x")));
    Api.Response refused = network.asAdvA().post("/api/v1/campaigns", body);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.header("content-type")).startsWith("application/problem+json");
    List<String> fields = new ArrayList<>();
    refused.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .contains(
            "lineItems[0].dailyBudget",
            "lineItems[0].bidStrategy.kind",
            "lineItems[0].targeting.hours[1]",
            "creatives[0].adomain",
            "creatives[0].landingUrl",
            "creatives[0].width");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The campaign the official examples are bid on, made once per server. */
  private static synchronized void golden() {
    if (goldenFor == server) {
      return;
    }
    // 1.25 USD to the EUR since 2020, so that every test bids in USD the same.
    Map<String, Object> rate = Map.of("date", "2020-01-01", "base", "EUR", "quote", "USD");
    Map<String, Object> eurUsd = new HashMap<>(rate);
    eurUsd.put("rate", "1.25");
    ok(server.admin().post("/api/v1/rates", Map.of("rates", List.of(eurUsd))));
    Map<String, Object> site =
        lineItem(
            "2.00",
            Map.of("domains", List.of("foobar.com"), "formats", List.of("banner")),
            Map.of());
    Map<String, Object> app =
        lineItem(
            "2.00", Map.of("bundles", List.of("12345"), "formats", List.of("banner")), Map.of());
    Map<String, Object> video =
        lineItem(
            "3.00",
            Map.of("domains", List.of("siteabcd.com"), "formats", List.of("video")),
            Map.of());
    Map<String, Object> deal =
        lineItem(
            "4.00",
            Map.of("deals", List.of("AB-Agency1-0001"), "domains", List.of("foobar.com")),
            Map.of());
    Map<String, Object> videoCreative = new HashMap<>();
    videoCreative.put("format", "video");
    videoCreative.put("width", 640);
    videoCreative.put("height", 480);
    videoCreative.put(
        "markup",
        "<VAST version=\"4.0\"><Ad id=\"1\"><InLine><AdSystem>Levier</AdSystem></InLine></Ad></VAST>");
    videoCreative.put("adomain", List.of("shop.example"));
    videoCreative.put("categories", List.of("IAB22"));
    videoCreative.put("durationSeconds", 15);
    videoCreative.put("protocols", List.of(2, 3, 7));
    videoCreative.put("mimes", List.of("video/mp4"));
    videoCreative.put("landingUrl", "https://shop.example/landing");
    Map<String, Object> body = new HashMap<>();
    body.put("name", "Golden");
    body.put("lineItems", List.of(site, app, video, deal));
    body.put("creatives", List.of(banner(300, 250), banner(728, 90), videoCreative));
    Api.Response created = network.asAdvA().post("/api/v1/campaigns", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    goldenFor = server;
  }

  private static JsonNode checkResponse(JsonNode request, Answer answer, String currency) {
    JsonNode response = answer.json();
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(response.path("id").asText()).isEqualTo(request.path("id").asText());
    assertThat(response.path("cur").asText()).isEqualTo(currency);
    assertThat(response.path("bidid").asText()).isNotEmpty();
    JsonNode seatbid = response.path("seatbid");
    assertThat(seatbid.size()).isEqualTo(1);
    assertThat(seatbid.get(0).path("seat").asText()).isEqualTo("levier");
    JsonNode bids = seatbid.get(0).path("bid");
    assertThat(bids.size()).isEqualTo(1);
    JsonNode bid = bids.get(0);
    assertThat(bid.path("impid").asText())
        .isEqualTo(request.path("imp").get(0).path("id").asText());
    assertThat(bid.path("id").asText()).isNotEmpty();
    assertThat(bid.path("price").isNumber()).isTrue();
    assertThat(bid.path("price").decimalValue())
        .isGreaterThanOrEqualTo(request.path("imp").get(0).path("bidfloor").decimalValue());
    assertThat(bid.path("nurl").asText()).contains("${AUCTION_PRICE}");
    assertThat(bid.path("burl").asText()).contains("${AUCTION_PRICE}");
    assertThat(bid.path("lurl").asText()).contains("${AUCTION_LOSS}");
    assertThat(bid.path("crid").asText()).startsWith("crv_");
    assertThat(bid.path("cid").asText()).startsWith("cmp_");
    assertThat(bid.path("adomain").get(0).asText()).isEqualTo("shop.example");
    assertThat(bid.path("adm").asText()).doesNotContain("${CLICK_URL}");
    return bid;
  }

  private static Api.Response ok(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isBetween(200, 201);
    return response;
  }

  static Map<String, Object> lineItem(
      String cpm, Map<String, Object> targeting, Map<String, Object> caps) {
    Map<String, Object> item = new HashMap<>();
    item.put("name", "LI " + SEQUENCE.incrementAndGet());
    item.put("start", Instant.now().minus(Duration.ofDays(1)).toString());
    item.put("end", Instant.now().plus(Duration.ofDays(30)).toString());
    item.put("dailyBudget", "100.00");
    item.put("totalBudget", "1000.00");
    item.put("pacing", "asap");
    item.put("bidStrategy", Map.of("kind", "fixed-cpm", "cpm", cpm));
    item.put("maxBid", "5.00");
    item.put("targeting", targeting);
    if (!caps.isEmpty()) {
      item.put("frequencyCaps", caps);
    }
    return item;
  }

  static Map<String, Object> banner(int width, int height) {
    Map<String, Object> creative = new HashMap<>();
    creative.put("format", "banner");
    creative.put("width", width);
    creative.put("height", height);
    creative.put(
        "markup",
        "<a href=\"${CLICK_URL}\"><img src=\"https://cdn.shop.example/"
            + width
            + "x"
            + height
            + ".png\"></a>");
    creative.put("adomain", List.of("shop.example"));
    creative.put("categories", List.of("IAB22-1"));
    creative.put("landingUrl", "https://shop.example/landing");
    return creative;
  }

  static JsonNode campaign(
      Api as, Map<String, Object> lineItem, List<Map<String, Object>> creatives) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", unique("Campaign"));
    body.put("lineItems", List.of(lineItem));
    body.put("creatives", creatives);
    Api.Response created = as.post("/api/v1/campaigns", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  static ObjectNode request(String domain, @Nullable String visitor) {
    ObjectNode request = MAPPER.createObjectNode();
    request.put("id", unique("req"));
    request.put("at", 2);
    request.putArray("cur").add("USD");
    ObjectNode imp = request.putArray("imp").addObject();
    imp.put("id", "1").put("bidfloor", 0.01);
    imp.putObject("banner").put("w", 300).put("h", 250);
    request.putObject("site").put("id", "site-" + domain).put("domain", domain);
    request.putObject("device").put("ua", "Mozilla/5.0 Firefox/120.0").put("ip", "192.0.2.1");
    if (visitor != null) {
      request.putObject("user").put("buyeruid", visitor);
    }
    return request;
  }

  private static ObjectNode with(ObjectNode request, String list, String value) {
    request.putArray(list).add(value);
    return request;
  }

  private static String unique(String prefix) {
    return prefix
        + "-"
        + SEQUENCE.incrementAndGet()
        + "-"
        + System.nanoTime() % 100_000
        + ".example";
  }

  private static String tcf(boolean personalised) {
    TcfEuV2 tcf = new TcfEuV2();
    List<Boolean> purposes = new ArrayList<>(Collections.nCopies(24, false));
    purposes.set(0, true);
    purposes.set(2, personalised);
    purposes.set(3, personalised);
    tcf.setFieldValue(TcfEuV2Field.PURPOSE_CONSENTS, purposes);
    tcf.setFieldValue(TcfEuV2Field.CMP_ID, 7);
    return tcf.encode();
  }

  /**
   * The notice URL with its signed bid changed: the bid id's first character is another, as a
   * fraudster billing bids he did not win would try.
   */
  static String forged(String url) {
    int start = url.indexOf("t=") + 2;
    char[] chars = url.toCharArray();
    // The payload starts with a version byte then the bid id: change a character inside the id.
    int i = start + 6;
    chars[i] = chars[i] == 'A' ? 'B' : 'A';
    return new String(chars);
  }

  /** A notice URL as an exchange calls it: the macros filled. */
  static String macros(String url, String price) {
    return NoticeMacros.substitute(
        url,
        Map.of(
            NoticeMacros.AUCTION_PRICE,
            price,
            NoticeMacros.AUCTION_LOSS,
            "102",
            NoticeMacros.AUCTION_MIN_TO_WIN,
            price));
  }

  /** A bid request by the specification, but of 2 MB: over any body limit. */
  private static byte[] hugeRequest() {
    StringBuilder huge = new StringBuilder("{\"id\":\"huge\",\"imp\":[");
    while (huge.length() < 2 * 1024 * 1024) {
      huge.append("{\"id\":\"").append(huge.length()).append("\",\"banner\":{}},");
    }
    huge.append("{\"id\":\"last\",\"banner\":{}}]}");
    return huge.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void assertEmpty400(Answer answer) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.body()).isEmpty();
  }

  record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    JsonNode json() {
      try {
        byte[] bytes = body;
        if ("gzip".equals(header("content-encoding"))) {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            bytes = in.readAllBytes();
          }
        }
        return MAPPER.readTree(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  static Answer bid(JsonNode request) {
    return bid(request, Map.of());
  }

  private static Answer bid(JsonNode request, Map<String, String> headers) {
    return post(write(request), headers);
  }

  private static Answer post(byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openrtb2/bid"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  static Answer get(String url, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    headers.forEach(request::header);
    return send(request.build());
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Map<String, List<String>> headers = new HashMap<>();
      response
          .headers()
          .map()
          .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
      return new Answer(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static JsonNode fixture(String name) {
    try {
      return MAPPER.readTree(OpenRtbFixtures.bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
