package dev.levier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/**
 * Two advertisers and two publishers with keys of their own, so that every test can check what one
 * tenant sees of another.
 *
 * <ul>
 *   <li>advertiser A: programme A1 (active), A2 (paused)
 *   <li>advertiser B: programme B1 (active)
 *   <li>publisher X (content): approved in A1
 *   <li>publisher Y (voucher): applied to B1
 * </ul>
 */
public record TestNetwork(
    String advA,
    String advB,
    String progA1,
    String progA2,
    String progB1,
    String pubX,
    String pubY,
    String ptnA1X,
    String ptnB1Y,
    Api asAdvA,
    Api asAdvB,
    Api asPubX,
    Api asPubY) {

  public static TestNetwork create(TestServer server) {
    Api admin = server.admin();
    String advA = created(admin.post("/api/v1/advertisers", advertiser("Shop A", "FR", "EUR")));
    String advB = created(admin.post("/api/v1/advertisers", advertiser("Shop B", "GB", "GBP")));
    String progA1 =
        created(admin.post("/api/v1/programmes", programme(advA, "A1", "a.example", "active")));
    String progA2 =
        created(admin.post("/api/v1/programmes", programme(advA, "A2", "a.example", "paused")));
    String progB1 =
        created(admin.post("/api/v1/programmes", programme(advB, "B1", "b.example", "active")));
    String pubX = created(admin.post("/api/v1/publishers", publisher("Pub X", "content")));
    String pubY = created(admin.post("/api/v1/publishers", publisher("Pub Y", "voucher")));
    String ptnA1X =
        created(
            admin.post(
                "/api/v1/partnerships",
                Map.of("programmeId", progA1, "publisherId", pubX, "group", "content")));
    String ptnB1Y =
        created(
            admin.post(
                "/api/v1/partnerships",
                Map.of("programmeId", progB1, "publisherId", pubY, "status", "applied")));
    return new TestNetwork(
        advA,
        advB,
        progA1,
        progA2,
        progB1,
        pubX,
        pubY,
        ptnA1X,
        ptnB1Y,
        server.as(key(admin, "advertiser", advA)),
        server.as(key(admin, "advertiser", advB)),
        server.as(key(admin, "publisher", pubX)),
        server.as(key(admin, "publisher", pubY)));
  }

  public static Map<String, Object> advertiser(String name, String country, String currency) {
    return Map.of(
        "name", name, "country", country, "currency", currency, "timeZone", "Europe/Paris");
  }

  public static Map<String, Object> programme(
      String advertiserId, String name, String domain, String status) {
    return Map.of(
        "advertiserId",
        advertiserId,
        "name",
        name,
        "landingUrl",
        "https://www." + domain + "/",
        "allowedDomains",
        List.of("*." + domain),
        "status",
        status);
  }

  public static Map<String, Object> publisher(String name, String type) {
    return Map.of(
        "name",
        name,
        "type",
        type,
        "country",
        "FR",
        "payoutCurrency",
        "EUR",
        "websites",
        List.of(
            "https://" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + ".example/"));
  }

  private static String key(Api admin, String role, String owner) {
    Api.Response response = admin.post("/api/v1/keys", Map.of("role", role, "ownerId", owner));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().path("key").asText();
  }

  private static String created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.id();
  }
}
