package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.storage.PublicIds;
import dev.levier.testing.Api;
import dev.levier.testing.Sales;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of the management API, asked by tenants who must not see the object: each answers 404
 * for another tenant's object (or 403 where the caller's role may never use the route), answers it
 * as it answers for an object that does not exist, and no list or report shows it. The routes come
 * from the server itself, so a new route without a case here fails {@link #everyRouteIsCovered()}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class TenancyTest {
  /**
   * The time zone of every advertiser here ({@link TestNetwork#advertiser}): reports and months are
   * counted in it, so "today" and "last month" are too, whatever the time of day in UTC.
   */
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /**
   * Routes under /api/v1 whose tenancy is not about an object of their own. Exchange rates and VAT
   * rates are the network's, the same for every caller (only the admin loads them: RatesApiTest,
   * FinanceApiTest).
   */
  private static final Set<String> NOT_OBJECTS =
      Set.of(
          "POST /api/v1/touchpoints",
          "POST /api/v1/conversions",
          "GET /api/v1/openapi.json",
          "POST /api/v1/rates",
          "GET /api/v1/rates",
          "GET /api/v1/rates/convert",
          "GET /api/v1/vat-rates",
          "POST /api/v1/vat-rates",
          "GET /api/v1/clock",
          "PUT /api/v1/clock",
          "GET /api/v1/demo/summary",
          "PUT /api/v1/demo/summary");

  /**
   * Routes of the admin alone: every other caller is refused (403) before any object is looked up,
   * so the refusal says nothing about the object.
   */
  private static final Set<String> ADMIN_ONLY =
      Set.of(
          "POST /api/v1/advertisers/{id}/billing",
          "POST /api/v1/publishers/{id}/billing",
          "POST /api/v1/invoices/run",
          "POST /api/v1/invoices/{number}/payments",
          "POST /api/v1/payouts/run",
          "GET /api/v1/payouts/runs/{runId}/file.csv",
          "POST /api/v1/payouts/{id}/sent",
          "POST /api/v1/payouts/{id}/failed",
          // The server's clock and the demo's summary are the network's own.
          "GET /api/v1/clock",
          "PUT /api/v1/clock",
          "GET /api/v1/demo/summary",
          "PUT /api/v1/demo/summary");

  /**
   * Routes one role never uses (403): publishers change no commission and choose no attribution
   * model, advertisers get no payout.
   */
  private static final Map<String, String> REFUSED_TO_ROLE =
      Map.ofEntries(
          Map.entry("POST /api/v1/programmes/{id}/periods/{month}/close", "publisher"),
          Map.entry("PUT /api/v1/programmes/{id}/attribution", "publisher"),
          Map.entry("POST /api/v1/programmes/{id}/attribution/learn", "publisher"),
          Map.entry("GET /api/v1/programmes/{id}/attribution/report", "publisher"),
          // Analytics: publishers read neither what others bring nor an advertiser's customers.
          Map.entry("GET /api/v1/programmes/{id}/fairness", "publisher"),
          Map.entry("GET /api/v1/programmes/{id}/cohorts", "publisher"),
          Map.entry("GET /api/v1/advertisers/{id}/clv", "publisher"),
          Map.entry("POST /api/v1/advertisers/{id}/clv/fit", "publisher"),
          Map.entry("POST /api/v1/programmes/{id}/commission-advice", "publisher"),
          // Recommendations: programmes to a publisher, publishers to an advertiser's programme.
          Map.entry("GET /api/v1/publishers/{id}/recommendations", "advertiser"),
          Map.entry("GET /api/v1/programmes/{id}/recommendations", "publisher"),
          Map.entry("POST /api/v1/commissions/{id}/approve", "publisher"),
          Map.entry("POST /api/v1/commissions/{id}/decline", "publisher"),
          Map.entry("POST /api/v1/commissions/{id}/adjust", "publisher"),
          Map.entry("POST /api/v1/commissions/bulk", "publisher"),
          Map.entry("POST /api/v1/experiments/{id}/stop", "publisher"),
          Map.entry("GET /api/v1/invoices", "publisher"),
          // Campaigns are the advertiser's buying: publishers have none to read or change.
          Map.entry("GET /api/v1/campaigns", "publisher"),
          Map.entry("GET /api/v1/campaigns/{id}", "publisher"),
          Map.entry("POST /api/v1/campaigns/{id}/pause", "publisher"),
          Map.entry("POST /api/v1/campaigns/{id}/resume", "publisher"),
          Map.entry("PATCH /api/v1/campaigns/{id}/line-items/{lineItemId}", "publisher"),
          Map.entry("POST /api/v1/campaigns/{id}/creatives", "publisher"),
          Map.entry("GET /api/v1/payouts", "advertiser"));

  private static TestServer server;
  private static TestNetwork network;

  /**
   * The stranger's objects: by resource for {@code {id}} (and lists), by name for the other path
   * parameters ({@code ruleSetId}, {@code month}, {@code number}, {@code runId}).
   */
  private static Map<String, String> foreignIds;

  /** Path parameters naming objects that do not exist, shaped like {@link #foreignIds}. */
  private static Map<String, String> missingIds;

  /** Every id of the stranger's: none may appear in a list or report another tenant reads. */
  private static List<String> strangersIds;

  private static YearMonth lastMonth;

  @Parameter TestDatabase database;

  private record Tenant(String name, String role, String owner, Api api) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeParameterizedClassInvocation
  static void start(TestDatabase database) {
    server = TestServer.start(database);
    network = TestNetwork.create(server);
    Api admin = server.admin();
    // Objects of tenants the test callers have nothing to do with.
    String advC =
        admin.post("/api/v1/advertisers", TestNetwork.advertiser("Stranger", "ES", "EUR")).id();
    String progC =
        admin
            .post(
                "/api/v1/programmes", TestNetwork.programme(advC, "Hidden", "c.example", "paused"))
            .id();
    String pubZ = admin.post("/api/v1/publishers", TestNetwork.publisher("Pub Z", "search")).id();
    String ptnCZ =
        admin.post("/api/v1/partnerships", Map.of("programmeId", progC, "publisherId", pubZ)).id();
    String keyC = admin.post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", advC)).id();
    String linkC = admin.post("/api/v1/links", Map.of("partnershipId", ptnCZ)).id();
    String couponC =
        admin.post("/api/v1/coupons", Map.of("partnershipId", ptnCZ, "code", "HIDDEN")).id();
    String experimentC =
        created(
            admin.post(
                "/api/v1/experiments", Map.of("partnershipId", ptnCZ, "holdoutPercent", "10")));
    Api.Response conversion =
        admin.post(
            "/api/v1/conversions",
            Map.of(
                "programmeId", progC,
                "orderId", "HIDDEN-1",
                "couponCode", "HIDDEN",
                "orderedAt", Instant.now().toString(),
                "currency", "EUR",
                "total", "10.00"));
    assertThat(conversion.status()).as(conversion.toString()).isEqualTo(201);

    // The stranger's money, the whole way: published rules, a sale last month that earns a
    // commission, approved, the month closed, invoiced and paid out.
    lastMonth = YearMonth.now(PARIS).minusMonths(1);
    Instant midMonth = lastMonth.atDay(14).atTime(LocalTime.NOON).atZone(PARIS).toInstant();
    String rules = "/api/v1/programmes/" + progC + "/rulesets";
    String ruleSet = created(admin.post(rules, Sales.readmeRules()));
    ok(
        admin.post(
            rules + "/" + ruleSet + "/publish",
            Map.of("version", 1, "effectiveFrom", midMonth.minus(Duration.ofDays(30)).toString())));
    ok(admin.post("/api/v1/vat-rates", Map.of("country", "ES", "percent", "21")));
    ok(admin.post("/api/v1/publishers/" + pubZ + "/billing", Map.of("payoutThreshold", "1.00")));
    // Only an active programme earns, and every publisher sees an active programme: the hidden one
    // is active for the sale alone.
    String programme = "/api/v1/programmes/" + progC;
    int version = ok(admin.get(programme)).json().path("version").asInt();
    version =
        ok(admin.patch(programme, Map.of("version", version, "status", "active")))
            .json()
            .path("version")
            .asInt();
    String sale = created(admin.post("/api/v1/conversions", couponSale(progC, "HIDDEN", midMonth)));
    ok(admin.patch(programme, Map.of("version", version, "status", "paused")));
    JsonNode commissions =
        ok(admin.get("/api/v1/commissions?conversionId=" + sale)).json().path("data");
    assertThat(commissions.size()).as(commissions.toString()).isEqualTo(1);
    String commission = commissions.get(0).path("id").asText();
    ok(admin.post("/api/v1/commissions/" + commission + "/approve", Map.of()));
    Api.Response closed =
        ok(admin.post("/api/v1/programmes/" + progC + "/periods/" + lastMonth + "/close", null));
    assertThat(closed.json().path("locked").asInt()).as(closed.toString()).isEqualTo(1);
    JsonNode issued =
        ok(admin.post("/api/v1/invoices/run", Map.of("month", lastMonth.toString())))
            .json()
            .path("issued");
    assertThat(issued.size()).as(issued.toString()).isEqualTo(1);
    String invoice = issued.get(0).path("number").asText();
    String run = "hidden-" + lastMonth;
    JsonNode scheduled =
        ok(admin.post("/api/v1/payouts/run", Map.of("runId", run))).json().path("scheduled");
    assertThat(scheduled.size()).as(scheduled.toString()).isEqualTo(1);
    String payout = scheduled.get(0).path("id").asText();
    // The stranger's customer value, fitted once so that the admin reads it: its one known
    // customer cannot be fitted (422), and the attempt is kept with the reason.
    Api.Response fit = admin.post("/api/v1/advertisers/" + advC + "/clv/fit", Map.of());
    assertThat(fit.status()).as(fit.toString()).isIn(200, 422);

    // The stranger's programmatic campaign, paused so that it never bids here.
    Map<String, Object> lineItem = new HashMap<>();
    lineItem.put("name", "Hidden buying");
    lineItem.put("start", Instant.now().toString());
    lineItem.put("end", Instant.now().plus(Duration.ofDays(7)).toString());
    lineItem.put("dailyBudget", "1.00");
    lineItem.put("totalBudget", "7.00");
    lineItem.put("bidStrategy", Map.of("kind", "fixed-cpm", "cpm", "0.10"));
    lineItem.put("maxBid", "0.10");
    Map<String, Object> creative = new HashMap<>();
    creative.put("format", "banner");
    creative.put("width", 300);
    creative.put("height", 250);
    creative.put("markup", "<a href=\"${CLICK_URL}\">hidden</a>");
    creative.put("adomain", List.of("c.example"));
    creative.put("landingUrl", "https://c.example/");
    Api.Response buying =
        admin.post(
            "/api/v1/campaigns",
            Map.of(
                "advertiserId",
                advC,
                "name",
                "Hidden buying",
                "lineItems",
                List.of(lineItem),
                "creatives",
                List.of(creative)));
    String campaignC = created(buying);
    String lineItemC = buying.json().path("lineItems").get(0).path("id").asText();
    ok(admin.post("/api/v1/campaigns/" + campaignC + "/pause", Map.of()));

    foreignIds = new HashMap<>();
    foreignIds.put("campaigns", campaignC);
    foreignIds.put("advertisers", advC);
    foreignIds.put("programmes", progC);
    foreignIds.put("publishers", pubZ);
    foreignIds.put("partnerships", ptnCZ);
    foreignIds.put("keys", keyC);
    foreignIds.put("links", linkC);
    foreignIds.put("coupons", couponC);
    foreignIds.put("experiments", experimentC);
    foreignIds.put("conversions", conversion.id());
    // A report names programmes: the hidden one must not appear in another tenant's.
    foreignIds.put("reports", progC);
    foreignIds.put("commissions", commission);
    // The ledger's accounts are named by their owners.
    foreignIds.put("ledger", advC);
    foreignIds.put("invoices", invoice);
    foreignIds.put("payouts", payout);
    foreignIds.put("ruleSetId", ruleSet);
    foreignIds.put("lineItemId", lineItemC);
    foreignIds.put("month", lastMonth.toString());
    foreignIds.put("number", invoice);
    foreignIds.put("runId", run);

    missingIds = new HashMap<>();
    for (Map.Entry<String, String> entry : foreignIds.entrySet()) {
      String id = entry.getValue();
      int underscore = id.indexOf('_');
      if (underscore > 0 && PublicIds.looksLike(id.substring(0, underscore), id)) {
        missingIds.put(entry.getKey(), PublicIds.next(id.substring(0, underscore)));
      }
    }
    missingIds.put("month", lastMonth.toString());
    missingIds.put("invoices", "LEV-" + lastMonth.getYear() + "-999999");
    missingIds.put("number", "LEV-" + lastMonth.getYear() + "-999999");
    missingIds.put("runId", "missing-" + lastMonth);
    missingIds.put("payouts", "missing-" + lastMonth + ":" + PublicIds.next("pub") + ":EUR");

    strangersIds =
        List.of(
            advC,
            progC,
            pubZ,
            ptnCZ,
            keyC,
            linkC,
            couponC,
            experimentC,
            conversion.id(),
            sale,
            ruleSet,
            commission,
            invoice,
            run,
            payout,
            campaignC,
            lineItemC);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private static List<Tenant> tenants() {
    return List.of(
        new Tenant("advertiser A", "advertiser", network.advA(), network.asAdvA()),
        new Tenant("advertiser B", "advertiser", network.advB(), network.asAdvB()),
        new Tenant("publisher X", "publisher", network.pubX(), network.asPubX()),
        new Tenant("publisher Y", "publisher", network.pubY(), network.asPubY()));
  }

  @TestFactory
  Stream<DynamicTest> anotherTenantsObjectAnswers404OnEveryRoute() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String signature : objectRoutes()) {
      String method = method(signature);
      String path = fill(template(signature), foreignIds) + query(signature);
      for (Tenant tenant : tenants()) {
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as " + tenant,
                () -> {
                  Api.Response response =
                      tenant.api().send(method, path, body(signature), Map.of());
                  assertRefused(response, expected(signature, tenant, 404));
                }));
      }
    }
    return tests.stream();
  }

  /**
   * Whatever the answer to another tenant's object, an object that does not exist gets the same
   * one, in the same words: the answer must not tell that the object exists.
   */
  @TestFactory
  Stream<DynamicTest> anotherTenantsObjectIsAnsweredAsAMissingOne() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String signature : objectRoutes()) {
      String method = method(signature);
      String template = template(signature);
      for (Tenant tenant : tenants()) {
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as " + tenant,
                () -> {
                  Api.Response foreign =
                      tenant
                          .api()
                          .send(
                              method,
                              fill(template, foreignIds) + query(signature),
                              body(signature),
                              Map.of());
                  Api.Response missing =
                      tenant
                          .api()
                          .send(
                              method,
                              fill(template, missingIds) + query(signature),
                              body(signature),
                              Map.of());
                  assertThat(foreign.status())
                      .as("another tenant's: %s; missing: %s", foreign, missing)
                      .isEqualTo(missing.status());
                  assertThat(words(foreign, template, foreignIds))
                      .as("another tenant's: %s; missing: %s", foreign, missing)
                      .isEqualTo(words(missing, template, missingIds));
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> noListShowsAnotherTenantsObject() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String signature : listRoutes()) {
      String path = template(signature);
      for (String query : queries(path)) {
        for (Tenant tenant : tenants()) {
          tests.add(
              DynamicTest.dynamicTest(
                  signature + query + " as " + tenant,
                  () -> {
                    Api.Response response = tenant.api().get(path + query);
                    int expected = expected(signature, tenant, 200);
                    if (expected != 200) {
                      assertRefused(response, expected);
                      return;
                    }
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    for (String hidden : strangersIds) {
                      assertThat(response.text()).doesNotContain(hidden);
                    }
                  }));
        }
      }
    }
    return tests.stream();
  }

  /** A tenant reads its own accounts; naming another tenant's owner answers as if it had none. */
  @TestFactory
  Stream<DynamicTest> theLedgerOfAnotherTenantAnswers404() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String path : List.of("/api/v1/ledger/balances", "/api/v1/ledger/entries")) {
      for (String owner :
          List.of(
              foreignIds.get("advertisers"),
              foreignIds.get("publishers"),
              missingIds.get("advertisers"),
              missingIds.get("publishers"))) {
        for (Tenant tenant : tenants()) {
          tests.add(
              DynamicTest.dynamicTest(
                  path + "?ownerId=" + owner + " as " + tenant,
                  () -> assertRefused(tenant.api().get(path + "?ownerId=" + owner), 404)));
        }
      }
      for (Tenant tenant : tenants()) {
        tests.add(
            DynamicTest.dynamicTest(
                path + "?ownerId=(its own) as " + tenant,
                () -> {
                  Api.Response own = tenant.api().get(path + "?ownerId=" + tenant.owner());
                  assertThat(own.status()).as(own.toString()).isEqualTo(200);
                  for (String hidden : strangersIds) {
                    assertThat(own.text()).doesNotContain(hidden);
                  }
                }));
      }
    }
    return tests.stream();
  }

  /**
   * A bulk change naming another tenant's commission refuses that row as it refuses a commission
   * that does not exist, in the same words, and changes nothing; publishers change no commission.
   */
  @TestFactory
  Stream<DynamicTest> bulkChangesRefuseAnotherTenantsCommissionAsAMissingOne() {
    String foreign = foreignIds.get("commissions");
    String missing = missingIds.get("commissions");
    Map<String, Object> json =
        Map.of(
            "items",
            List.of(
                Map.of("id", foreign, "action", "adjust", "amount", "0.00"),
                Map.of("id", missing, "action", "adjust", "amount", "0.00")));
    String csv = "id,action,amount\n" + foreign + ",adjust,0.00\n" + missing + ",adjust,0.00\n";
    record Upload(String name, String query, Object body, Map<String, String> headers) {}
    List<Upload> uploads =
        List.of(
            new Upload("JSON", "", json, Map.of()),
            new Upload("JSON", "?validOnly=true", json, Map.of()),
            new Upload("CSV", "", csv, Map.of("Content-Type", "text/csv")),
            new Upload("CSV", "?validOnly=true", csv, Map.of("Content-Type", "text/csv")));
    List<DynamicTest> tests = new ArrayList<>();
    for (Upload upload : uploads) {
      for (Tenant tenant : tenants()) {
        tests.add(
            DynamicTest.dynamicTest(
                "POST /api/v1/commissions/bulk"
                    + upload.query()
                    + " "
                    + upload.name()
                    + " as "
                    + tenant,
                () -> {
                  String before = commissionAsTheAdminSeesIt(foreign);
                  Api.Response response =
                      tenant
                          .api()
                          .send(
                              "POST",
                              "/api/v1/commissions/bulk" + upload.query(),
                              upload.body(),
                              upload.headers());
                  if (expected("POST /api/v1/commissions/bulk", tenant, 422) == 403) {
                    assertRefused(response, 403);
                  } else {
                    boolean validOnly = !upload.query().isEmpty();
                    assertThat(response.status())
                        .as(response.toString())
                        .isEqualTo(validOnly ? 200 : 422);
                    JsonNode errors =
                        validOnly
                            ? response.json().path("skipped")
                            : response.json().path("errors");
                    String prefix = upload.name().equals("CSV") ? "rows[" : "items[";
                    Map<String, String> reasons = new LinkedHashMap<>();
                    for (JsonNode error : errors) {
                      String field = error.path("field").asText();
                      assertThat(field).as(response.toString()).startsWith(prefix).endsWith("].id");
                      reasons.put(field, error.path("reason").asText());
                    }
                    assertThat(reasons).as(response.toString()).hasSize(2);
                    List<String> said = new ArrayList<>(reasons.values());
                    assertThat(said.get(0)).contains(foreign).contains("not found");
                    assertThat(said.get(0).replace(foreign, "<id>"))
                        .as(response.toString())
                        .isEqualTo(said.get(1).replace(missing, "<id>"));
                    if (validOnly) {
                      assertThat(response.json().path("applied").asInt()).isZero();
                    }
                  }
                  assertThat(commissionAsTheAdminSeesIt(foreign)).isEqualTo(before);
                }));
      }
    }
    return tests.stream();
  }

  /** The admin's routes refuse every tenant, whatever they name. */
  @TestFactory
  Stream<DynamicTest> theAdminsRoutesRefuseEveryTenant() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String signature : server.levier().http().routeSignatures()) {
      if (!ADMIN_ONLY.contains(signature) || template(signature).contains("{")) {
        continue; // routes of an object are asked by anotherTenantsObjectAnswers404OnEveryRoute
      }
      for (Tenant tenant : tenants()) {
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as " + tenant,
                () ->
                    assertRefused(
                        tenant
                            .api()
                            .send(
                                method(signature), template(signature), body(signature), Map.of()),
                        403)));
      }
    }
    return tests.stream();
  }

  /**
   * Rule sets are the terms publishers work under: a publisher of the programme reads the published
   * versions, never a draft (404, as if there were none), and writes nothing (403).
   */
  @Test
  void aPublisherOfTheProgrammeReadsItsPublishedRulesOnly() {
    String rules = "/api/v1/programmes/" + network.progA1() + "/rulesets";
    Api advertiser = network.asAdvA();
    Api publisher = network.asPubX();
    String published = created(advertiser.post(rules, Sales.readmeRules()));
    ok(advertiser.post(rules + "/" + published + "/publish", Map.of("version", 1)));
    String draft = created(advertiser.post(rules, Sales.readmeRules()));

    assertThat(ok(publisher.get(rules + "/" + published)).json().path("status").asText())
        .isEqualTo("published");
    assertRefused(publisher.get(rules + "/" + draft), 404);
    assertThat(words(publisher.get(rules + "/" + draft), draft))
        .isEqualTo(
            words(
                publisher.get(rules + "/" + missingIds.get("ruleSetId")),
                missingIds.get("ruleSetId")));
    assertThat(ok(publisher.get(rules)).text()).contains(published).doesNotContain(draft);
    assertThat(ok(publisher.get(rules + "?status=draft")).text()).doesNotContain(draft);
    assertThat(ok(advertiser.get(rules)).text()).contains(published, draft);

    assertRefused(publisher.post(rules, Sales.readmeRules()), 403);
    assertRefused(publisher.patch(rules + "/" + published, Map.of("version", 1)), 403);
    assertRefused(publisher.patch(rules + "/" + draft, Map.of("version", 1)), 404);
    assertRefused(publisher.post(rules + "/" + draft + "/publish", Map.of("version", 1)), 403);
    Instant now = Instant.now();
    Map<String, Object> period =
        Map.of("from", now.minus(Duration.ofDays(1)).toString(), "to", now.toString());
    assertRefused(publisher.post(rules + "/" + draft + "/simulate", period), 403);
    assertRefused(publisher.post(rules + "/" + published + "/simulate", period), 403);
    assertThat(ok(advertiser.get(rules + "/" + draft)).json().path("status").asText())
        .isEqualTo("draft");
  }

  /**
   * A programme's attribution model is part of the terms publishers work under: a publisher that
   * sees the programme reads it, and changes nothing, learns nothing and reads no report (403), as
   * for any other programme; another advertiser does not see it (404).
   */
  @Test
  void aPublisherOfTheProgrammeReadsItsAttributionModelOnly() {
    String attribution = "/api/v1/programmes/" + network.progA1() + "/attribution";
    String report =
        attribution + "/report" + query("GET /api/v1/programmes/{id}/attribution/report");
    Api publisher = network.asPubX();

    JsonNode read = ok(publisher.get(attribution)).json();
    assertThat(read.path("programmeId").asText()).isEqualTo(network.progA1());
    assertThat(read.path("model").asText()).isEqualTo("last");
    assertRefused(publisher.put(attribution, Map.of("model", "linear")), 403);
    assertRefused(publisher.post(attribution + "/learn", Map.of()), 403);
    assertRefused(publisher.get(report), 403);
    assertRefused(network.asAdvB().get(attribution), 404);
    assertRefused(network.asAdvB().put(attribution, Map.of("model", "linear")), 404);
    assertRefused(network.asAdvB().get(report), 404);
    assertThat(ok(network.asAdvA().get(attribution)).json().path("model").asText())
        .isEqualTo("last");
    ok(network.asAdvA().get(report));
  }

  @Test
  void everyRouteIsCovered() {
    for (String signature : server.levier().http().routeSignatures()) {
      if (!signature.contains(" /api/v1/") || NOT_OBJECTS.contains(signature)) {
        continue;
      }
      String template = template(signature);
      assertThat(foreignIds)
          .as("a foreign object for " + signature)
          .containsKey(resource(template));
      Matcher placeholder = PLACEHOLDER.matcher(template);
      while (placeholder.find()) {
        String name = key(placeholder.group(1), template);
        assertThat(foreignIds).as("a foreign %s for %s", name, signature).containsKey(name);
        assertThat(missingIds).as("a missing %s for %s", name, signature).containsKey(name);
      }
    }
  }

  /** What the others must not see is there, for the admin: else a 404 would prove nothing. */
  @TestFactory
  Stream<DynamicTest> theHiddenObjectsAreThere() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String signature : objectRoutes()) {
      if (method(signature).equals("GET")) {
        String path = fill(template(signature), foreignIds) + query(signature);
        tests.add(
            DynamicTest.dynamicTest(
                signature + " as the admin", () -> ok(server.admin().get(path))));
      }
    }
    for (String signature : listRoutes()) {
      String path = template(signature);
      String query = queries(path).get(0);
      String shown =
          switch (path) {
            case "/api/v1/ledger/entries" -> foreignIds.get("commissions");
            case "/api/v1/ledger/balances" -> foreignIds.get("publishers");
            default -> foreignIds.get(resource(path));
          };
      tests.add(
          DynamicTest.dynamicTest(
              signature + query + " as the admin",
              () -> assertThat(ok(server.admin().get(path + query)).text()).contains(shown)));
    }
    return tests.stream();
  }

  /** Routes of one object: those with a path parameter. */
  private static List<String> objectRoutes() {
    List<String> routes = new ArrayList<>();
    for (String signature : server.levier().http().routeSignatures()) {
      if (template(signature).startsWith("/api/v1/")
          && template(signature).contains("{")
          && !NOT_OBJECTS.contains(signature)) {
        routes.add(signature);
      }
    }
    return routes;
  }

  /** Lists and reports: reads without a path parameter. */
  private static List<String> listRoutes() {
    List<String> routes = new ArrayList<>();
    for (String signature : server.levier().http().routeSignatures()) {
      if (signature.startsWith("GET /api/v1/")
          && !signature.contains("{")
          && !NOT_OBJECTS.contains(signature)) {
        routes.add(signature);
      }
    }
    return routes;
  }

  /** How a list is asked: as wide as it goes, and filtered on the stranger's objects. */
  private static List<String> queries(String path) {
    String today = LocalDate.now(PARIS).toString();
    return switch (path) {
      case "/api/v1/keys" -> List.of("?limit=200&includeRevoked=true");
      case "/api/v1/conversions" -> List.of("?limit=200");
      case "/api/v1/experiments" ->
          List.of(
              "?limit=200",
              "?limit=200&partnershipId=" + foreignIds.get("partnerships"),
              "?limit=200&programmeId=" + foreignIds.get("programmes"));
      case "/api/v1/reports/performance" -> List.of("?from=" + today + "&to=" + today);
      case "/api/v1/reports/publishers" -> {
        // Grouped by programme too, so that the admin's report names the hidden programme; last
        // month holds the stranger's paid sale; filtered on the stranger's programme and publisher,
        // compared with last month, and as CSV.
        String all = "&groupBy=programme,publisher,publisherType,group";
        String month = "?from=" + lastMonth.atDay(1) + "&to=" + lastMonth.atEndOfMonth();
        yield List.of(
            "?from=" + today + "&to=" + today + all,
            month + all + "&interval=day",
            month + all + "&programmeId=" + foreignIds.get("programmes"),
            month + all + "&publisherId=" + foreignIds.get("publishers"),
            "?from="
                + today
                + "&to="
                + today
                + all
                + "&compareFrom="
                + lastMonth.atDay(1)
                + "&compareTo="
                + lastMonth.atEndOfMonth(),
            month + all + "&format=csv");
      }
      case "/api/v1/commissions" ->
          List.of(
              "?limit=200",
              "?limit=200&programmeId=" + foreignIds.get("programmes"),
              "?limit=200&publisherId=" + foreignIds.get("publishers"),
              "?conversionId=" + foreignIds.get("conversions"));
      case "/api/v1/ledger/balances" ->
          List.of("", "?account=publisher_payable", "?account=advertiser_receivable");
      case "/api/v1/ledger/entries" ->
          List.of("?limit=200", "?limit=200&commissionId=" + foreignIds.get("commissions"));
      case "/api/v1/invoices" ->
          List.of("", "?advertiserId=" + foreignIds.get("advertisers"), "?month=" + lastMonth);
      case "/api/v1/payouts" ->
          List.of(
              "",
              "?publisherId=" + foreignIds.get("publishers"),
              "?runId=" + foreignIds.get("runId"));
      case "/api/v1/campaigns" -> List.of("?limit=200");
      default -> List.of("?limit=200&includeArchived=true");
    };
  }

  /**
   * The answer a tenant gets, when it is not {@code otherwise}: 403 for a route not of its role.
   */
  private static int expected(String signature, Tenant tenant, int otherwise) {
    if (ADMIN_ONLY.contains(signature) || tenant.role().equals(REFUSED_TO_ROLE.get(signature))) {
      return 403;
    }
    return otherwise;
  }

  private static void assertRefused(Api.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.json().path("type").asText())
        .as(response.toString())
        .isEqualTo(status == 404 ? "urn:levier:problem:not-found" : "urn:levier:problem:forbidden");
  }

  /** A problem's type and words, with the ids in the path put aside. */
  private static String words(Api.Response response, String template, Map<String, String> ids) {
    String detail =
        response.json().path("type").asText() + " " + response.json().path("detail").asText();
    Matcher placeholder = PLACEHOLDER.matcher(template);
    while (placeholder.find()) {
      detail = detail.replace(ids.get(key(placeholder.group(1), template)), "<id>");
    }
    return detail;
  }

  private static String words(Api.Response response, String id) {
    return response.status()
        + " "
        + response.json().path("type").asText()
        + " "
        + response.json().path("detail").asText().replace(id, "<id>");
  }

  private static String commissionAsTheAdminSeesIt(String id) {
    JsonNode commission = ok(server.admin().get("/api/v1/commissions/" + id)).json();
    return commission.path("status").asText()
        + " "
        + commission.path("amount").asText()
        + " v"
        + commission.path("version").asText();
  }

  private static String method(String signature) {
    return signature.split(" ", 2)[0];
  }

  private static String template(String signature) {
    return signature.split(" ", 2)[1];
  }

  /** The resource a path is about: {@code /api/v1/<resource>/...}. */
  private static String resource(String template) {
    return template.split("/")[3];
  }

  /** Which id a path parameter takes: {@code {id}} the resource's, the others their own. */
  private static String key(String placeholder, String template) {
    return placeholder.equals("id") ? resource(template) : placeholder;
  }

  private static String fill(String template, Map<String, String> ids) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    StringBuilder path = new StringBuilder();
    while (placeholder.find()) {
      placeholder.appendReplacement(
          path, Matcher.quoteReplacement(ids.get(key(placeholder.group(1), template))));
    }
    placeholder.appendTail(path);
    return path.toString();
  }

  /**
   * The query a route of one object needs, so that only who asks decides the answer: a report's
   * period.
   */
  private static String query(String signature) {
    Instant now = Instant.now();
    return switch (signature) {
      case "GET /api/v1/programmes/{id}/attribution/report" ->
          "?from=" + now.minus(Duration.ofDays(60)) + "&to=" + now;
      // Analytics: the advertiser's local days, from the stranger's paid sale to today.
      case "GET /api/v1/programmes/{id}/fairness", "GET /api/v1/programmes/{id}/cohorts" ->
          "?from=" + lastMonth.atDay(1) + "&to=" + LocalDate.now(PARIS);
      default -> "";
    };
  }

  /** A body the route would accept, so that only who asks decides the answer. */
  private static @Nullable Object body(String signature) {
    Instant now = Instant.now();
    return switch (signature) {
      case "PATCH /api/v1/conversions/{id}" -> Map.of("action", "cancel", "reason", "other");
      case "PATCH /api/v1/partnerships/{id}" -> {
        Map<String, Object> body = new HashMap<>();
        body.put("version", 1);
        body.put("group", null);
        yield body;
      }
      case "POST /api/v1/programmes/{id}/rulesets" -> Sales.readmeRules();
      case "POST /api/v1/programmes/{id}/rulesets/{ruleSetId}/publish" -> Map.of("version", 1);
      case "POST /api/v1/programmes/{id}/rulesets/{ruleSetId}/simulate" ->
          Map.of("from", now.minus(Duration.ofDays(60)).toString(), "to", now.toString());
      case "PUT /api/v1/programmes/{id}/attribution" -> Map.of("model", "linear");
      case "POST /api/v1/programmes/{id}/attribution/learn" -> Map.of();
      case "POST /api/v1/advertisers/{id}/clv/fit" -> Map.of();
      case "POST /api/v1/programmes/{id}/commission-advice" ->
          Map.of("from", lastMonth.atDay(1).toString(), "to", LocalDate.now(PARIS).toString());
      case "POST /api/v1/commissions/{id}/approve" -> Map.of();
      case "POST /api/v1/commissions/{id}/decline" -> Map.of("reason", "other");
      case "POST /api/v1/commissions/{id}/adjust" -> Map.of("amount", "0.00");
      case "POST /api/v1/advertisers/{id}/billing" -> Map.of("feePercent", "50");
      case "POST /api/v1/publishers/{id}/billing" -> Map.of("payoutThreshold", "0.01");
      case "POST /api/v1/invoices/run" -> Map.of("month", lastMonth.toString());
      case "POST /api/v1/payouts/run" -> Map.of("runId", "tenancy-" + lastMonth);
      case "POST /api/v1/payouts/{id}/failed" -> Map.of("reason", "tenancy");
      case "POST /api/v1/invoices/{number}/payments" ->
          Map.of("amount", "1.00", "reference", "tenancy");
      case "POST /api/v1/campaigns/{id}/creatives" ->
          Map.of(
              "format",
              "native",
              "markup",
              "{}",
              "adomain",
              List.of("shop.example"),
              "landingUrl",
              "https://shop.example/");
      case "PUT /api/v1/clock" -> Map.of("now", Instant.now().toString());
      case "PUT /api/v1/demo/summary" ->
          Map.of(
              "run",
              Map.of(),
              "publisherTypes",
              List.of(),
              "fraud",
              List.of(),
              "reconciliation",
              Map.of(),
              "reports",
              List.of());
      default -> method(signature).equals("PATCH") ? Map.of("version", 1) : null;
    };
  }

  /** A sale of a phone (300.00, electronics) and a book (20.00), credited by a coupon. */
  private static Map<String, Object> couponSale(String programme, String coupon, Instant at) {
    return Map.of(
        "programmeId",
        programme,
        "orderId",
        "HIDDEN-2",
        "orderedAt",
        at.toString(),
        "currency",
        "EUR",
        "total",
        "320.00",
        "couponCode",
        coupon,
        "customerRef",
        "hidden-customer",
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
  }

  private static String created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.id();
  }

  private static Api.Response ok(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }
}
