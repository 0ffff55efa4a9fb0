package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Customer lifetime value fitted on an advertiser's own orders, and cohorts, on both databases. */
class CustomerValueTest extends NetworkTest {

  private static String advertiser() {
    Api.Response created =
        server
            .admin()
            .post(
                "/api/v1/advertisers",
                TestNetwork.advertiser("Value " + System.nanoTime(), "FR", "EUR"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private static String programme(String advertiser) {
    Map<String, Object> body =
        new HashMap<>(TestNetwork.programme(advertiser, "Value", "a.example", "active"));
    body.put("minClickSeconds", 0);
    Api.Response created = server.admin().post("/api/v1/programmes", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private static void order(
      String programme, String customer, Instant at, String total, @Nullable String coupon) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "V-" + System.nanoTime());
    body.put("orderedAt", at.toString());
    body.put("currency", "EUR");
    body.put("total", total);
    body.put("customerRef", customer);
    if (coupon != null) {
      body.put("couponCode", coupon);
    }
    Api.Response response = server.admin().post("/api/v1/conversions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
  }

  @Test
  void theModelsFittedOnTheAdvertisersOrdersAreTheModelsOfItsCustomers() {
    String advertiser = advertiser();
    String programme = programme(advertiser);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // Customers drawn from the BG/NBD story itself (purchase rates from a gamma, drop-out
    // chances from a beta: r = 0.5, alpha = 5 weeks, a = 1, b = 3), so the models are well posed.
    SplittableRandom random = new SplittableRandom(7);
    RandomGenerator generator = new Well19937c(11);
    GammaDistribution rates = new GammaDistribution(generator, 0.5, 1 / 5.0);
    BetaDistribution dropouts = new BetaDistribution(generator, 1, 3);
    List<List<Instant>> orders = new ArrayList<>();
    List<List<Long>> values = new ArrayList<>();
    for (int c = 0; c < 150; c++) {
      double observedWeeks = 30 + random.nextInt(12);
      Instant first = now.minus(Duration.ofMinutes((long) (observedWeeks * 7 * 24 * 60)));
      double rate = rates.sample();
      double dropout = dropouts.sample();
      List<Instant> times = new ArrayList<>(List.of(first));
      List<Long> amounts = new ArrayList<>(List.of(5000L));
      double t = 0;
      while (true) {
        t += -Math.log(1 - random.nextDouble()) / rate;
        if (t >= observedWeeks - 0.01) {
          break;
        }
        times.add(first.plus(Duration.ofMinutes((long) (t * 7 * 24 * 60))));
        amounts.add(1000L + random.nextInt(9000));
        if (random.nextDouble() < dropout) {
          break;
        }
      }
      orders.add(times);
      values.add(amounts);
      for (int k = 0; k < times.size(); k++) {
        order(
            programme,
            "CV-" + c,
            times.get(k),
            String.format("%d.%02d", amounts.get(k) / 100, amounts.get(k) % 100),
            null);
      }
    }

    Api.Response fitted =
        server.admin().post("/api/v1/advertisers/" + advertiser + "/clv/fit", null);

    assertThat(fitted.status()).as(fitted.toString()).isEqualTo(200);
    JsonNode fit = fitted.json();
    assertThat(fit.path("customers").asInt()).isEqualTo(150);
    // The same customers summarised here, in weeks, fitted by the core models directly.
    Instant asOf = Instant.parse(fit.path("fittedAt").asText());
    List<CustomerSummary> summaries = new ArrayList<>();
    List<CustomerSummary> repeat = new ArrayList<>();
    for (int c = 0; c < orders.size(); c++) {
      List<Instant> times = orders.get(c);
      int x = times.size() - 1;
      double tx = x == 0 ? 0 : CustomerHistories.weeks(times.get(0), times.get(x));
      double sum = 0;
      for (int k = 1; k < times.size(); k++) {
        sum += values.get(c).get(k) / 100.0;
      }
      CustomerSummary summary =
          new CustomerSummary(
              x, tx, CustomerHistories.weeks(times.get(0), asOf), x == 0 ? 0 : sum / x);
      summaries.add(summary);
      if (x > 0) {
        repeat.add(summary);
      }
    }
    BgNbd purchases = BgNbd.fit(summaries);
    GammaGamma spend = GammaGamma.fit(repeat);
    JsonNode parameters = fit.path("parameters");
    assertThat(parameters.path("r").asDouble())
        .isCloseTo(purchases.r(), within(purchases.r() * 0.001));
    assertThat(parameters.path("alpha").asDouble())
        .isCloseTo(purchases.alpha(), within(purchases.alpha() * 0.001));
    assertThat(parameters.path("p").asDouble()).isCloseTo(spend.p(), within(spend.p() * 0.001));
    assertThat(
            server
                .admin()
                .get("/api/v1/advertisers/" + advertiser + "/clv")
                .json()
                .path("fittedAt")
                .asText())
        .isEqualTo(fit.path("fittedAt").asText());
  }

  @Test
  void anAdvertiserWithoutRepeatBuyersIsToldWhyNothingCanBeFitted() {
    String advertiser = advertiser();
    order(programme(advertiser), "ONCE", Instant.now().minus(Duration.ofDays(3)), "10.00", null);

    Api.Response fitted =
        server.admin().post("/api/v1/advertisers/" + advertiser + "/clv/fit", null);

    assertThat(fitted.status()).as(fitted.toString()).isEqualTo(422);
    assertThat(fitted.json().path("errors").get(0).path("field").asText()).isEqualTo("orders");
    assertThat(network.asPubX().get("/api/v1/advertisers/" + advertiser + "/clv").status())
        .isEqualTo(403);
    assertThat(network.asAdvB().get("/api/v1/advertisers/" + network.advA() + "/clv").status())
        .isEqualTo(404);
  }

  @Test
  void cohortsShowWhatEachPublishersCustomersSpentSince() {
    String programme = dev.levier.testing.Sales.programme();
    String x = dev.levier.testing.Sales.partnership(programme, network.pubX());
    String y = dev.levier.testing.Sales.partnership(programme, network.pubY());
    String codeX = "CX" + System.nanoTime();
    String codeY = "CY" + System.nanoTime();
    server.admin().post("/api/v1/coupons", Map.of("partnershipId", x, "code", codeX));
    server.admin().post("/api/v1/coupons", Map.of("partnershipId", y, "code", codeY));
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String tag = "C" + System.nanoTime();
    order(programme, tag + "-1", base.minus(Duration.ofDays(100)), "320.00", codeX);
    order(programme, tag + "-1", base.minus(Duration.ofDays(50)), "320.00", null);
    order(programme, tag + "-2", base.minus(Duration.ofDays(100)), "320.00", codeX);
    order(programme, tag + "-3", base.minus(Duration.ofDays(100)), "320.00", codeY);
    order(programme, tag + "-3", base.minus(Duration.ofDays(10)), "320.00", null);
    LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));

    Api.Response report =
        network
            .asAdvA()
            .get(
                "/api/v1/programmes/"
                    + programme
                    + "/cohorts?from="
                    + today.minusDays(120)
                    + "&to="
                    + today);

    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    Map<String, JsonNode> rows = new HashMap<>();
    report.json().path("cohorts").forEach(r -> rows.put(r.path("publisherId").asText(), r));
    JsonNode byX = rows.get(network.pubX());
    assertThat(byX.path("customers").asInt()).isEqualTo(2);
    assertThat(byX.path("repeatRate").asText()).isEqualTo("0.5000");
    assertThat(byX.path("within").path("30d").path("revenuePerCustomer").asText())
        .isEqualTo("320.00");
    assertThat(byX.path("within").path("90d").path("revenuePerCustomer").asText())
        .isEqualTo("480.00");
    assertThat(byX.path("within").path("180d").path("customers").asInt()).isZero();
    assertThat(byX.path("within").path("180d").path("revenuePerCustomer").isNull()).isTrue();
    JsonNode byY = rows.get(network.pubY());
    assertThat(byY.path("repeatRate").asText()).isEqualTo("1.0000");
    Api.Response csv =
        network
            .asAdvA()
            .get(
                "/api/v1/programmes/"
                    + programme
                    + "/cohorts?from="
                    + today.minusDays(120)
                    + "&to="
                    + today
                    + "&format=csv");
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.text()).contains(network.pubX() + ",content,2,0.5000,2,320.00,2,480.00,0,,0,,");
    assertThat(byY.path("within").path("90d").path("revenuePerCustomer").asText())
        .isEqualTo("640.00");
    assertThat(
            network
                .asPubX()
                .get("/api/v1/programmes/" + programme + "/cohorts?from=" + today + "&to=" + today)
                .status())
        .isEqualTo(403);
  }
}
