package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exchange rates loaded as JSON or CSV, listed and used to convert, on both databases. The tests
 * share one server, so each works on pairs of its own.
 */
class RatesApiTest extends NetworkTest {
  private static final Map<String, String> CSV = Map.of("Content-Type", "text/csv");

  private static Map<String, Object> rate(String date, String base, String quote, String rate) {
    return Map.of("date", date, "base", base, "quote", quote, "rate", rate);
  }

  private static Api.Response loadJson(Api as, Object... rates) {
    return as.post("/api/v1/rates", Map.of("rates", List.of(rates)));
  }

  private static Api.Response loadCsv(String query, String file) {
    return server.admin().send("POST", "/api/v1/rates" + query, file, CSV);
  }

  private static JsonNode list(String query) {
    Api.Response response = network.asPubX().get("/api/v1/rates" + query);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private static List<String> fields(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  private static List<String> skipped(Api.Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("skipped").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Test
  void theAdminLoadsJsonAndEveryCallerReadsTheRates() {
    Api.Response loaded =
        loadJson(
            server.admin(),
            rate("2026-03-02", "USD", "JPY", "150.25"),
            rate("2026-03-03", "USD", "JPY", "151"));

    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
    assertThat(loaded.json().path("loaded").asInt()).isEqualTo(2);
    assertThat(loaded.json().path("skipped").size()).isZero();
    JsonNode page = list("?base=USD&quote=JPY");
    assertThat(page.path("data").size()).isEqualTo(2);
    JsonNode first = page.path("data").get(0);
    assertThat(first.path("date").asText()).isEqualTo("2026-03-02");
    assertThat(first.path("base").asText()).isEqualTo("USD");
    assertThat(first.path("quote").asText()).isEqualTo("JPY");
    assertThat(first.path("rate").asText()).isEqualTo("150.25");
    assertThat(first.path("loadedBy").asText()).startsWith("key_");
    assertThat(first.path("loadedAt").asText()).endsWith("Z");
    assertThat(page.path("data").get(1).path("rate").asText()).isEqualTo("151");
    assertThat(page.path("nextCursor").isNull()).isTrue();
    Api.Response asAdvertiser = network.asAdvA().get("/api/v1/rates?from=2026-03-03&base=USD");
    assertThat(asAdvertiser.json().path("data").size()).isEqualTo(1);
  }

  @Test
  void onlyTheAdminLoadsRates() {
    Api.Response advertiser = loadJson(network.asAdvA(), rate("2026-03-02", "USD", "CAD", "1.35"));
    Api.Response publisher = loadJson(network.asPubX(), rate("2026-03-02", "USD", "CAD", "1.35"));

    assertThat(advertiser.status()).as(advertiser.toString()).isEqualTo(403);
    assertThat(publisher.status()).as(publisher.toString()).isEqualTo(403);
    assertThat(list("?base=USD&quote=CAD").path("data").size()).isZero();
  }

  @Test
  void aCsvFileIsLoadedLikeJson() {
    Api.Response loaded =
        loadCsv(
            "",
            "date,base,quote,rate\n"
                + "2026-03-02,NOK,SEK,0.9712\n"
                + "\"2026-03-03\", NOK , SEK ,0.9733\n");

    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
    assertThat(loaded.json().path("loaded").asInt()).isEqualTo(2);
    JsonNode data = list("?base=NOK").path("data");
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.get(1).path("quote").asText()).isEqualTo("SEK");
    assertThat(data.get(1).path("rate").asText()).isEqualTo("0.9733");
  }

  @Test
  void aFileWithOneBadRowIsRefusedWholeWithEveryRowNamed() {
    String tomorrowPlusOne =
        LocalDate.now(ZoneOffset.UTC).plusDays(2).toString(); // beyond tomorrow
    String file =
        "date,base,quote,rate\n"
            + "2026-03-02,PLN,CZK,5.81\n" // row 2: good
            + "2026-02-30,PLN,CZK,5.82\n" // row 3: no such day
            + "2026-03-04,PLN,PLN,1\n" // row 4: same currency
            + "2026-03-05,PLN,CZK,-5.8\n" // row 5: negative
            + "2026-03-06,pln,XAU,0.0000000000001\n" // row 6: three mistakes
            + tomorrowPlusOne
            + ",PLN,CZK,5.9\n" // row 7: future
            + "2026-03-02,PLN,CZK,5.81\n" // row 8: twice the pair and day of row 2
            + "2026-03-09,PLN,CZK,0\n"; // row 9: zero

    Api.Response refused = loadCsv("", file);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(fields(refused))
        .containsExactly(
            "rows[3].date",
            "rows[4].quote",
            "rows[5].rate",
            "rows[6].base",
            "rows[6].quote",
            "rows[6].rate",
            "rows[7].date",
            "rows[8]",
            "rows[9].rate");
    assertThat(refused.json().path("errors").get(7).path("reason").asText())
        .isEqualTo("a second PLN/CZK rate for 2026-03-02; rows[2] has one");
    assertThat(list("?base=PLN").path("data").size()).isZero();

    Api.Response json =
        loadJson(
            server.admin(),
            rate("2026-03-02", "PLN", "HUF", "91.5"),
            Map.of("date", "2026-03-03", "base", "PLN", "quote", "HUF", "rate", 91.6),
            Map.of("date", "2026-03-04", "base", "PLN", "rate", "91.7", "colour", "red"));
    assertThat(json.status()).as(json.toString()).isEqualTo(422);
    assertThat(fields(json)).containsExactly("rates[1].rate", "rates[2].colour", "rates[2].quote");
    assertThat(list("?base=PLN").path("data").size()).isZero();
  }

  @Test
  void validOnlyLoadsTheGoodRowsAndListsTheOthers() {
    String file =
        "date,base,quote,rate\n"
            + "2026-03-02,DKK,ISK,19.81\n"
            + "2026-03-03,DKK,ISK,abc\n"
            + "2026-03-04,DKK,ISK,19.83\n"
            + "2026-03-05,DKK,,19.84\n";

    Api.Response loaded = loadCsv("?validOnly=true", file);

    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
    assertThat(loaded.json().path("loaded").asInt()).isEqualTo(2);
    assertThat(skipped(loaded)).containsExactly("rows[3].rate", "rows[5].quote");
    assertThat(loaded.json().path("skipped").get(1).path("reason").asText())
        .isEqualTo("is required");
    JsonNode data = list("?base=DKK").path("data");
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.get(1).path("date").asText()).isEqualTo("2026-03-04");

    Api.Response json =
        server
            .admin()
            .post(
                "/api/v1/rates?validOnly=true",
                Map.of(
                    "rates",
                    List.of(
                        rate("2026-03-06", "DKK", "ISK", "19.85"),
                        rate("2026-03-07", "DKK", "ISK", "0.0000000000001"))));
    assertThat(json.json().path("loaded").asInt()).isEqualTo(1);
    assertThat(skipped(json)).containsExactly("rates[1].rate");
    assertThat(loadCsv("?validOnly=maybe", file).status()).isEqualTo(400);
  }

  @Test
  void loadingARateForAPairAndDayAgainReplacesIt() {
    assertThat(loadJson(server.admin(), rate("2026-03-02", "CHF", "SEK", "11.2")).status())
        .isEqualTo(200);
    Api.Response convertedBefore =
        network
            .asAdvA()
            .get("/api/v1/rates/convert?amount=10.00&from=CHF&to=SEK&at=2026-03-02T12:00:00Z");
    assertThat(convertedBefore.json().path("converted").asText()).isEqualTo("112.00");

    Api.Response again = loadCsv("", "date,base,quote,rate\n2026-03-02,CHF,SEK,11.3\n");

    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    JsonNode data = list("?base=CHF&quote=SEK").path("data");
    assertThat(data.size()).isEqualTo(1);
    assertThat(data.get(0).path("rate").asText()).isEqualTo("11.3");
    Api.Response convertedAfter =
        network
            .asAdvA()
            .get("/api/v1/rates/convert?amount=10.00&from=CHF&to=SEK&at=2026-03-02T12:00:00Z");
    assertThat(convertedAfter.json().path("converted").asText()).isEqualTo("113.00");
  }

  @Test
  void theListIsPagedByDateAndPair() {
    loadJson(
        server.admin(),
        rate("2026-04-02", "AUD", "NZD", "1.09"),
        rate("2026-04-01", "AUD", "NZD", "1.08"),
        rate("2026-04-01", "AUD", "SGD", "0.88"));

    JsonNode first = list("?base=AUD&limit=2");
    assertThat(first.path("data").size()).isEqualTo(2);
    assertThat(first.path("data").get(0).path("quote").asText()).isEqualTo("NZD");
    assertThat(first.path("data").get(1).path("quote").asText()).isEqualTo("SGD");
    String cursor = first.path("nextCursor").asText();
    JsonNode second = list("?base=AUD&limit=2&cursor=" + cursor);
    assertThat(second.path("data").size()).isEqualTo(1);
    assertThat(second.path("data").get(0).path("date").asText()).isEqualTo("2026-04-02");
    assertThat(second.path("nextCursor").isNull()).isTrue();
    assertThat(list("?base=AUD&from=2026-04-02&to=2026-04-02").path("data").size()).isEqualTo(1);

    assertThat(network.asPubX().get("/api/v1/rates?cursor=bm9wZQ").status()).isEqualTo(400);
    assertThat(network.asPubX().get("/api/v1/rates?base=eur").status()).isEqualTo(400);
    assertThat(network.asPubX().get("/api/v1/rates?from=2026-13-01").status()).isEqualTo(400);
    assertThat(network.asPubX().get("/api/v1/rates?colour=red").status()).isEqualTo(400);
  }

  @Test
  void convertUsesTheLatestRateOnOrBeforeTheDayEitherWay() {
    loadJson(
        server.admin(),
        rate("2026-05-01", "MXN", "BRL", "0.25"),
        rate("2026-05-10", "MXN", "BRL", "0.3"));

    Api.Response converted =
        network
            .asPubX()
            .get("/api/v1/rates/convert?amount=12.50&from=MXN&to=BRL&at=2026-05-09T23:59:59Z");
    assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
    JsonNode body = converted.json();
    assertThat(body.path("from").asText()).isEqualTo("MXN");
    assertThat(body.path("to").asText()).isEqualTo("BRL");
    assertThat(body.path("amount").asText()).isEqualTo("12.50");
    assertThat(body.path("converted").asText()).isEqualTo("3.12"); // 3.125, half-even
    assertThat(body.path("rate").asText()).isEqualTo("0.25");
    assertThat(body.path("rateDate").asText()).isEqualTo("2026-05-01");
    assertThat(body.path("at").asText()).isEqualTo("2026-05-09T23:59:59Z");

    JsonNode inverse =
        network
            .asPubX()
            .get("/api/v1/rates/convert?amount=3.00&from=BRL&to=MXN&at=2026-05-10T00:00:00Z")
            .json();
    assertThat(inverse.path("rate").asText()).isEqualTo("3.33333333333");
    assertThat(inverse.path("converted").asText()).isEqualTo("10.00");
    assertThat(inverse.path("rateDate").asText()).isEqualTo("2026-05-10");
  }

  @Test
  void aMissingRateIsA422NamingThePairAndDay() {
    Api.Response missing =
        network
            .asPubX()
            .get("/api/v1/rates/convert?amount=12.50&from=USD&to=THB&at=2026-11-25T10:00:00Z");

    assertThat(missing.status()).as(missing.toString()).isEqualTo(422);
    assertThat(fields(missing)).containsExactly("to");
    assertThat(missing.json().path("errors").get(0).path("reason").asText())
        .startsWith("no rate from USD to THB on or before 2026-11-25");

    assertThat(network.asPubX().get("/api/v1/rates/convert?amount=1.00&from=USD").status())
        .isEqualTo(400);
    assertThat(network.asPubX().get("/api/v1/rates/convert?amount=1.001&from=USD&to=THB").status())
        .isEqualTo(400);
    assertThat(
            network
                .asPubX()
                .get("/api/v1/rates/convert?amount=1.00&from=USD&to=THB&at=2026-11-25")
                .status())
        .isEqualTo(400);
    Api.Response same = network.asPubX().get("/api/v1/rates/convert?amount=1.00&from=USD&to=USD");
    assertThat(same.json().path("rate").asText()).isEqualTo("1");
  }
}
