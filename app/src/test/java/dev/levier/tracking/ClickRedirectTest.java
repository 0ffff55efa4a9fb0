package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClickRedirectTest extends NetworkTest {
  static final String BROWSER =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/130.0 Safari/537.36";
  static final String IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

  private String link(Api as, String partnershipId, Map<String, Object> extra) {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("partnershipId", partnershipId);
    Api.Response created = as.post("/api/v1/links", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().path("trackingUrl").asText().substring(server.baseUrl().length());
  }

  private Api.Response click(String path, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("User-Agent", BROWSER));
    all.putAll(headers);
    return server.anonymous().send("GET", path, null, all);
  }

  private static String param(String location, String name) {
    String query = URI.create(location).getRawQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " not in " + location);
  }

  @Test
  void aClickRedirectsWithAClickIdAndIsRecorded() {
    String path =
        link(
            network.asPubX(),
            network.ptnA1X(),
            Map.of(
                "url",
                "https://shop.a.example/dresses?colour=red#reviews",
                "subIds",
                Map.of("sub1", "homepage")));

    Api.Response response =
        click(
            path + "?sub2=sidebar",
            Map.of("X-Forwarded-For", "192.0.2.77", "Referer", "https://blog.example/post"));

    assertThat(response.status()).isEqualTo(302);
    String location = response.header("Location");
    assertThat(location)
        .startsWith("https://shop.a.example/dresses?colour=red&lvclid=")
        .endsWith("#reviews");
    String clickId = param(location, "lvclid");
    assertThat(clickId).matches("[A-Za-z0-9_-]{24}");
    assertThat(response.header("Set-Cookie"))
        .startsWith("lv_vid=")
        .contains("HttpOnly")
        .contains("Max-Age=");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");

    server.awaitClicksStored();
    var rows = server.rows("SELECT * FROM click WHERE id = ?", RandomIds.clickRow(clickId));
    assertThat(rows).hasSize(1);
    var row = rows.get(0);
    assertThat(row.get("sub1")).isEqualTo("homepage");
    assertThat(row.get("sub2")).isEqualTo("sidebar");
    assertThat(row.get("country")).isEqualTo("FR");
    assertThat(row.get("ip_truncated")).isEqualTo("192.0.2.0");
    assertThat(row.get("device")).isEqualTo("desktop");
    assertThat(row.get("referrer")).isEqualTo("https://blog.example/post");
    assertThat(row.get("user_agent")).isEqualTo(BROWSER);
    assertThat(row.get("commissionable")).isEqualTo(true);
    assertThat(row.get("flags")).isEqualTo("");
    assertThat(row.get("visitor_id").toString()).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  void theVisitorCookieIsKeptAcrossClicks() {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    Api.Response first = click(path, Map.of());
    String visitor = first.header("Set-Cookie").split(";")[0].substring("lv_vid=".length());

    Api.Response second = click(path, Map.of("Cookie", "lv_vid=" + visitor, "User-Agent", IPHONE));
    assertThat(second.header("Set-Cookie")).startsWith("lv_vid=" + visitor + ";");

    server.awaitClicksStored();
    var rows =
        server.rows(
            "SELECT device FROM click WHERE id = ?",
            RandomIds.clickRow(param(second.header("Location"), "lvclid")));
    assertThat(rows.get(0).get("device")).isEqualTo("mobile");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "//evil.example/",
        "https://a.example.evil.example/",
        "javascript:alert(document.cookie)",
        "https:%2F%2Fevil.example",
        "https://evil.example%2F@shop.a.example/",
        "https://shop.a.example\\@evil.example/",
        "https://shop.a.example%5C@evil.example/",
        "https://evil.example/?u=https://shop.a.example/",
        "http://[::1]/",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
      })
  void theRedirectNeverLeavesTheProgrammesDomains(String deepLink) {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    Api.Response response =
        click(
            path
                + "?url="
                + java.net.URLEncoder.encode(deepLink, java.nio.charset.StandardCharsets.UTF_8),
            Map.of());

    assertThat(response.status()).isEqualTo(302);
    String location = response.header("Location");
    assertThat(URI.create(location).getHost()).isEqualTo("www.a.example");
    assertThat(location).startsWith("https://www.a.example/?lvclid=");
    server.awaitClicksStored();
    var rows =
        server.rows(
            "SELECT flags FROM click WHERE id = ?", RandomIds.clickRow(param(location, "lvclid")));
    assertThat(rows.get(0).get("flags").toString()).contains("deep-link-refused");
  }

  @Test
  void anOverLongDeepLinkFallsBackToTheLandingPage() {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    String deepLink = "https://shop.a.example/" + "a".repeat(3000);
    Api.Response response = click(path + "?url=" + deepLink, Map.of());
    assertThat(response.header("Location")).startsWith("https://www.a.example/?lvclid=");
  }

  @Test
  void controlCharactersInSubIdsNeverReachAHeaderOrTheRecord() {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    Api.Response response = click(path + "?sub1=a%0D%0ASet-Cookie:%20x=1&sub2=ok", Map.of());

    assertThat(response.status()).isEqualTo(302);
    assertThat(response.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("x"));
    assertThat(response.headers().getOrDefault("set-cookie", List.of()))
        .allMatch(c -> c.startsWith("lv_vid="));
    server.awaitClicksStored();
    var row =
        server
            .rows(
                "SELECT sub1, sub2, flags FROM click WHERE id = ?",
                RandomIds.clickRow(param(response.header("Location"), "lvclid")))
            .get(0);
    assertThat(row.get("sub1")).isNull();
    assertThat(row.get("sub2")).isEqualTo("ok");
    assertThat(row.get("flags").toString()).contains("sub-id-refused");
  }

  @Test
  void aForgedClickIdInTheDeepLinkIsReplaced() {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    Api.Response response =
        click(
            path
                + "?url="
                + java.net.URLEncoder.encode(
                    "https://shop.a.example/p?lvclid=forged&x=1",
                    java.nio.charset.StandardCharsets.UTF_8),
            Map.of());
    String location = response.header("Location");
    assertThat(location).doesNotContain("forged").contains("x=1");
  }

  @Test
  void suspendedPartnershipsAndPausedProgrammesStillRedirectButDoNotEarn() {
    String programme =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(network.advA(), "Soon paused", "a.example", "active"))
            .id();
    String partnership =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubY()))
            .id();
    String path = link(network.asPubY(), partnership, Map.of());

    server
        .admin()
        .post("/api/v1/partnerships/" + partnership + "/suspend", Map.of("reason", "test"));
    Api.Response suspended = click(path, Map.of());
    server.admin().post("/api/v1/partnerships/" + partnership + "/approve", null);
    server
        .admin()
        .patch("/api/v1/programmes/" + programme, Map.of("version", 1, "status", "paused"));
    Api.Response paused = click(path, Map.of());

    assertThat(suspended.status()).isEqualTo(302);
    assertThat(paused.status()).isEqualTo(302);
    assertThat(suspended.header("Location")).startsWith("https://www.a.example/");
    server.awaitClicksStored();
    var first =
        server
            .rows(
                "SELECT commissionable, flags FROM click WHERE id = ?",
                RandomIds.clickRow(param(suspended.header("Location"), "lvclid")))
            .get(0);
    var second =
        server
            .rows(
                "SELECT commissionable, flags FROM click WHERE id = ?",
                RandomIds.clickRow(param(paused.header("Location"), "lvclid")))
            .get(0);
    assertThat(first.get("commissionable")).isEqualTo(false);
    assertThat(first.get("flags").toString()).contains("not-approved");
    assertThat(second.get("commissionable")).isEqualTo(false);
    assertThat(second.get("flags").toString()).contains("programme-paused");
  }

  @Test
  void botsAndDataCentresAreFlagged() {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    Api.Response bot =
        click(
            path,
            Map.of(
                "User-Agent",
                "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
    Api.Response hosted = click(path, Map.of("X-Forwarded-For", "203.0.113.200"));
    server.awaitClicksStored();
    assertThat(
            server
                .rows(
                    "SELECT device, flags FROM click WHERE id = ?",
                    RandomIds.clickRow(param(bot.header("Location"), "lvclid")))
                .get(0))
        .containsEntry("device", "bot");
    assertThat(
            server
                .rows(
                    "SELECT flags FROM click WHERE id = ?",
                    RandomIds.clickRow(param(hosted.header("Location"), "lvclid")))
                .get(0)
                .get("flags")
                .toString())
        .contains("datacenter");
  }

  /** Counts are per minute: start a burst early enough in one to finish in it. */
  private static void awaitRoomInTheMinute() throws InterruptedException {
    long second = java.time.Instant.now().getEpochSecond() % 60;
    if (second >= 50) {
      Thread.sleep((61 - second) * 1000);
    }
  }

  private String flags(Api.Response click) {
    return server
        .rows(
            "SELECT flags FROM click WHERE id = ?",
            RandomIds.clickRow(param(click.header("Location"), "lvclid")))
        .get(0)
        .get("flags")
        .toString();
  }

  @Test
  void aVisitorClickingFasterThanPeopleDoIsFlagged() throws InterruptedException {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    awaitRoomInTheMinute();
    // The first click makes the visitor; each click comes from another network, so that only the
    // visitor's own count (30 a minute by default) can be over its limit.
    Api.Response first = click(path, Map.of("X-Forwarded-For", "100.64.0.1"));
    String cookie = first.header("Set-Cookie").split(";")[0];
    List<Api.Response> clicks = new java.util.ArrayList<>(List.of(first));
    for (int n = 1; n <= 30; n++) {
      clicks.add(click(path, Map.of("Cookie", cookie, "X-Forwarded-For", "100.64." + n + ".1")));
    }

    server.awaitClicksStored();
    for (int n = 0; n < 30; n++) {
      assertThat(flags(clicks.get(n))).as("click %d", n + 1).doesNotContain("velocity");
    }
    assertThat(flags(clicks.get(30))).contains("velocity");
  }

  @Test
  void anAddressClickingFasterThanPeopleDoIsFlagged() throws InterruptedException {
    String path = link(network.asPubX(), network.ptnA1X(), Map.of());
    awaitRoomInTheMinute();
    // New visitors every time (no cookie), all behind one network: 120 clicks a minute by default.
    List<Api.Response> clicks = new java.util.ArrayList<>();
    for (int n = 1; n <= 121; n++) {
      clicks.add(click(path, Map.of("X-Forwarded-For", "100.65.7." + (n % 250 + 1))));
    }

    server.awaitClicksStored();
    assertThat(flags(clicks.get(119))).doesNotContain("velocity");
    assertThat(flags(clicks.get(120))).contains("velocity");
  }

  @Test
  void unknownLinksAnswer404() {
    assertThat(click("/c/lnk_0000000000000000", Map.of()).status()).isEqualTo(404);
    assertThat(click("/c/whatever", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void deepLinksMustStayOnTheProgrammesDomainsWhenTheLinkIsMade() {
    Api.Response response =
        network
            .asPubX()
            .post(
                "/api/v1/links",
                Map.of("partnershipId", network.ptnA1X(), "url", "https://b.example/"));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("url");

    Api.Response badSub =
        network
            .asPubX()
            .post(
                "/api/v1/links",
                Map.of(
                    "partnershipId", network.ptnA1X(), "subIds", Map.of("sub6", "x", "sub1", "")));
    assertThat(badSub.status()).isEqualTo(422);
    assertThat(badSub.json().path("errors").toString())
        .contains("subIds.sub6")
        .contains("subIds.sub1");
  }

  @Test
  void linksBelongToTheirTenants() {
    assertThat(
            network
                .asPubY()
                .post("/api/v1/links", Map.of("partnershipId", network.ptnA1X()))
                .status())
        .isEqualTo(422);
    String id =
        network.asPubX().post("/api/v1/links", Map.of("partnershipId", network.ptnA1X())).id();
    assertThat(network.asPubY().get("/api/v1/links/" + id).status()).isEqualTo(404);
    assertThat(network.asAdvB().get("/api/v1/links/" + id).status()).isEqualTo(404);
    assertThat(network.asAdvA().get("/api/v1/links/" + id).status()).isEqualTo(200);
  }

  @Test
  void anArchivedLinkStillRedirectsButNoLongerEarns() {
    Api.Response created =
        network
            .asPubX()
            .post(
                "/api/v1/links",
                Map.of("partnershipId", network.ptnA1X(), "url", "https://shop.a.example/sale"));
    String path = created.json().path("trackingUrl").asText().substring(server.baseUrl().length());
    assertThat(network.asPubX().post("/api/v1/links/" + created.id() + "/archive", null).status())
        .isEqualTo(200);

    Api.Response response = click(path, Map.of());
    assertThat(response.status()).isEqualTo(302);
    assertThat(response.header("Location"))
        .as("an archived link leads to the landing page")
        .startsWith("https://www.a.example/?lvclid=");
    server.awaitClicksStored();
    var row =
        server
            .rows(
                "SELECT commissionable, flags FROM click WHERE id = ?",
                RandomIds.clickRow(param(response.header("Location"), "lvclid")))
            .get(0);
    assertThat(row.get("commissionable")).isEqualTo(false);
    assertThat(row.get("flags").toString()).contains("link-archived");
  }
}
