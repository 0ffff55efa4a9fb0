package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recommendations over a small network whose answer is clear, on both databases: two phone shops
 * and a garden centre; a phone fan who sells both phone shops, another who sells one, a gardener.
 */
class RecommendationApiTest extends NetworkTest {

  private static String created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.id();
  }

  private static String programme(String name) {
    return created(
        server
            .admin()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(network.advA(), name, "a.example", "active")));
  }

  private static String publisher(String name) {
    return created(
        server.admin().post("/api/v1/publishers", TestNetwork.publisher(name, "content")));
  }

  /** A partnership whose coupon sold {@code sales} orders of one line in the category. */
  private static void sells(String programme, String publisher, String category, int sales) {
    Api admin = server.admin();
    String partnership =
        created(
            admin.post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", publisher)));
    String code = "R" + System.nanoTime();
    created(admin.post("/api/v1/coupons", Map.of("partnershipId", partnership, "code", code)));
    for (int i = 0; i < sales; i++) {
      Map<String, Object> sale = new HashMap<>();
      sale.put("programmeId", programme);
      sale.put("orderId", "REC-" + System.nanoTime());
      sale.put("orderedAt", Instant.now().toString());
      sale.put("currency", "EUR");
      sale.put("total", "100.00");
      sale.put("couponCode", code);
      sale.put(
          "lines",
          List.of(
              Map.of(
                  "sku",
                  "SKU-" + i,
                  "name",
                  "Item",
                  "category",
                  category,
                  "quantity",
                  1,
                  "unitPrice",
                  "100.00")));
      created(admin.post("/api/v1/conversions", sale));
    }
  }

  private static List<String> ids(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode item : response.json().path("recommendations")) {
      ids.add(item.path("id").asText());
    }
    return ids;
  }

  @Test
  void phonePublishersGetPhoneProgrammesAndTheOtherWayRound() {
    String phonesA = programme("Phones A");
    String phonesB = programme("Phones B");
    String garden = programme("Garden");
    String fan = publisher("Phone fan");
    String other = publisher("Other phone fan");
    String gardener = publisher("Gardener");
    sells(phonesA, fan, "Electronics > Phones > Smartphones", 3);
    sells(phonesB, fan, "Electronics > Phones > Cases", 3);
    sells(phonesA, other, "Electronics > Phones", 3);
    sells(garden, gardener, "Garden > Plants", 3);
    sells(phonesA, network.pubX(), "Electronics > Phones > Smartphones", 2);

    Api.Response forX =
        network.asPubX().get("/api/v1/publishers/" + network.pubX() + "/recommendations");
    assertThat(ids(forX)).first().isEqualTo(phonesB);
    assertThat(ids(forX)).doesNotContain(phonesA, network.progA1(), network.progA2());
    JsonNode best = forX.json().path("recommendations").path(0);
    assertThat(best.path("name").asText()).isEqualTo("Phones B");
    assertThat(best.path("reasons").path("similarPublishers").decimalValue())
        .isEqualByComparingTo("1");
    assertThat(best.path("reasons").path("categorySimilarity").doubleValue()).isGreaterThan(0.8);
    assertThat(best.path("score").decimalValue().scale()).isLessThanOrEqualTo(4);

    Api.Response forB =
        network.asAdvA().get("/api/v1/programmes/" + phonesB + "/recommendations?limit=2");
    assertThat(ids(forB)).containsExactly(other, network.pubX());
    assertThat(ids(server.admin().get("/api/v1/programmes/" + garden + "/recommendations")))
        .doesNotContain(gardener)
        .isNotEmpty();
    assertThat(ids(server.admin().get("/api/v1/publishers/" + fan + "/recommendations?limit=1")))
        .hasSize(1)
        .doesNotContain(phonesA, phonesB);
  }

  @Test
  void onlyThePublisherOrTheAdvertiserReadsIts() {
    String publisherPath = "/api/v1/publishers/" + network.pubX() + "/recommendations";
    String programmePath = "/api/v1/programmes/" + network.progA1() + "/recommendations";
    assertThat(network.asPubY().get(publisherPath).status()).isEqualTo(404);
    assertThat(network.asAdvA().get(publisherPath).status()).isEqualTo(403);
    assertThat(network.asPubX().get(programmePath).status()).isEqualTo(403);
    assertThat(network.asAdvB().get(programmePath).status()).isEqualTo(404);
    assertThat(network.asAdvA().get(programmePath).status()).isEqualTo(200);
    assertThat(network.asPubX().get(publisherPath + "?limit=0").status()).isEqualTo(400);
    assertThat(network.asPubX().get(publisherPath + "?size=3").status()).isEqualTo(400);
  }
}
