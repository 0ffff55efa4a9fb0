package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PostbackPixelReportTest extends NetworkTest {
  private static final AtomicInteger ORDERS = new AtomicInteger();

  private String programme() {
    Map<String, Object> body =
        new HashMap<>(TestNetwork.programme(network.advA(), "Postbacks", "a.example", "active"));
    body.put("minClickSeconds", 0);
    return server.admin().post("/api/v1/programmes", body).id();
  }

  private String secret() {
    Api.Response response =
        network.asAdvA().post("/api/v1/advertisers/" + network.advA() + "/postback-secret", null);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("postbackSecret").asText();
  }

  private static String query(Map<String, String> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach(
        (k, v) ->
            pairs.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return String.join("&", pairs);
  }

  private Map<String, String> postback(String programme, String orderId) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("advertiserId", network.advA());
    params.put("programmeId", programme);
    params.put("orderId", orderId);
    params.put("currency", "EUR");
    params.put("total", "42.00");
    params.put("lines[0].sku", "SKU 1");
    params.put("lines[0].quantity", "2");
    params.put("lines[0].unitPrice", "21.00");
    params.put("lines[0].category", "Home > Lamps");
    params.put("ts", Long.toString(Instant.now().getEpochSecond()));
    return params;
  }

  private static String sign(String secret, Map<String, String> params) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    params.forEach((k, v) -> query.put(k, List.of(v)));
    return PostbackSignature.sign(secret, query);
  }

  @Test
  void aSignedPostbackIsStoredOnceAndABadOneIsRefused() {
    String programme = programme();
    String secret = secret();
    Map<String, String> params = postback(programme, "PB-" + ORDERS.incrementAndGet());
    params.put("sig", sign(secret, params));

    Api.Response created = server.anonymous().get("/postback?" + query(params));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("source").asText()).isEqualTo("postback");
    assertThat(created.json().path("lines").get(0).path("category").asText())
        .isEqualTo("Home > Lamps");
    assertThat(server.anonymous().get("/postback?" + query(params)).status()).isEqualTo(200);

    Map<String, String> tampered = new LinkedHashMap<>(params);
    tampered.put("total", "4200.00");
    Api.Response refused = server.anonymous().get("/postback?" + query(tampered));
    assertThat(refused.status()).isEqualTo(401);
    // A postback proves itself by its signature, not by a key: the challenge says so.
    assertThat(refused.header("WWW-Authenticate")).startsWith("Levier-Signature");

    Map<String, String> stale = postback(programme, "PB-" + ORDERS.incrementAndGet());
    stale.put("ts", Long.toString(Instant.now().minusSeconds(3600).getEpochSecond()));
    stale.put("sig", sign(secret, stale));
    assertThat(server.anonymous().get("/postback?" + query(stale)).status()).isEqualTo(401);

    Map<String, String> unsigned = postback(programme, "PB-" + ORDERS.incrementAndGet());
    Api.Response missing = server.anonymous().get("/postback?" + query(unsigned));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("errors").get(0).path("field").asText()).isEqualTo("sig");
  }

  @Test
  void aRotatedSecretReplacesTheOldOneAtOnce() {
    String programme = programme();
    String old = secret();
    String fresh = secret();
    Map<String, String> params = postback(programme, "PB-" + ORDERS.incrementAndGet());
    params.put("sig", sign(old, params));
    assertThat(server.anonymous().get("/postback?" + query(params)).status()).isEqualTo(401);
    params.put("sig", sign(fresh, params));
    assertThat(server.anonymous().get("/postback?" + query(params)).status()).isEqualTo(201);
    assertThat(
            network
                .asAdvB()
                .post("/api/v1/advertisers/" + network.advA() + "/postback-secret", null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void thePixelAnswersAGifAndIsTrustedLess() {
    String programme = programme();
    String partnership =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubX()))
            .id();
    String path =
        server
            .admin()
            .post("/api/v1/links", Map.of("partnershipId", partnership))
            .json()
            .path("trackingUrl")
            .asText()
            .substring(server.baseUrl().length());
    Api.Response click =
        server
            .anonymous()
            .send(
                "GET",
                path,
                null,
                Map.of("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605.1"));
    String visitor = click.header("Set-Cookie").split(";")[0];
    String orderId = "PX-" + ORDERS.incrementAndGet();

    Api.Response pixel =
        server
            .anonymous()
            .send(
                "GET",
                "/px.gif?programmeId="
                    + programme
                    + "&orderId="
                    + orderId
                    + "&currency=EUR&total=10.00",
                null,
                Map.of("Cookie", visitor));

    assertThat(pixel.status()).isEqualTo(200);
    assertThat(pixel.header("Content-Type")).isEqualTo("image/gif");
    JsonNode stored =
        network.asAdvA().get("/api/v1/conversions?orderId=" + orderId).json().path("data").get(0);
    assertThat(stored.path("trust").asText()).isEqualTo("low");
    assertThat(stored.path("source").asText()).isEqualTo("pixel");
    assertThat(stored.path("attributedTo").path("key").asText()).isEqualTo("visitor");

    Api.Response bad =
        server
            .anonymous()
            .get("/px.gif?programmeId=" + programme + "&orderId=x&currency=EUR&total=ten");
    assertThat(bad.status()).isEqualTo(422);
  }

  @Test
  void reportsCountClicksSalesAndRevenueByDayProgrammeAndPublisher() {
    String programme = programme();
    String partnership =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubY()))
            .id();
    String path =
        server
            .admin()
            .post("/api/v1/links", Map.of("partnershipId", partnership))
            .json()
            .path("trackingUrl")
            .asText()
            .substring(server.baseUrl().length());
    String clickId = null;
    for (int i = 0; i < 3; i++) {
      Api.Response click =
          server
              .anonymous()
              .send(
                  "GET",
                  path,
                  null,
                  Map.of("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"));
      clickId = URI.create(click.header("Location")).getQuery().replace("lvclid=", "");
    }
    server.awaitClicksStored();
    Map<String, Object> order = new HashMap<>();
    order.put("programmeId", programme);
    order.put("orderId", "REP-" + ORDERS.incrementAndGet());
    order.put("orderedAt", Instant.now().toString());
    order.put("clickId", clickId);
    order.put("currency", "EUR");
    order.put("total", "80.00");
    order.put("lines", List.of(Map.of("sku", "X", "quantity", 1, "unitPrice", "75.50")));
    assertThat(network.asAdvA().post("/api/v1/conversions", order).status()).isEqualTo(201);

    String today = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
    Api.Response report =
        network
            .asAdvA()
            .get(
                "/api/v1/reports/performance?from="
                    + today
                    + "&to="
                    + today
                    + "&programmeId="
                    + programme);
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    JsonNode rows = report.json().path("rows");
    assertThat(rows).hasSize(1);
    JsonNode row = rows.get(0);
    assertThat(row.path("day").asText()).isEqualTo(today);
    assertThat(row.path("publisherId").asText()).isEqualTo(network.pubY());
    assertThat(row.path("clicks").asLong()).isEqualTo(3);
    assertThat(row.path("validClicks").asLong()).isEqualTo(3);
    assertThat(row.path("conversions").asLong()).isEqualTo(1);
    assertThat(row.path("revenue").get(0).path("amount").asText()).isEqualTo("75.50");

    Api.Response byProgramme =
        network
            .asAdvA()
            .get(
                "/api/v1/reports/performance?from="
                    + today
                    + "&to="
                    + today
                    + "&groupBy=programme&programmeId="
                    + programme);
    assertThat(byProgramme.json().path("rows").get(0).path("day").isNull()).isTrue();
    assertThat(
            network
                .asAdvB()
                .get(
                    "/api/v1/reports/performance?from="
                        + today
                        + "&to="
                        + today
                        + "&programmeId="
                        + programme)
                .json()
                .path("rows"))
        .isEmpty();
    assertThat(
            network
                .asPubX()
                .get(
                    "/api/v1/reports/performance?from="
                        + today
                        + "&to="
                        + today
                        + "&programmeId="
                        + programme)
                .json()
                .path("rows"))
        .isEmpty();
    assertThat(
            network
                .asPubY()
                .get(
                    "/api/v1/reports/performance?from="
                        + today
                        + "&to="
                        + today
                        + "&programmeId="
                        + programme)
                .json()
                .path("rows"))
        .hasSize(1);
    assertThat(network.asAdvA().get("/api/v1/reports/performance?from=" + today).status())
        .isEqualTo(400);
    assertThat(
            network
                .asAdvA()
                .get("/api/v1/reports/performance?from=2026-01-01&to=2027-06-01")
                .status())
        .isEqualTo(400);
  }
}
