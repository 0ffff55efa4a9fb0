package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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

    Map<String, Object> programmeBody =
        new HashMap<>(TestNetwork.programme(advertiser.id(), "Doc", "doc.example", "active"));
    programmeBody.put("minClickSeconds", 0);
    Api.Response programme = server.admin().post("/api/v1/programmes", programmeBody);
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

    Api.Response published =
        server
            .admin()
            .post(
                "/api/v1/programmes/" + programme.id() + "/rulesets/" + ruleSet.id() + "/publish",
                Map.of("version", 1, "effectiveFrom", Instant.now().minusSeconds(60).toString()));
    assertThat(published.status()).as(published.toString()).isEqualTo(200);
    JsonNode commission = commissionOfASale(programme.id());
    Api.Response read = server.admin().get("/api/v1/commissions/" + commission.path("id").asText());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertDocumented(read.json(), "Commission");
    assertDocumented(read.json().path("parts").path(0), "CommissionPart");
    assertDocumented(read.json().path("history").path(0), "CommissionHistoryEvent");

    Api.Response declined =
        server
            .admin()
            .post(
                "/api/v1/commissions/" + commission.path("id").asText() + "/decline",
                Map.of("reason", "fraud", "note", "stolen card"));
    assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
    assertDocumented(declined.json(), "Commission");
    assertDocumented(declined.json().path("history").path(1), "CommissionHistoryEvent");

    Api.Response bulk =
        server
            .admin()
            .post(
                "/api/v1/commissions/bulk?validOnly=true",
                Map.of(
                    "items",
                    List.of(
                        Map.of("id", commission.path("id").asText(), "action", "approve"),
                        Map.of("id", commission.path("id").asText(), "action", "explode"))));
    assertThat(bulk.status()).as(bulk.toString()).isEqualTo(200);
    assertDocumented(bulk.json(), "CommissionBulkResult");
    assertDocumented(bulk.json().path("skipped").path(0), "FieldError");
  }

  /**
   * The commission of a new sale credited to a new publisher by a click, in the programme, whose
   * rule set is published.
   */
  private static JsonNode commissionOfASale(String programme) {
    Api.Response publisher =
        server.admin().post("/api/v1/publishers", TestNetwork.publisher("Doc Pub", "content"));
    assertThat(publisher.status()).as(publisher.toString()).isEqualTo(201);
    Api.Response partnership =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", publisher.id()));
    assertThat(partnership.status()).as(partnership.toString()).isEqualTo(201);
    Api.Response link =
        server.admin().post("/api/v1/links", Map.of("partnershipId", partnership.id()));
    assertThat(link.status()).as(link.toString()).isEqualTo(201);
    String path = link.json().path("trackingUrl").asText().substring(server.baseUrl().length());
    Api.Response redirect =
        server
            .anonymous()
            .send("GET", path, null, Map.of("User-Agent", "Mozilla/5.0 (X11; Linux) Chrome/130.0"));
    assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
    String query = URI.create(redirect.header("Location")).getRawQuery();
    String clickId = query.substring(query.indexOf("lvclid=") + 7);

    Map<String, Object> sale = new HashMap<>();
    sale.put("programmeId", programme);
    sale.put("orderId", "DOC-1");
    sale.put("orderedAt", Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString());
    sale.put("currency", "EUR");
    sale.put("total", "320.00");
    sale.put("clickId", clickId);
    sale.put("customerRef", "doc-customer");
    sale.put(
        "lines",
        List.of(
            Map.of(
                "sku", "PHONE-1",
                "name", "Phone",
                "category", "Electronics > Phones",
                "quantity", 1,
                "unitPrice", "300.00"),
            Map.of(
                "sku", "BOOK-1",
                "name", "Book",
                "category", "Books",
                "quantity", 1,
                "unitPrice", "20.00")));
    Api.Response conversion = server.admin().post("/api/v1/conversions", sale);
    assertThat(conversion.status()).as(conversion.toString()).isEqualTo(201);

    Api.Response list = server.admin().get("/api/v1/commissions?conversionId=" + conversion.id());
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    JsonNode data = list.json().path("data");
    assertThat(data.size()).as(list.toString()).isEqualTo(1);
    assertDocumented(data.get(0), "Commission");
    return data.get(0);
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
