package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the database stalls, the conversion journal fills up to its bound and intake answers 503
 * with Retry-After at once instead of queueing without limit; everything it accepted is stored once
 * the database is back.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class ConversionOverloadTest {
  @Parameter TestDatabase database;

  @Test
  void aFullJournalAnswers503AndLosesNothingItAccepted() throws Exception {
    try (TestServer server =
        TestServer.start(
            database,
            Map.of(
                "db.pool-size",
                "2",
                "db.connection-timeout-ms",
                "30000",
                "tracking.conversion-queue",
                "64"))) {
      Api admin = server.admin();
      String advertiser =
          admin.post("/api/v1/advertisers", TestNetwork.advertiser("Busy", "FR", "EUR")).id();
      String programme =
          admin
              .post(
                  "/api/v1/programmes",
                  TestNetwork.programme(advertiser, "Busy", "busy.example", "active"))
              .id();
      String key =
          admin
              .post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", advertiser))
              .json()
              .path("key")
              .asText();

      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      // Hold every connection: the journal's writer waits, its queue fills.
      try (Connection held = server.levier().database().dataSource().getConnection();
          Connection alsoHeld = server.levier().database().dataSource().getConnection()) {
        for (int i = 0; i < 200; i++) {
          String body =
              "{\"programmeId\":\""
                  + programme
                  + "\",\"orderId\":\"BUSY-"
                  + i
                  + "\",\"orderedAt\":\""
                  + Instant.now()
                  + "\",\"currency\":\"EUR\",\"total\":\"10.00\"}";
          answers.add(
              client.sendAsync(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/conversions"))
                      .header("Authorization", "Bearer " + key)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (answers.stream().filter(CompletableFuture::isDone).count() < 200 - 128
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(held.isValid(1) && alsoHeld.isValid(1)).isTrue();
      }
      int created = 0;
      int refused = 0;
      Map<Integer, Integer> statuses = new HashMap<>();
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        statuses.merge(response.statusCode(), 1, Integer::sum);
        if (response.statusCode() == 201) {
          created++;
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
          assertThat(response.headers().firstValue("Retry-After")).contains("1");
          assertThat(response.body()).contains("urn:levier:problem:overloaded");
          refused++;
        }
      }
      assertThat(refused).as(statuses.toString()).isPositive();
      assertThat(created + refused).isEqualTo(200);
      assertThat(
              server
                  .rows("SELECT COUNT(*) AS n FROM conversion WHERE order_id LIKE 'BUSY-%'")
                  .get(0)
                  .get("n"))
          .isEqualTo((long) created);
    }
  }
}
