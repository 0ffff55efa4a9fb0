package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** What every client meets before any business rule: keys, limits, formats and operations. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class HttpBehaviourTest {
  private static TestServer server;

  @Parameter TestDatabase database;

  @BeforeParameterizedClassInvocation
  static void start(TestDatabase database) {
    server = TestServer.start(database, Map.of("http.max-body-bytes", "2048"));
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  @Test
  void aMissingOrWrongKeyAnswers401() {
    Api.Response none = server.anonymous().get("/api/v1/advertisers");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"levier\"");
    assertThat(none.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(server.as("lvk_" + "A".repeat(43)).get("/api/v1/advertisers").status())
        .isEqualTo(401);
    assertThat(server.as("not-a-key").get("/api/v1/advertisers").status()).isEqualTo(401);
    Api.Response basic =
        server
            .anonymous()
            .send(
                "GET",
                "/api/v1/advertisers",
                null,
                Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
    assertThat(basic.status()).isEqualTo(401);
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    Api.Response missing = server.admin().get("/api/v1/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("type").asText()).isEqualTo("urn:levier:problem:not-found");

    Api.Response wrongMethod = server.admin().send("DELETE", "/api/v1/advertisers", null, Map.of());
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).contains("GET", "POST");
  }

  @Test
  void malformedBodiesAnswer400AndNameTheBody() {
    for (String body :
        new String[] {
          "{", "[1,2]", "{\"name\":\"a\"} trailing", "{\"name\":\"a\",\"name\":\"b\"}", ""
        }) {
      Api.Response response = server.admin().post("/api/v1/advertisers", body);
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("body");
    }
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "{\"name\":" + "[".repeat(40) + "]".repeat(40) + "}";
    assertThat(server.admin().post("/api/v1/advertisers", deep).status()).isEqualTo(400);
  }

  @Test
  void bodiesOverTheLimitAnswer413AndCreateNothing() {
    String huge = "{\"name\":\"" + "x".repeat(4000) + "\"}";
    Api.Response response = server.admin().post("/api/v1/advertisers", huge);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(server.admin().get("/api/v1/advertisers").json().path("data")).isEmpty();
  }

  @Test
  void nonJsonBodiesAnswer415() {
    Api.Response response =
        server
            .admin()
            .send(
                "POST",
                "/api/v1/advertisers",
                "name=x",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void wrongTypesAreNamed() {
    Api.Response response =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                Map.of(
                    "name",
                    true,
                    "advertiserId",
                    12,
                    "allowedDomains",
                    "a.example",
                    "validationDays",
                    "30"));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").toString())
        .contains("\"name\"", "\"advertiserId\"", "\"allowedDomains\"", "\"validationDays\"");
  }

  @Test
  void healthReadinessAndMetrics() {
    Api.Response health = server.anonymous().get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("up");

    Api.Response ready = server.anonymous().get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("database").asText()).isEqualTo("reachable");
    assertThat(ready.json().path("pendingMigrations").asInt()).isZero();

    server.admin().get("/api/v1/advertisers");
    assertThat(
            server
                .admin()
                .post("/api/v1/advertisers", TestNetwork.advertiser("Synced", "FR", "EUR"))
                .status())
        .isEqualTo(201);
    Api.Response metrics = server.anonymous().get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    assertThat(metrics.text())
        .contains("jvm_memory_used_bytes")
        .contains("hikaricp_connections")
        .containsPattern(
            "http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/advertisers\"[^}]*status=\"200\"")
        // The test server's two conversion writers, each with its queue.
        .containsPattern("levier_journal_writer_queue\\{[^}]*writer=\"0\"")
        .containsPattern("levier_journal_writer_queue\\{[^}]*writer=\"1\"");
    // The embedded file's upkeep shows its chunks; PostgreSQL has none to show.
    if (database == TestDatabase.H2) {
      assertThat(metrics.text())
          .containsPattern("(?m)^levier_h2_chunks [1-9]")
          // The advertiser just made was forced to the disk before its 201.
          .containsPattern("(?m)^levier_h2_sync_seconds_count [1-9]");
    } else {
      assertThat(metrics.text())
          .doesNotContain("levier_h2_chunks")
          .doesNotContain("levier_h2_sync");
    }
  }

  @Test
  void readinessFailsWhenTheDatabaseIsGone() {
    TestServer other = TestServer.start(database);
    try {
      other.levier().database().close();
      Api.Response ready = other.anonymous().get("/readyz");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().path("database").asText()).isEqualTo("unreachable");
      assertThat(other.anonymous().get("/healthz").status()).isEqualTo(200);
    } finally {
      other.close();
    }
  }

  @Test
  void createdObjectsCarryTheirLocation() {
    Api.Response created =
        server.admin().post("/api/v1/advertisers", TestNetwork.advertiser("Located", "FR", "EUR"));
    Api.Response followed =
        server.admin().get(created.header("Location").substring(server.baseUrl().length()));
    assertThat(followed.status()).isEqualTo(200);
  }

  @Test
  void routesThatReadNoQueryRefuseOne() {
    Api.Response created =
        server
            .admin()
            .post("/api/v1/advertisers?dryRun=true", TestNetwork.advertiser("Query", "FR", "EUR"));
    assertThat(created.status()).isEqualTo(400);
    assertThat(created.json().path("errors").get(0).path("field").asText()).isEqualTo("dryRun");
  }

  @Test
  void authenticationComesBeforeTheBodyFormat() {
    Api.Response response =
        server
            .anonymous()
            .send("POST", "/api/v1/advertisers", "name=x", Map.of("Content-Type", "text/plain"));
    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void opsRoutesAnswer405WithTheirAllowHeader() {
    Api.Response response = server.anonymous().send("POST", "/healthz", null, Map.of());
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET");
  }

  @Test
  void eachKeyIsRateLimitedOnItsOwn() {
    TestServer limited =
        TestServer.start(database, Map.of("http.rate-limit", "1", "http.rate-burst", "3"));
    try {
      Api admin = limited.admin();
      // Three requests make the burst: this one and the next two.
      Api.Response created = admin.post("/api/v1/keys", Map.of("role", "admin"));
      Api other = limited.as(created.json().path("key").asText());
      assertThat(admin.get("/api/v1/advertisers").status()).isEqualTo(200);
      assertThat(admin.get("/api/v1/advertisers").status()).isEqualTo(200);

      Api.Response refused = admin.get("/api/v1/advertisers");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(refused.json().path("type").asText()).isEqualTo("urn:levier:problem:rate-limited");
      assertThat(other.get("/api/v1/advertisers").status())
          .as("another key has its own budget")
          .isEqualTo(200);
    } finally {
      limited.close();
    }
  }
}
