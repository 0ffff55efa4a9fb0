package dev.levier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Programmes with published rules, clicks and sales on the server of a {@link NetworkTest}: what
 * the commission and finance tests start from.
 */
public final class Sales {
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0";
  private static final AtomicInteger ORDERS = new AtomicInteger();

  private Sales() {}

  /** The README's rule set: new customers 10%, returning 4%, electronics capped at 20 an order. */
  public static Map<String, Object> readmeRules() {
    return Map.of(
        "name",
        "Launch terms",
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
                Map.of("percent", "10")),
            Map.of(
                "id",
                "returning",
                "name",
                "Returning customers",
                "when",
                Map.of("customerStatus", List.of("existing")),
                "pay",
                Map.of("percent", "4"))),
        "caps",
        List.of(
            Map.of(
                "id", "electronics",
                "name", "Electronics: 20 per order",
                "lines", Map.of("category", List.of("Electronics")),
                "max", "20.00")));
  }

  public static String programme() {
    Map<String, Object> body =
        new HashMap<>(
            TestNetwork.programme(
                NetworkTest.network.advA(), "Commissions", "a.example", "active"));
    body.put("minClickSeconds", 0);
    Api.Response created = NetworkTest.server.admin().post("/api/v1/programmes", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  public static String partnership(String programme, String publisher) {
    return NetworkTest.server
        .admin()
        .post("/api/v1/partnerships", Map.of("programmeId", programme, "publisherId", publisher))
        .id();
  }

  public static String click(String partnership) {
    Api.Response link =
        NetworkTest.server.admin().post("/api/v1/links", Map.of("partnershipId", partnership));
    String path =
        link.json().path("trackingUrl").asText().substring(NetworkTest.server.baseUrl().length());
    Api.Response response =
        NetworkTest.server.anonymous().send("GET", path, null, Map.of("User-Agent", BROWSER));
    assertThat(response.status()).isEqualTo(302);
    String query = URI.create(response.header("Location")).getRawQuery();
    return query.substring(query.indexOf("lvclid=") + 7);
  }

  /** A phone (300.00, electronics) and a book (20.00): a sale that meets caps and categories. */
  public static List<Map<String, Object>> phoneAndBook() {
    return List.of(
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
            "unitPrice", "20.00"));
  }

  public static String rulesPath(String programme) {
    return "/api/v1/programmes/" + programme + "/rulesets";
  }

  public static String publishedRules(String programme, Map<String, Object> rules, Instant from) {
    Api.Response draft = NetworkTest.network.asAdvA().post(rulesPath(programme), rules);
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    Api.Response published =
        NetworkTest.network
            .asAdvA()
            .post(
                rulesPath(programme) + "/" + draft.id() + "/publish",
                Map.of("version", 1, "effectiveFrom", from.toString()));
    assertThat(published.status()).as(published.toString()).isEqualTo(200);
    return draft.id();
  }

  /** A sale of a phone (300.00, electronics) and a book (20.00), credited by a click. */
  public static Api.Response sale(String programme, String clickId, String customer, Instant at) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "K-" + ORDERS.incrementAndGet());
    body.put("orderedAt", at.toString());
    body.put("currency", "EUR");
    body.put("total", "320.00");
    body.put("clickId", clickId);
    body.put("customerRef", customer);
    body.put("lines", phoneAndBook());
    Api.Response response = NetworkTest.network.asAdvA().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response;
  }

  public static JsonNode commissionOf(String conversionId) {
    Api.Response list =
        NetworkTest.server.admin().get("/api/v1/commissions?conversionId=" + conversionId);
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    JsonNode data = list.json().path("data");
    assertThat(data.size()).as(list.toString()).isEqualTo(1);
    return data.get(0);
  }

  /** A moment just after the clicks made so far, for the time of an order. */
  public static Instant now() {
    return Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
  }
}
