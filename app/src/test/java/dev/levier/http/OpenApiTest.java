package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
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
                            "20.00")),
                    "monthlyCaps",
                    List.of(Map.of("scope", "programme", "max", "10000.00", "action", "cap")),
                    "tiers",
                    List.of(Map.of("minSales", 100, "percent", "12")),
                    "bonuses",
                    List.of(
                        Map.of(
                            "id",
                            "ten-new",
                            "name",
                            "Ten new",
                            "newCustomers",
                            10,
                            "amount",
                            "50.00"))));
    assertThat(ruleSet.status()).as(ruleSet.toString()).isEqualTo(201);
    assertDocumented(ruleSet.json(), "RuleSet");
    assertDocumented(ruleSet.json().path("rules").path(0), "RuleSetRule");
    assertDocumented(ruleSet.json().path("rules").path(0).path("pay"), "CommissionBasis");
    assertDocumented(ruleSet.json().path("caps").path(0), "RuleSetCap");
    assertDocumented(ruleSet.json().path("monthlyCaps").path(0), "RuleSetMonthlyCap");
    assertDocumented(ruleSet.json().path("tiers").path(0), "RuleSetTier");
    assertDocumented(ruleSet.json().path("bonuses").path(0), "RuleSetBonus");

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

    moneyAnswersAreDocumented(
        advertiser.id(), commission.path("publisherId").asText(), programme.id());
    attributionAnswersAreDocumented(programme.id(), commission.path("conversionId").asText());
    publisherReportIsDocumented(programme.id());
    experimentAnswersAreDocumented(programme.id());
    analyticsAnswersAreDocumented(advertiser.id(), programme.id());
    recommendationsAreDocumented(programme.id());
    campaignIsDocumented(advertiser.id());
  }

  /** A campaign with every line item and creative field given, read back whole. */
  private static void campaignIsDocumented(String advertiserId) {
    Map<String, Object> lineItem = new HashMap<>();
    lineItem.put("name", "Doc");
    lineItem.put("start", "2026-01-01T00:00:00Z");
    lineItem.put("end", "2027-01-01T00:00:00Z");
    lineItem.put("dailyBudget", "10.00");
    lineItem.put("totalBudget", "100.00");
    lineItem.put("pacing", "even");
    lineItem.put("bidStrategy", Map.of("kind", "target-roas", "roas", "4", "orderValue", "80.00"));
    lineItem.put("maxBid", "3.00");
    lineItem.put("frequencyCaps", Map.of("perHour", 1, "perDay", 3, "perFlight", 10));
    Map<String, Object> targeting = new HashMap<>();
    for (String list :
        List.of(
            "regions",
            "cities",
            "operatingSystems",
            "browsers",
            "domains",
            "blockedDomains",
            "bundles",
            "blockedBundles",
            "deals",
            "segments")) {
      targeting.put(list, List.of("x"));
    }
    targeting.put("countries", List.of("FR"));
    targeting.put("deviceTypes", List.of(2));
    targeting.put("categories", List.of("IAB3"));
    targeting.put("formats", List.of("video"));
    targeting.put("days", List.of("monday"));
    targeting.put("hours", List.of(9));
    lineItem.put("targeting", targeting);
    Map<String, Object> creative = new HashMap<>();
    creative.put("format", "video");
    creative.put("width", 640);
    creative.put("height", 360);
    creative.put("markup", "<VAST version=\"4.0\"></VAST>");
    creative.put("adomain", List.of("doc.example"));
    creative.put("categories", List.of("IAB22"));
    creative.put("attributes", List.of(16));
    creative.put("durationSeconds", 15);
    creative.put("protocols", List.of(3));
    creative.put("mimes", List.of("video/mp4"));
    creative.put("landingUrl", "https://doc.example/");
    Api.Response campaign =
        server
            .admin()
            .post(
                "/api/v1/campaigns",
                Map.of(
                    "advertiserId",
                    advertiserId,
                    "name",
                    "Doc",
                    "currency",
                    "EUR",
                    "timeZone",
                    "Europe/Paris",
                    "lineItems",
                    List.of(lineItem),
                    "creatives",
                    List.of(creative)));
    assertThat(campaign.status()).as(campaign.toString()).isEqualTo(201);
    JsonNode body = campaign.json();
    assertDocumented(body, "Campaign");
    JsonNode item = body.path("lineItems").path(0);
    assertDocumented(item, "CampaignLineItem");
    assertDocumented(item.path("definition"), "LineItemInput");
    assertDocumented(item.path("definition").path("targeting"), "Targeting");
    assertDocumented(item.path("definition").path("bidStrategy"), "BidStrategy");
    assertDocumented(item.path("definition").path("frequencyCaps"), "FrequencyCaps");
    assertDocumented(body.path("creatives").path(0), "CampaignCreative");
    assertDocumented(body.path("creatives").path(0).path("definition"), "CreativeInput");
    Api.Response page = server.admin().get("/api/v1/campaigns?limit=1");
    assertDocumented(page.json(), "CampaignPage");
  }

  /** Both recommendation lists, with a publisher new to the programme in each. */
  private static void recommendationsAreDocumented(String programmeId) {
    String publisher =
        server
            .admin()
            .post("/api/v1/publishers", TestNetwork.publisher("Doc Reco", "content"))
            .id();
    for (String[] each :
        new String[][] {
          {"/api/v1/programmes/" + programmeId, "PublisherRecommendations"},
          {"/api/v1/publishers/" + publisher, "ProgrammeRecommendations"}
        }) {
      Api.Response answer = server.admin().get(each[0] + "/recommendations?limit=5");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      assertDocumented(answer.json(), each[1]);
      assertDocumented(answer.json().path("weights"), "RecommendationWeights");
      JsonNode first = answer.json().path("recommendations").path(0);
      assertDocumented(first, "Recommendation");
      assertDocumented(first.path("reasons"), "RecommendationReasons");
    }
  }

  /**
   * The fairness report of the sale above; the customer value models and the cohort of another
   * advertiser whose customers came back enough to be fitted; and the fit of one whose cannot be.
   */
  private static void analyticsAnswersAreDocumented(String docAdvertiser, String programmeId) {
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
    String period = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    String programme = "/api/v1/programmes/" + programmeId;
    Api.Response fairness =
        server.admin().get(programme + "/fairness?" + period + "&model=markov&order=1");
    assertThat(fairness.status()).as(fairness.toString()).isEqualTo(200);
    assertDocumented(fairness.json(), "FairnessReport");
    assertDocumented(fairness.json().path("publishers").path(0), "FairnessPublisher");
    assertDocumented(fairness.json().path("publisherTypes").path(0), "FairnessPublisherType");

    // Twelve customers of the last forty weeks, nine of whom came back, one to three times.
    String advertiser =
        server
            .admin()
            .post(
                "/api/v1/advertisers",
                Map.of(
                    "name",
                    "Doc Value",
                    "country",
                    "FR",
                    "currency",
                    "EUR",
                    "timeZone",
                    "Europe/Paris"))
            .id();
    Map<String, Object> shop =
        new HashMap<>(TestNetwork.programme(advertiser, "Doc Value", "value.example", "active"));
    Api.Response valueProgramme = server.admin().post("/api/v1/programmes", shop);
    assertThat(valueProgramme.status()).as(valueProgramme.toString()).isEqualTo(201);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int c = 0; c < 12; c++) {
      int repeats = (c * 7) % 4;
      int gapWeeks = c % 3 == 0 ? 1 : 3 + c % 5;
      Instant first = now.minus((40 - c) * 7L, ChronoUnit.DAYS);
      for (int k = 0; k <= repeats; k++) {
        Map<String, Object> sale = new HashMap<>();
        sale.put("programmeId", valueProgramme.id());
        sale.put("orderId", "DOC-V-" + c + "-" + k);
        sale.put("orderedAt", first.plus(k * gapWeeks * 7L, ChronoUnit.DAYS).toString());
        sale.put("currency", "EUR");
        sale.put("total", (20 + (c * 13) % 37) + ".00");
        sale.put("customerRef", "doc-value-" + c);
        Api.Response stored = server.admin().post("/api/v1/conversions", sale);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
      }
    }
    String clv = "/api/v1/advertisers/" + advertiser + "/clv";
    assertThat(server.admin().get(clv).status()).isEqualTo(404);
    Api.Response fitted = server.admin().post(clv + "/fit", Map.of());
    assertThat(fitted.status()).as(fitted.toString()).isEqualTo(200);
    assertDocumented(fitted.json(), "CustomerValue");
    assertDocumented(fitted.json().path("parameters"), "CustomerValueParameters");
    Api.Response read = server.admin().get(clv);
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertDocumented(read.json(), "CustomerValue");
    // Their cohort: acquired over the last 300 days (the sale above is a second ahead of the clock,
    // so it may not have happened yet).
    Api.Response cohorts =
        server
            .admin()
            .get(
                "/api/v1/programmes/"
                    + valueProgramme.id()
                    + "/cohorts?from="
                    + today.minusDays(300)
                    + "&to="
                    + today);
    assertThat(cohorts.status()).as(cohorts.toString()).isEqualTo(200);
    assertDocumented(cohorts.json(), "CohortReport");
    JsonNode cohort = cohorts.json().path("cohorts").path(0);
    assertDocumented(cohort, "CohortRow");
    assertDocumented(cohort.path("within"), "CohortRow/within");
    assertDocumented(cohort.path("within").path("30d"), "CohortHorizon");

    // The first advertiser's one customer never came back: nothing to fit, and the reason kept.
    Api.Response unfit =
        server.admin().post("/api/v1/advertisers/" + docAdvertiser + "/clv/fit", Map.of());
    assertThat(unfit.status()).as(unfit.toString()).isEqualTo(422);
    assertThat(unfit.json().path("errors").path(0).path("field").asText()).isEqualTo("orders");
    Api.Response problem = server.admin().get("/api/v1/advertisers/" + docAdvertiser + "/clv");
    assertThat(problem.status()).as(problem.toString()).isEqualTo(200);
    assertDocumented(problem.json(), "CustomerValue");
    assertThat(problem.json().path("problem").asText()).isNotEmpty();
  }

  /**
   * The publisher report of the sale above, by programme and publisher, set beside the same period
   * so that every row has its {@code previous}.
   */
  private static void publisherReportIsDocumented(String programmeId) {
    // The advertiser's days are Paris days: a day either side covers the sale whatever the hour.
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
    String period = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    Api.Response report =
        server
            .admin()
            .get(
                "/api/v1/reports/publishers?"
                    + period
                    + "&groupBy=publisher,publisherType,group,programme&programmeId="
                    + programmeId
                    + "&compareFrom="
                    + today.minusDays(1)
                    + "&compareTo="
                    + today.plusDays(1));
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertDocumented(report.json(), "PublisherReport");
    JsonNode row = report.json().path("rows").path(0);
    assertDocumented(row, "PublisherReportRow");
    assertDocumented(row.path("roles"), "PublisherReportRoles");
    assertDocumented(row.path("timeToConversion"), "PublisherReportTimeToConversion");
    assertDocumented(row.path("amounts").path(0), "PublisherReportAmount");
    assertDocumented(row.path("previous"), "PublisherReportMeasures");
    assertDocumented(row.path("previous").path("roles"), "PublisherReportRoles");
    assertDocumented(row.path("previous").path("amounts").path(0), "PublisherReportAmount");

    Api.Response csv = server.admin().get("/api/v1/reports/publishers?" + period + "&format=csv");
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    JsonNode media =
        document
            .path("paths")
            .path("/api/v1/reports/publishers")
            .path("get")
            .path("responses")
            .path("200")
            .path("content");
    String type = String.valueOf(csv.header("Content-Type"));
    assertThat(media.has(type)).as(type).isTrue();
    String header = csv.text().substring(0, csv.text().indexOf('\n'));
    assertThat(media.path("text/csv; charset=utf-8").path("schema").path("description").asText())
        .contains("`" + header + "`");
  }

  /**
   * An experiment, in a list and read with its results once both groups have visitors: forty new
   * visitors split in halves leave a group empty once in 2^39 runs.
   */
  private static void experimentAnswersAreDocumented(String programme) {
    Api.Response publisher =
        server.admin().post("/api/v1/publishers", TestNetwork.publisher("Exp Pub", "cashback"));
    assertThat(publisher.status()).as(publisher.toString()).isEqualTo(201);
    Api.Response partnership =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", publisher.id()));
    assertThat(partnership.status()).as(partnership.toString()).isEqualTo(201);
    Api.Response created =
        server
            .admin()
            .post(
                "/api/v1/experiments",
                Map.of("partnershipId", partnership.id(), "holdoutPercent", "50"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertDocumented(created.json(), "Experiment");
    assertDocumented(created.json().path("results"), "ExperimentResults");
    Api.Response link =
        server.admin().post("/api/v1/links", Map.of("partnershipId", partnership.id()));
    String path = link.json().path("trackingUrl").asText().substring(server.baseUrl().length());
    for (int i = 0; i < 40; i++) {
      Api.Response redirect =
          server
              .anonymous()
              .send(
                  "GET", path, null, Map.of("User-Agent", "Mozilla/5.0 (X11; Linux) Chrome/130.0"));
      assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
    }
    server.awaitClicksStored();
    Api.Response read = server.admin().get("/api/v1/experiments/" + created.id());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    JsonNode results = read.json().path("results");
    assertDocumented(results, "ExperimentResults");
    assertDocumented(results.path("rateDifference"), "ExperimentInterval");
    assertDocumented(results.path("incrementalConversions"), "ExperimentInterval");
    assertDocumented(results.path("lift"), "ExperimentLift");
    assertDocumented(results.path("significance"), "ExperimentSignificance");
    Api.Response list = server.admin().get("/api/v1/experiments?programmeId=" + programme);
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertDocumented(list.json(), "ExperimentPage");
    assertDocumented(list.json().path("data").path(0), "Experiment");
  }

  /**
   * The answers of the attribution routes (the setting, with and without what a data-driven model
   * learnt, and the report) and the journey of a single conversion.
   */
  private static void attributionAnswersAreDocumented(String programmeId, String conversionId) {
    Api.Response conversion = server.admin().get("/api/v1/conversions/" + conversionId);
    assertThat(conversion.status()).as(conversion.toString()).isEqualTo(200);
    assertDocumented(conversion.json(), "Conversion");
    assertThat(conversion.json().path("journey").size()).as(conversion.toString()).isEqualTo(1);
    assertDocumented(conversion.json().path("journey").path(0), "ConversionJourneyStep");

    String attribution = "/api/v1/programmes/" + programmeId + "/attribution";
    Api.Response initial = server.admin().get(attribution);
    assertThat(initial.status()).as(initial.toString()).isEqualTo(200);
    assertDocumented(initial.json(), "AttributionSetting");
    Api.Response decay =
        server
            .admin()
            .put(
                attribution,
                Map.of(
                    "model",
                    "time-decay",
                    "options",
                    Map.of("halfLifeDays", "3.5"),
                    "deduplication",
                    Map.of("channels", List.of("search"), "reduceBy", "50")));
    assertThat(decay.status()).as(decay.toString()).isEqualTo(200);
    assertDocumented(decay.json(), "AttributionSetting");
    assertDocumented(decay.json().path("options"), "AttributionOptions");
    assertDocumented(decay.json().path("deduplication"), "AttributionDeduplication");
    Api.Response markov =
        server
            .admin()
            .put(
                attribution,
                Map.of("model", "markov", "options", Map.of("order", 2), "version", 1));
    assertThat(markov.status()).as(markov.toString()).isEqualTo(200);
    assertDocumented(markov.json(), "AttributionSetting");
    assertDocumented(markov.json().path("options"), "AttributionOptions");
    assertDocumented(markov.json().path("learnt"), "AttributionLearnt");
    Api.Response learnt = server.admin().post(attribution + "/learn", Map.of());
    assertThat(learnt.status()).as(learnt.toString()).isEqualTo(200);
    assertDocumented(learnt.json(), "AttributionSetting");
    assertDocumented(learnt.json().path("learnt"), "AttributionLearnt");

    Instant now = Instant.now();
    Api.Response report =
        server
            .admin()
            .get(
                attribution
                    + "/report?from="
                    + now.minus(1, ChronoUnit.HOURS)
                    + "&to="
                    + now.plus(1, ChronoUnit.HOURS)
                    + "&models=last,linear,markov&order=2");
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertDocumented(report.json(), "AttributionReport");
    assertDocumented(report.json().path("journeys"), "AttributionJourneys");
    assertDocumented(report.json().path("models").path(0), "AttributionReportModel");
    JsonNode channel = report.json().path("channels").path(0);
    assertDocumented(channel, "AttributionReportChannel");
    assertDocumented(channel.path("credits").path("linear"), "AttributionCredit");
  }

  /**
   * The answers of the money routes: billing settings, exchange rates, a month's close (of a past
   * month with nothing in it), the ledger, an invoice run and a payout run (with nothing to pay).
   */
  private static void moneyAnswersAreDocumented(
      String advertiserId, String publisherId, String programmeId) {
    Api.Response fee =
        server
            .admin()
            .post(
                "/api/v1/advertisers/" + advertiserId + "/billing",
                Map.of("feePercent", "10", "feePerConversion", "0.50"));
    assertThat(fee.status()).as(fee.toString()).isEqualTo(200);
    assertDocumented(fee.json(), "AdvertiserBilling");
    Api.Response threshold = server.admin().get("/api/v1/publishers/" + publisherId + "/billing");
    assertThat(threshold.status()).as(threshold.toString()).isEqualTo(200);
    assertDocumented(threshold.json(), "PublisherBilling");
    Api.Response vat =
        server.admin().post("/api/v1/vat-rates", Map.of("country", "FR", "percent", "20"));
    assertThat(vat.status()).as(vat.toString()).isEqualTo(200);
    assertDocumented(vat.json(), "VatRate");
    Api.Response vatRates = server.admin().get("/api/v1/vat-rates");
    assertThat(vatRates.status()).as(vatRates.toString()).isEqualTo(200);
    assertDocumented(vatRates.json().path("data").path(0), "VatRate");

    Api.Response loaded =
        server
            .admin()
            .post(
                "/api/v1/rates?validOnly=true",
                Map.of(
                    "rates",
                    List.of(
                        Map.of(
                            "date", LocalDate.now(ZoneOffset.UTC).toString(),
                            "base", "EUR",
                            "quote", "GBP",
                            "rate", "0.8712"),
                        Map.of(
                            "date", "2026-02-30", "base", "EUR", "quote", "USD", "rate", "1.08"))));
    assertThat(loaded.status()).as(loaded.toString()).isEqualTo(200);
    assertDocumented(loaded.json(), "ExchangeRateLoadResult");
    assertDocumented(loaded.json().path("skipped").path(0), "FieldError");
    Api.Response rates = server.admin().get("/api/v1/rates?base=EUR&quote=GBP");
    assertThat(rates.status()).as(rates.toString()).isEqualTo(200);
    assertDocumented(rates.json(), "ExchangeRatePage");
    assertDocumented(rates.json().path("data").path(0), "ExchangeRate");
    Api.Response converted =
        server.admin().get("/api/v1/rates/convert?amount=10.00&from=EUR&to=GBP");
    assertThat(converted.status()).as(converted.toString()).isEqualTo(200);
    assertDocumented(converted.json(), "ConvertedAmount");

    String month = YearMonth.now(ZoneOffset.UTC).minusMonths(2).toString();
    Api.Response closed =
        server
            .admin()
            .post("/api/v1/programmes/" + programmeId + "/periods/" + month + "/close", Map.of());
    assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
    assertThat(closed.json().path("locked").asInt()).isZero();
    assertDocumented(closed.json(), "PeriodClose");

    Api.Response balances = server.admin().get("/api/v1/ledger/balances");
    assertThat(balances.status()).as(balances.toString()).isEqualTo(200);
    assertThat(balances.json().path("trialBalance").isArray()).as(balances.toString()).isTrue();
    assertDocumented(balances.json(), "LedgerBalances");
    Api.Response entries = server.admin().get("/api/v1/ledger/entries");
    assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
    assertDocumented(entries.json(), "LedgerEntryPage");

    Api.Response invoiced = server.admin().post("/api/v1/invoices/run", Map.of("month", month));
    assertThat(invoiced.status()).as(invoiced.toString()).isEqualTo(200);
    assertDocumented(invoiced.json(), "InvoiceRunResult");
    Api.Response invoices = server.admin().get("/api/v1/invoices");
    assertThat(invoices.status()).as(invoices.toString()).isEqualTo(200);
    assertDocumented(invoices.json(), "InvoiceList");

    Api.Response run = server.admin().post("/api/v1/payouts/run", Map.of("runId", "doc-" + month));
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    assertDocumented(run.json(), "PayoutRun");
    Api.Response payouts = server.admin().get("/api/v1/payouts");
    assertThat(payouts.status()).as(payouts.toString()).isEqualTo(200);
    assertDocumented(payouts.json(), "PayoutList");
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
    sale.put("lines", dev.levier.testing.Sales.phoneAndBook());
    Api.Response conversion = server.admin().post("/api/v1/conversions", sale);
    assertThat(conversion.status()).as(conversion.toString()).isEqualTo(201);

    Api.Response list = server.admin().get("/api/v1/commissions?conversionId=" + conversion.id());
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    JsonNode data = list.json().path("data");
    assertThat(data.size()).as(list.toString()).isEqualTo(1);
    assertDocumented(data.get(0), "Commission");
    return data.get(0);
  }

  @Test
  void theClockAndTheDemoSummaryAreDocumented() {
    Api.Response clock = server.admin().get("/api/v1/clock");
    assertThat(clock.status()).as(clock.toString()).isEqualTo(200);
    assertDocumented(clock.json(), "ClockReading");

    dev.levier.demo.DemoSummary summary =
        new dev.levier.demo.DemoSummary(
            new dev.levier.demo.DemoSummary.Run(
                100,
                30,
                1,
                "2026-10-01T00:00:00Z",
                "2026-10-31T00:00:00Z",
                "EUR",
                120,
                10,
                40,
                2,
                3,
                1,
                4.5),
            List.of(
                new dev.levier.demo.DemoSummary.TypeRow(
                    "content", "100.00", "80.00", "markov", "80.00", "10.00", "8.00", "10.00", 1,
                    1)),
            List.of(
                new dev.levier.demo.DemoSummary.FraudRow(
                    "bot_clicks", "bot", 5, 5, 5, "1.00", "1.00")),
            new dev.levier.demo.DemoSummary.Reconciliation(
                40,
                40,
                List.of(new dev.levier.demo.DemoSummary.CurrencyCheck("EUR", "10.00", "10.00")),
                5,
                0,
                true),
            List.of(new dev.levier.demo.DemoSummary.Report("this summary", "http://x/")));
    assertThat(server.admin().put("/api/v1/demo/summary", summary).status()).isEqualTo(200);
    JsonNode saved = server.admin().get("/api/v1/demo/summary").json();
    assertDocumented(saved, "DemoSummarySaved");
    JsonNode kept = saved.path("summary");
    assertDocumented(kept, "DemoSummary");
    assertDocumented(kept.path("run"), "DemoRun");
    assertDocumented(kept.path("publisherTypes").get(0), "DemoTypeRow");
    assertDocumented(kept.path("fraud").get(0), "DemoFraudRow");
    assertDocumented(kept.path("reconciliation"), "DemoReconciliation");
    assertDocumented(kept.path("reconciliation").path("commission").get(0), "DemoCurrencyCheck");
    assertDocumented(kept.path("reports").get(0), "DemoReport");
  }

  /** Every field of {@code object} is a property of the named schema. */
  private static void assertDocumented(JsonNode object, String schemaName) {
    assertThat(object.isObject()).as(schemaName).isTrue();
    JsonNode found = document.path("components").path("schemas");
    for (String name : schemaName.split("/")) {
      found = found.path(name).path("properties");
    }
    JsonNode schema = found;
    object
        .fieldNames()
        .forEachRemaining(
            field -> assertThat(schema.has(field)).as(schemaName + "." + field).isTrue());
  }
}
