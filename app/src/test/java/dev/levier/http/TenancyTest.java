package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of the management API, asked by tenants who must not see the object: each answers 404
 * for another tenant's object, and no list or report shows it. The routes come from the server
 * itself, so a new route without a case here fails {@link #everyRouteIsCovered()}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class TenancyTest {
  /**
   * Routes under /api/v1 whose tenancy is not about an object of their own. Exchange rates are the
   * network's, the same for every caller (only the admin loads them: RatesApiTest).
   */
  private static final Set<String> NOT_OBJECTS =
      Set.of(
          "POST /api/v1/touchpoints",
          "POST /api/v1/conversions",
          "GET /api/v1/openapi.json",
          "POST /api/v1/rates",
          "GET /api/v1/rates",
          "GET /api/v1/rates/convert");

  private static TestServer server;
  private static TestNetwork network;
  private static Map<String, String> foreignIds;

  @Parameter TestDatabase database;

  @BeforeParameterizedClassInvocation
  static void start(TestDatabase database) {
    server = TestServer.start(database);
    network = TestNetwork.create(server);
    Api admin = server.admin();
    // Objects of tenants the test callers have nothing to do with.
    String advC =
        admin.post("/api/v1/advertisers", TestNetwork.advertiser("Stranger", "ES", "EUR")).id();
    String progC =
        admin
            .post(
                "/api/v1/programmes", TestNetwork.programme(advC, "Hidden", "c.example", "paused"))
            .id();
    String pubZ = admin.post("/api/v1/publishers", TestNetwork.publisher("Pub Z", "search")).id();
    String ptnCZ =
        admin.post("/api/v1/partnerships", Map.of("programmeId", progC, "publisherId", pubZ)).id();
    String keyC = admin.post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", advC)).id();
    String linkC = admin.post("/api/v1/links", Map.of("partnershipId", ptnCZ)).id();
    String couponC =
        admin.post("/api/v1/coupons", Map.of("partnershipId", ptnCZ, "code", "HIDDEN")).id();
    Api.Response conversion =
        admin.post(
            "/api/v1/conversions",
            Map.of(
                "programmeId", progC,
                "orderId", "HIDDEN-1",
                "couponCode", "HIDDEN",
                "orderedAt", Instant.now().toString(),
                "currency", "EUR",
                "total", "10.00"));
    assertThat(conversion.status()).as(conversion.toString()).isEqualTo(201);
    foreignIds = new HashMap<>();
    foreignIds.put("advertisers", advC);
    foreignIds.put("programmes", progC);
    foreignIds.put("publishers", pubZ);
    foreignIds.put("partnerships", ptnCZ);
    foreignIds.put("keys", keyC);
    foreignIds.put("links", linkC);
    foreignIds.put("coupons", couponC);
    foreignIds.put("conversions", conversion.id());
    // A report names programmes: the hidden one must not appear in another tenant's.
    foreignIds.put("reports", progC);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static Map<String, Api> tenants() {
    return Map.of(
        "advertiser A", network.asAdvA(),
        "advertiser B", network.asAdvB(),
        "publisher X", network.asPubX(),
        "publisher Y", network.asPubY());
  }

  @TestFactory
  Stream<DynamicTest> anotherTenantsObjectAnswers404OnEveryRoute() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String signature : server.levier().http().routeSignatures()) {
      String[] parts = signature.split(" ", 2);
      String method = parts[0];
      String template = parts[1];
      if (!template.startsWith("/api/v1/") || !template.contains("{id}")) {
        continue;
      }
      String resource = template.split("/")[3];
      String path = template.replace("{id}", foreignIds.get(resource));
      for (Map.Entry<String, Api> tenant : tenants().entrySet()) {
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as " + tenant.getKey(),
                () -> {
                  Api.Response response =
                      tenant.getValue().send(method, path, body(method, resource), Map.of());
                  assertThat(response.status()).as(response.toString()).isEqualTo(404);
                  assertThat(response.json().path("type").asText())
                      .isEqualTo("urn:levier:problem:not-found");
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> noListShowsAnotherTenantsObject() {
    List<DynamicTest> tests = new ArrayList<>();
    String today = LocalDate.now().toString();
    for (String signature : server.levier().http().routeSignatures()) {
      if (!signature.startsWith("GET /api/v1/")
          || signature.contains("{")
          || NOT_OBJECTS.contains(signature)) {
        continue;
      }
      String path = signature.substring(4);
      String resource = path.split("/")[3];
      String hidden = foreignIds.get(resource);
      String query =
          switch (resource) {
            case "keys" -> "?limit=200&includeRevoked=true";
            case "conversions" -> "?limit=200";
            case "reports" -> "?from=" + today + "&to=" + today;
            default -> "?limit=200&includeArchived=true";
          };
      for (Map.Entry<String, Api> tenant : tenants().entrySet()) {
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as " + tenant.getKey(),
                () -> {
                  Api.Response response = tenant.getValue().get(path + query);
                  assertThat(response.status()).as(response.toString()).isEqualTo(200);
                  assertThat(response.text()).doesNotContain(hidden);
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void everyRouteIsCovered() {
    for (String signature : server.levier().http().routeSignatures()) {
      if (!signature.contains(" /api/v1/") || NOT_OBJECTS.contains(signature)) {
        continue;
      }
      String resource = signature.split(" ", 2)[1].split("/")[3];
      assertThat(foreignIds).as("a foreign object for " + signature).containsKey(resource);
    }
  }

  @Test
  void theHiddenObjectsAreThere() {
    assertThat(
            server
                .admin()
                .get(
                    "/api/v1/reports/performance?from="
                        + LocalDate.now()
                        + "&to="
                        + LocalDate.now())
                .text())
        .contains(foreignIds.get("reports"));
  }

  private static Object body(String method, String resource) {
    if (!method.equals("PATCH")) {
      return null;
    }
    Map<String, Object> body = new HashMap<>();
    switch (resource) {
      case "conversions" -> {
        body.put("action", "cancel");
        body.put("reason", "other");
      }
      case "partnerships" -> {
        body.put("version", 1);
        body.put("group", null);
      }
      default -> body.put("version", 1);
    }
    return body;
  }
}
