package dev.levier.commission;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.commissionOf;
import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.readmeRules;
import static dev.levier.testing.Sales.rulesPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sales in another currency than the programme's: converted at the day's rate once one is loaded,
 * with the rate stored beside the commission, on both databases. The tests share one server and its
 * rates, so each works on a currency of its own.
 */
class ConvertedCommissionTest extends NetworkTest {
  private static final AtomicInteger ORDERS = new AtomicInteger();

  /** A phone (300.00, electronics) and a book (20.00) in {@code currency}, credited by a click. */
  private static Api.Response sale(
      String programme, String clickId, String customer, Instant at, String currency) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "FX-" + ORDERS.incrementAndGet());
    body.put("orderedAt", at.toString());
    body.put("currency", currency);
    body.put("total", "320.00");
    body.put("clickId", clickId);
    body.put("customerRef", customer);
    body.put("lines", dev.levier.testing.Sales.phoneAndBook());
    Api.Response response = network.asAdvA().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response;
  }

  private static void loadRate(String base, String quote, String rate, LocalDate day) {
    Api.Response loaded =
        server
            .admin()
            .post(
                "/api/v1/rates",
                Map.of(
                    "rates",
                    List.of(
                        Map.of(
                            "date", day.toString(), "base", base, "quote", quote, "rate", rate))));
    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
  }

  private static LocalDate yesterday() {
    return LocalDate.now(ZoneOffset.UTC).minusDays(1);
  }

  @Test
  void aSaleInPoundsWaitsForARateThenEarnsOnTheConvertedLines() {
    String programme = programme(); // pays in EUR
    String partnership = partnership(programme, network.pubX());
    publishedRules(programme, readmeRules(), now().minusSeconds(60));

    Api.Response early = sale(programme, click(partnership), "fx-early", now(), "GBP");

    assertThat(
            server
                .admin()
                .get("/api/v1/commissions?conversionId=" + early.id())
                .json()
                .path("data")
                .size())
        .isZero();
    assertThat(early.json().path("attributionNotes").toString())
        .contains(
            "no commission yet: the order is in GBP and the programme pays in EUR; it is computed"
                + " once an exchange rate is loaded");

    LocalDate day = yesterday();
    loadRate("GBP", "EUR", "1.1478", day);
    Api.Response converted = sale(programme, click(partnership), "fx-new", now(), "GBP");

    assertThat(converted.json().path("attributionNotes").toString()).doesNotContain("exchange");
    JsonNode commission = commissionOf(converted.id());
    assertThat(commission.path("currency").asText()).isEqualTo("EUR");
    // Phone: 300.00 × 1.1478 = 344.34, 10% = 34.43, capped at 20.00 for electronics.
    // Book: 20.00 × 1.1478 = 22.956 → 22.96, 10% = 2.296 → 2.30.
    assertThat(commission.path("amount").asText()).isEqualTo("22.30");
    assertThat(commission.path("parts").get(0).path("base").asText()).isEqualTo("344.34");
    assertThat(commission.path("parts").get(0).path("amount").asText()).isEqualTo("20.00");
    assertThat(commission.path("parts").get(1).path("base").asText()).isEqualTo("22.96");
    assertThat(commission.path("parts").get(1).path("amount").asText()).isEqualTo("2.30");
    JsonNode exchange = commission.path("exchange");
    assertThat(exchange.path("from").asText()).isEqualTo("GBP");
    assertThat(exchange.path("rate").asText()).isEqualTo("1.1478");
    assertThat(exchange.path("date").asText()).isEqualTo(day.toString());

    Map<String, Object> row =
        server
            .rows(
                "SELECT order_currency, rate, rate_date FROM commission WHERE public_id = ?",
                commission.path("id").asText())
            .get(0);
    assertThat(row.get("order_currency")).isEqualTo("GBP");
    assertThat((BigDecimal) row.get("rate")).isEqualByComparingTo("1.1478");
    assertThat(row.get("rate_date").toString()).isEqualTo(day.toString());

    JsonNode single =
        server.admin().get("/api/v1/commissions/" + commission.path("id").asText()).json();
    assertThat(single.path("history").get(0).path("detail").asText())
        .isEqualTo(
            "computed as EUR 22.30 by version 1 on the order converted from GBP at 1.1478 (rate"
                + " of "
                + day
                + ")");

    // A sale in the programme's own currency needs no rate, and says so with a null exchange.
    Api.Response euros =
        dev.levier.testing.Sales.sale(programme, click(partnership), "fx-eur", now());
    JsonNode plain = commissionOf(euros.id());
    assertThat(plain.path("amount").asText()).isEqualTo("22.00");
    assertThat(plain.has("exchange")).isTrue();
    assertThat(plain.path("exchange").isNull()).isTrue();
  }

  @Test
  void returnsTakeBackTheCommissionsShareOfAConvertedSale() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    publishedRules(programme, readmeRules(), now().minusSeconds(60));
    loadRate("SEK", "EUR", "0.1", yesterday());
    Api.Response sale = sale(programme, click(partnership), "fx-returns", now(), "SEK");
    JsonNode commission = commissionOf(sale.id());
    // 10% of 30.00 and of 2.00.
    assertThat(commission.path("amount").asText()).isEqualTo("3.20");
    String path = "/api/v1/commissions/" + commission.path("id").asText();

    change(sale.id(), Map.of("lineNo", 2, "quantity", 1));
    assertThat(server.admin().get(path).json().path("amount").asText()).isEqualTo("3.00");

    // Half the phone's price back: half its commission.
    change(sale.id(), Map.of("lineNo", 1, "amount", "150.00"));
    assertThat(server.admin().get(path).json().path("amount").asText()).isEqualTo("1.50");

    Api.Response cancelled =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + sale.id(),
                Map.of("action", "cancel", "reason", "cancelled_by_customer"));
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    JsonNode reversed = server.admin().get(path).json();
    assertThat(reversed.path("status").asText()).isEqualTo("reversed");
    assertThat(reversed.path("amount").asText()).isEqualTo("0.00");
    assertThat(reversed.path("exchange").path("from").asText()).isEqualTo("SEK");
  }

  private static void change(String conversion, Map<String, Object> line) {
    Api.Response changed =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + conversion,
                Map.of("action", "return", "reason", "customer_return", "lines", List.of(line)));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
  }

  @Test
  void aSimulationConvertsWhatARateConvertsAndCountsTheRestAside() {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    Instant start = now().minusSeconds(60);
    String rules = publishedRules(programme, readmeRules(), start);
    loadRate("USD", "EUR", "0.9", yesterday());
    sale(programme, click(partnership), "sim-eur", now(), "EUR"); // 20.00 + 2.00
    sale(programme, click(partnership), "sim-usd", now(), "USD"); // 20.00 + 1.80 on 270 + 18
    sale(programme, click(partnership), "sim-chf", now(), "CHF"); // no CHF rate: no commission

    Api.Response simulated =
        network
            .asAdvA()
            .post(
                rulesPath(programme) + "/" + rules + "/simulate",
                Map.of("from", start.toString(), "to", now().plusSeconds(60).toString()));

    assertThat(simulated.status()).as(simulated.toString()).isEqualTo(200);
    JsonNode result = simulated.json();
    assertThat(result.path("conversions").asLong()).isEqualTo(2);
    assertThat(result.path("otherCurrency").asLong()).isEqualTo(1);
    // The published rules replayed on their own sales cost exactly what was paid.
    assertThat(result.path("before").asText()).isEqualTo("43.80");
    assertThat(result.path("after").asText()).isEqualTo("43.80");
  }
}
