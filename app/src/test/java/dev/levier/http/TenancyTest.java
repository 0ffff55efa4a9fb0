package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * for another tenant's object, and no list shows it. The routes come from the server itself, so a
 * new route without a case here fails {@link #everyRouteIsCovered()}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class TenancyTest {
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
    foreignIds =
        Map.of(
            "advertisers",
            advC,
            "programmes",
            progC,
            "publishers",
            pubZ,
            "partnerships",
            ptnCZ,
            "keys",
            keyC);
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
      if (!template.contains("{id}")) {
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
    for (String signature : server.levier().http().routeSignatures()) {
      if (!signature.startsWith("GET /api/v1/")
          || signature.contains("{")
          || signature.endsWith(".json")) {
        continue;
      }
      String path = signature.substring(4);
      String resource = path.split("/")[3];
      String hidden = foreignIds.get(resource);
      for (Map.Entry<String, Api> tenant : tenants().entrySet()) {
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as " + tenant.getKey(),
                () -> {
                  String flags =
                      resource.equals("keys") ? "includeRevoked=true" : "includeArchived=true";
                  Api.Response response = tenant.getValue().get(path + "?limit=200&" + flags);
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
      if (!signature.contains("/api/v1/") || signature.endsWith("openapi.json")) {
        continue;
      }
      String resource = signature.split(" ", 2)[1].split("/")[3];
      assertThat(foreignIds).as("a foreign object for " + signature).containsKey(resource);
    }
  }

  private static Object body(String method, String resource) {
    if (!method.equals("PATCH")) {
      return null;
    }
    Map<String, Object> body = new HashMap<>();
    body.put("version", 1);
    if (resource.equals("partnerships")) {
      body.put("group", null);
    }
    return body;
  }
}
