package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document lists exactly the routes the server has. */
class OpenApiTest {
  private static TestServer server;
  private static JsonNode document;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDatabase.H2);
    Api.Response response = server.anonymous().get("/api/v1/openapi.json");
    assertThat(response.status()).isEqualTo(200);
    document = response.json();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void isOpenApi31() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void documentsEveryRouteAndNothingElse() {
    Set<String> served = new TreeSet<>(server.levier().http().routeSignatures());
    Set<String> documented = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").properties().iterator();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (Set.of("get", "post", "patch", "put", "delete").contains(method)) {
                  documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    assertThat(documented).isEqualTo(served);
  }

  @Test
  void operationIdsMatchTheRoutes() {
    for (var route : server.levier().services().routes()) {
      JsonNode operation =
          document.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
      assertThat(operation.path("operationId").asText())
          .as(route.path())
          .isEqualTo(route.operationId());
    }
  }

  @Test
  void everyResponseFieldIsDocumented() {
    Api.Response advertiser =
        server
            .admin()
            .post(
                "/api/v1/advertisers",
                Map.of(
                    "name", "Doc", "country", "FR", "currency", "EUR", "timeZone", "Europe/Paris"));
    assertDocumented(advertiser.json(), "Advertiser");

    Api.Response programme =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(advertiser.id(), "Doc", "doc.example", "active"));
    assertThat(programme.status()).as(programme.toString()).isEqualTo(201);
    Api.Response ruleSet =
        server
            .admin()
            .post(
                "/api/v1/programmes/" + programme.id() + "/rulesets",
                Map.of(
                    "name",
                    "Launch",
                    "rules",
                    List.of(
                        Map.of(
                            "id",
                            "new",
                            "name",
                            "New customers",
                            "when",
                            Map.of("customerStatus", List.of("new")),
                            "pay",
                            Map.of("percent", "10"))),
                    "caps",
                    List.of(
                        Map.of(
                            "id",
                            "elec",
                            "lines",
                            Map.of("category", List.of("Electronics")),
                            "max",
                            "20.00"))));
    assertThat(ruleSet.status()).as(ruleSet.toString()).isEqualTo(201);
    assertDocumented(ruleSet.json(), "RuleSet");
    assertDocumented(ruleSet.json().path("rules").path(0), "RuleSetRule");
    assertDocumented(ruleSet.json().path("rules").path(0).path("pay"), "CommissionBasis");
    assertDocumented(ruleSet.json().path("caps").path(0), "RuleSetCap");
  }

  /** Every field of {@code object} is a property of the named schema. */
  private static void assertDocumented(JsonNode object, String schemaName) {
    assertThat(object.isObject()).as(schemaName).isTrue();
    JsonNode schema =
        document.path("components").path("schemas").path(schemaName).path("properties");
    object
        .fieldNames()
        .forEachRemaining(
            field -> assertThat(schema.has(field)).as(schemaName + "." + field).isTrue());
  }
}
