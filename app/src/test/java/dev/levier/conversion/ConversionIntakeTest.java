package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.storage.CustomerIds;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConversionIntakeTest extends NetworkTest {
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0";
  private static final AtomicInteger ORDERS = new AtomicInteger();

  /** A programme of advertiser A where sales may follow clicks at once. */
  private String programme(Map<String, Object> extra) {
    Map<String, Object> body =
        new HashMap<>(TestNetwork.programme(network.advA(), "Sales", "a.example", "active"));
    body.put("minClickSeconds", 0);
    body.putAll(extra);
    Api.Response created = server.admin().post("/api/v1/programmes", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.id();
  }

  private String partnership(String programme, String publisher) {
    return server
        .admin()
        .post("/api/v1/partnerships", Map.of("programmeId", programme, "publisherId", publisher))
        .id();
  }

  /** Clicks a new link of the partnership; returns the click id and the visitor id. */
  private String[] click(String partnership, Map<String, String> headers) {
    Api.Response link = server.admin().post("/api/v1/links", Map.of("partnershipId", partnership));
    String path = link.json().path("trackingUrl").asText().substring(server.baseUrl().length());
    Map<String, String> all = new HashMap<>(Map.of("User-Agent", BROWSER));
    all.putAll(headers);
    Api.Response response = server.anonymous().send("GET", path, null, all);
    assertThat(response.status()).isEqualTo(302);
    String query = URI.create(response.header("Location")).getRawQuery();
    String clickId = query.substring(query.indexOf("lvclid=") + 7);
    String visitor = response.header("Set-Cookie").split(";")[0].substring("lv_vid=".length());
    return new String[] {clickId, visitor};
  }

  private static Map<String, Object> order(String programme, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>();
    body.put("programmeId", programme);
    body.put("orderId", "ORD-" + ORDERS.incrementAndGet());
    body.put("orderedAt", Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString());
    body.put("currency", "EUR");
    body.put("total", "59.90");
    body.put(
        "lines",
        List.of(
            Map.of(
                "sku",
                "SKU-1",
                "name",
                "Shirt",
                "category",
                "Fashion > Shirts",
                "brand",
                "Acme",
                "quantity",
                2,
                "unitPrice",
                "19.95"),
            Map.of("sku", "SKU-2", "quantity", 1, "unitPrice", "20.00")));
    body.putAll(extra);
    return body;
  }

  /** The pixel's report of {@code orderId}, with the rest of its query as given. */
  private Api.Response pixel(String programme, String orderId, String rest) {
    return server
        .anonymous()
        .get("/px.gif?programmeId=" + programme + "&orderId=" + orderId + rest);
  }

  private Api.Response report(Api as, Map<String, Object> body) {
    return as.post("/api/v1/conversions", body);
  }

  /** A sale by advertiser A from a known customer, ordered at the given time. */
  private Api.Response reportFrom(String programme, String customer, Instant orderedAt) {
    return report(
        network.asAdvA(),
        order(programme, Map.of("customerRef", customer, "orderedAt", orderedAt.toString())));
  }

  @Test
  void aSaleWithAClickIdIsCreditedToThatClick() {
    String programme = programme(Map.of());
    String partnership = partnership(programme, network.pubX());
    String[] click = click(partnership, Map.of());

    Api.Response response =
        report(
            network.asAdvA(),
            order(
                programme, Map.of("clickId", click[0], "customerEmail", " Jane.Doe@Example.com ")));

    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    assertThat(response.header("Location")).endsWith("/api/v1/conversions/" + response.id());
    JsonNode c = response.json();
    assertThat(c.path("id").asText()).startsWith("cnv_");
    assertThat(c.path("status").asText()).isEqualTo("pending");
    assertThat(c.path("commissionable").asBoolean()).isTrue();
    assertThat(c.path("attributedTo").path("key").asText()).isEqualTo("click-id");
    assertThat(c.path("attributedTo").path("publisherId").asText()).isEqualTo(network.pubX());
    assertThat(c.path("attributedTo").path("partnershipId").asText()).isEqualTo(partnership);
    assertThat(c.path("linesAmount").asText()).isEqualTo("59.90");
    assertThat(c.path("lines").get(0).path("amount").asText()).isEqualTo("39.90");
    assertThat(c.path("customerStatus").asText()).isEqualTo("new");
    assertThat(c.path("trust").asText()).isEqualTo("high");
    assertThat(c.toString()).doesNotContain("jane.doe@example.com").doesNotContain("Jane.Doe");

    var stored =
        server.rows("SELECT email_hash FROM conversion WHERE public_id = ?", response.id()).get(0);
    assertThat(stored.get("email_hash").toString()).matches("[0-9a-f]{64}");
    assertThat(server.rows("SELECT * FROM conversion WHERE email_hash IS NOT NULL").toString())
        .doesNotContain("@");
  }

  @Test
  void aReplayAnswersTheOriginalAndConcurrentDuplicatesMakeOne() throws Exception {
    String programme = programme(Map.of());
    Map<String, Object> body = order(programme, Map.of());
    Api.Response first = report(network.asAdvA(), body);
    Api.Response replay = report(network.asAdvA(), body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json()).isEqualTo(first.json());

    Map<String, Object> racing = order(programme, Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Api.Response>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(pool.submit(() -> report(network.asAdvA(), racing)));
      }
      Set<String> ids = new HashSet<>();
      int created = 0;
      for (Future<Api.Response> answer : answers) {
        Api.Response r = answer.get();
        assertThat(r.status()).isIn(200, 201);
        created += r.status() == 201 ? 1 : 0;
        ids.add(r.id());
      }
      assertThat(created).isEqualTo(1);
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.rows("SELECT id FROM conversion WHERE order_id = ?", racing.get("orderId")))
        .hasSize(1);
  }

  /**
   * Two advertisers' sales go to different writers of the journal (the test server runs two), side
   * by side: each advertiser's order id and customer stay its own, and a race of duplicates still
   * makes one conversion per advertiser, the customer new to each.
   */
  @Test
  void twoAdvertisersRacingTheSameOrderIdAndCustomerGetOneNewSaleEach() throws Exception {
    String programmeA = programme(Map.of());
    Map<String, Object> bodyA =
        order(programmeA, Map.of("customerRef", "SHARED-" + ORDERS.incrementAndGet()));
    Map<String, Object> bodyB = new HashMap<>(bodyA);
    bodyB.put("programmeId", network.progB1());
    bodyB.put("currency", "GBP");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Api.Response>> answersA = new java.util.ArrayList<>();
      List<Future<Api.Response>> answersB = new java.util.ArrayList<>();
      for (int i = 0; i < 24; i++) {
        answersA.add(pool.submit(() -> report(network.asAdvA(), bodyA)));
        answersB.add(pool.submit(() -> report(network.asAdvB(), bodyB)));
      }
      for (List<Future<Api.Response>> answers : List.of(answersA, answersB)) {
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Future<Api.Response> answer : answers) {
          Api.Response r = answer.get();
          assertThat(r.status()).as(r.toString()).isIn(200, 201);
          created += r.status() == 201 ? 1 : 0;
          ids.add(r.id());
          assertThat(r.json().path("customerStatus").asText()).isEqualTo("new");
        }
        assertThat(created).isEqualTo(1);
        assertThat(ids).hasSize(1);
      }
      assertThat(answersA.get(0).get().id()).isNotEqualTo(answersB.get(0).get().id());
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            server.rows(
                "SELECT a.public_id AS advertiser FROM conversion c"
                    + " JOIN advertiser a ON a.id = c.advertiser_id WHERE c.order_id = ?"
                    + " ORDER BY a.public_id",
                bodyA.get("orderId")))
        .extracting(row -> row.get("advertiser"))
        .containsExactlyInAnyOrder(network.advA(), network.advB());
  }

  /**
   * Sales that arrive together, in batches of any size, find their own stored orders and customers
   * in the batch's lookups, and nothing else.
   */
  @Test
  void salesArrivingTogetherFindTheirOwnOrdersAndCustomers() throws Exception {
    String programme = programme(Map.of());
    Instant earlier = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    List<Map<String, Object>> firsts = new java.util.ArrayList<>();
    Map<String, String> firstIds = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      String customer = "TOGETHER-" + ORDERS.incrementAndGet();
      Map<String, Object> first =
          order(programme, Map.of("customerRef", customer, "orderedAt", earlier.toString()));
      Api.Response stored = report(network.asAdvA(), first);
      assertThat(stored.status()).isEqualTo(201);
      firsts.add(first);
      firstIds.put((String) first.get("orderId"), stored.id());
    }

    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Api.Response>> replays = new java.util.ArrayList<>();
      List<Future<Api.Response>> seconds = new java.util.ArrayList<>();
      for (Map<String, Object> first : firsts) {
        replays.add(pool.submit(() -> report(network.asAdvA(), first)));
        Map<String, Object> second =
            order(programme, Map.of("customerRef", first.get("customerRef")));
        seconds.add(pool.submit(() -> report(network.asAdvA(), second)));
      }
      for (int i = 0; i < firsts.size(); i++) {
        Api.Response replay = replays.get(i).get();
        Api.Response second = seconds.get(i).get();
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.id()).isEqualTo(firstIds.get((String) firsts.get(i).get("orderId")));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("customerStatus").asText()).isEqualTo("returning");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Sales of the same few customers sent back to back fall into consecutive batches and into the
   * same batch: every order must be counted on the customer's row, none written over by a batch
   * that read the row before the batch ahead of it stored it.
   */
  @Test
  void salesOfTheSameCustomersInConsecutiveBatchesCountEveryOrder() throws Exception {
    String programme = programme(Map.of());
    String prefix = "BACK-" + ORDERS.incrementAndGet() + "-";
    // Fewer customers than sales in flight: every batch holds most of them.
    int customers = 8;
    int rounds = 24;
    Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<Api.Response>> sent = new java.util.ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        Instant orderedAt = start.plus(round, ChronoUnit.MINUTES);
        for (int i = 0; i < customers; i++) {
          String customer = prefix + i;
          sent.add(pool.submit(() -> reportFrom(programme, customer, orderedAt)));
        }
      }
      for (Future<Api.Response> response : sent) {
        assertThat(response.get().status()).as(response.get().toString()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Database db = Database.open(server.database(), null)) {
      List<String> counts =
          db.transaction(
              c ->
                  Sql.query(
                      c,
                      "SELECT customer_key, orders FROM customer WHERE customer_key LIKE ?",
                      r -> Sql.requiredString(r, "customer_key") + " " + r.getInt("orders"),
                      "ref:" + prefix + "%"));
      List<String> expected = new java.util.ArrayList<>();
      for (int i = 0; i < customers; i++) {
        expected.add("ref:" + prefix + i + " " + rounds);
      }
      assertThat(counts).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /** A retry of a stored sale once answered 422 after its programme was archived. */
  @Test
  void aReplayAfterTheProgrammeIsArchivedStillAnswersTheOriginal() {
    String programme = programme(Map.of());
    Map<String, Object> body = order(programme, Map.of());
    Api.Response first = report(network.asAdvA(), body);
    assertThat(first.status()).isEqualTo(201);
    Api.Response archived =
        network.asAdvA().post("/api/v1/programmes/" + programme + "/archive", null);
    assertThat(archived.status()).as(archived.toString()).isEqualTo(200);

    Api.Response replay = report(network.asAdvA(), body);
    Api.Response fresh = report(network.asAdvA(), order(programme, Map.of()));

    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json()).isEqualTo(first.json());
    assertThat(fresh.status()).isEqualTo(422);
    assertThat(fresh.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fresh.json().path("errors").get(0).path("field").asText()).isEqualTo("programmeId");
    assertThat(fresh.json().path("errors").get(0).path("reason").asText()).contains("archived");
  }

  @Test
  void everyBadFieldIsNamed() {
    String programme = programme(Map.of());
    Map<String, Object> body = order(programme, Map.of());
    body.put("total", "59.999");
    body.put("orderedAt", "2026-11-25 10:00");
    body.put("clickId", "not-a-click");
    body.put("customerStatus", "vip");
    body.put("colour", "red");
    body.put(
        "lines",
        List.of(
            Map.of("sku", "A", "quantity", 1, "unitPrice", "1.00"),
            Map.of("sku", "B", "quantity", 0, "unitPrice", "abc")));

    Api.Response response = report(network.asAdvA(), body);

    assertThat(response.status()).isEqualTo(422);
    Set<String> fields = new HashSet<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .contains(
            "total",
            "orderedAt",
            "clickId",
            "customerStatus",
            "colour",
            "lines[1].quantity",
            "lines[1].unitPrice");
    assertThat(server.rows("SELECT id FROM conversion WHERE order_id = ?", body.get("orderId")))
        .isEmpty();
  }

  @Test
  void ordersFromTheFutureAreRefused() {
    String programme = programme(Map.of());
    Api.Response response =
        report(
            network.asAdvA(),
            order(programme, Map.of("orderedAt", Instant.now().plusSeconds(3600).toString())));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("orderedAt");
  }

  @Test
  void onlyTheProgrammesAdvertiserReportsItsSales() {
    String programme = programme(Map.of());
    assertThat(report(network.asAdvB(), order(programme, Map.of())).status()).isEqualTo(422);
    assertThat(report(network.asPubX(), order(programme, Map.of())).status()).isEqualTo(403);
    assertThat(server.anonymous().post("/api/v1/conversions", order(programme, Map.of())).status())
        .isEqualTo(401);
  }

  @Test
  void aCouponCreditsItsPublisherWhenNoClickSaysOtherwise() {
    String programme = programme(Map.of());
    String partnership = partnership(programme, network.pubY());
    String code = "SAVE" + ORDERS.incrementAndGet();
    assertThat(
            network
                .asAdvA()
                .post(
                    "/api/v1/coupons",
                    Map.of("partnershipId", partnership, "code", code.toLowerCase()))
                .status())
        .isEqualTo(201);

    Api.Response response = report(network.asAdvA(), order(programme, Map.of("couponCode", code)));

    assertThat(response.json().path("attributedTo").path("key").asText()).isEqualTo("coupon");
    assertThat(response.json().path("attributedTo").path("publisherId").asText())
        .isEqualTo(network.pubY());
  }

  @Test
  void theVisitorCookieCreditsTheVisitorsLastClick() {
    String programme = programme(Map.of());
    String[] first = click(partnership(programme, network.pubX()), Map.of());
    String[] second =
        click(partnership(programme, network.pubY()), Map.of("Cookie", "lv_vid=" + first[1]));

    Api.Response response =
        report(network.asAdvA(), order(programme, Map.of("visitorId", first[1])));

    assertThat(response.json().path("attributedTo").path("key").asText()).isEqualTo("visitor");
    assertThat(response.json().path("attributedTo").path("clickId").asText()).isEqualTo(second[0]);
    assertThat(response.json().path("attributedTo").path("publisherId").asText())
        .isEqualTo(network.pubY());
  }

  @Test
  void aCustomerSeenOnAnotherDeviceIsStitched() {
    String programme = programme(Map.of());
    String partnership = partnership(programme, network.pubX());
    String[] laptop = click(partnership, Map.of());
    String customer = "CUST-" + ORDERS.incrementAndGet();
    report(
        network.asAdvA(),
        order(programme, Map.of("visitorId", laptop[1], "customerRef", customer)));
    String[] later = click(partnership, Map.of("Cookie", "lv_vid=" + laptop[1]));

    Api.Response phone =
        report(
            network.asAdvA(),
            order(
                programme, Map.of("visitorId", "PhoneVisitor0123456789", "customerRef", customer)));

    assertThat(phone.json().path("attributedTo").path("key").asText()).isEqualTo("customer");
    assertThat(phone.json().path("attributedTo").path("clickId").asText()).isEqualTo(later[0]);
    assertThat(phone.json().path("customerStatus").asText()).isEqualTo("returning");
  }

  /**
   * A customer reference shared by many browsers (a guest checkout) keeps its latest 64: the first
   * browser's click credits the sales while it is among them, and no longer once 64 others came
   * after it.
   */
  @Test
  void aCustomerKeepsItsLatest64Browsers() {
    String programme = programme(Map.of());
    String[] laptop = click(partnership(programme, network.pubX()), Map.of());
    String customer = "GUEST-" + ORDERS.incrementAndGet();
    report(
        network.asAdvA(),
        order(programme, Map.of("visitorId", laptop[1], "customerRef", customer)));

    for (int i = 1; i <= 65; i++) {
      Api.Response sale =
          report(
              network.asAdvA(),
              order(
                  programme,
                  Map.of(
                      "visitorId",
                      "Shared" + String.format("%016d", i),
                      "customerRef",
                      customer,
                      "total",
                      i + ".00")));
      assertThat(sale.status()).as("sale %d", i).isEqualTo(201);
      // Before sale i, the reference has the laptop and i - 1 other browsers.
      assertThat(sale.json().path("attributedTo").path("clickId").asText())
          .as("sale %d", i)
          .isEqualTo(i <= 64 ? laptop[0] : "");
    }
  }

  @Test
  void aSaleWithNoKeyIsStoredUnattributed() {
    String programme = programme(Map.of());
    Api.Response response = report(network.asAdvA(), order(programme, Map.of()));
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.json().path("attributedTo").isNull()).isTrue();
    assertThat(response.json().path("commissionable").asBoolean()).isFalse();
  }

  @Test
  void customerStatusIsDerivedFromTheOrderHistory() {
    String programme = programme(Map.of("lapsedAfterDays", 30));
    String customer = "HIST-" + ORDERS.incrementAndGet();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JsonNode old = reportFrom(programme, customer, now.minus(90, ChronoUnit.DAYS)).json();
    JsonNode lapsed = reportFrom(programme, customer, now.minus(1, ChronoUnit.DAYS)).json();
    JsonNode returning =
        report(network.asAdvA(), order(programme, Map.of("customerRef", customer))).json();
    JsonNode given =
        report(
                network.asAdvA(),
                order(programme, Map.of("customerRef", customer, "customerStatus", "new")))
            .json();

    assertThat(old.path("customerStatus").asText()).isEqualTo("new");
    assertThat(lapsed.path("customerStatus").asText()).isEqualTo("lapsed");
    assertThat(returning.path("customerStatus").asText()).isEqualTo("returning");
    assertThat(given.path("customerStatus").asText()).isEqualTo("new");
    assertThat(given.path("customerStatusGiven").asBoolean()).isTrue();
  }

  /**
   * Two identities whose numbers collide ({@link CustomerIds}): the row found at a customer's
   * number belongs to someone else, whose history must neither give this customer its status nor be
   * written over; the customer takes the next number, and is found there next time.
   */
  @Test
  void aCustomerWhoseNumberIsTakenByAnotherIdentityGetsTheNextAndLeavesTheOtherAlone() {
    String programme = programme(Map.of());
    String customer = "SLOT-" + ORDERS.incrementAndGet();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long first;
    long advertiserRow;
    try (Database db = Database.open(server.database(), null)) {
      advertiserRow =
          db.transaction(
              c ->
                  Sql.queryOne(
                          c,
                          "SELECT advertiser_id FROM programme WHERE public_id = ?",
                          r -> r.getLong(1),
                          programme)
                      .orElseThrow());
      first = CustomerIds.of(advertiserRow + ":ref:" + customer);
      db.transaction(
          c ->
              Sql.update(
                  c,
                  "INSERT INTO customer (id, advertiser_id, customer_key, first_order_at,"
                      + " last_order_at, orders, visitors, recent_orders)"
                      + " VALUES (?, ?, 'ref:SOMEONE-ELSE', ?, ?, 3, '', '')",
                  first,
                  advertiserRow,
                  now.minus(10, ChronoUnit.DAYS),
                  now.minus(2, ChronoUnit.DAYS)));
    }

    JsonNode firstSale = reportFrom(programme, customer, now.minusSeconds(60)).json();
    JsonNode secondSale = reportFrom(programme, customer, now).json();

    assertThat(firstSale.path("customerStatus").asText()).isEqualTo("new");
    assertThat(secondSale.path("customerStatus").asText()).isEqualTo("returning");
    try (Database db = Database.open(server.database(), null)) {
      List<String> rows =
          db.transaction(
              c ->
                  Sql.query(
                      c,
                      "SELECT id, customer_key, orders FROM customer WHERE id IN (?, ?, ?)",
                      r ->
                          (r.getLong("id") - first)
                              + " "
                              + Sql.requiredString(r, "customer_key")
                              + " "
                              + r.getInt("orders"),
                      first,
                      first + 1,
                      first + 2));
      assertThat(rows)
          .containsExactlyInAnyOrder("0 ref:SOMEONE-ELSE 3", "1 ref:" + customer + " 2");
    }
  }

  /**
   * An order reported late is given its status from the customer's kept orders (the latest 16):
   * exactly when the order before it is kept, as new when it comes before the customer's first
   * order, and as returning, with a note saying so, when the order before it was let go.
   */
  @Test
  void anOrderReportedBehindTheCustomersKeptOrdersIsStatedWithANote() {
    String programme = programme(Map.of("lapsedAfterDays", 30));
    String customer = "KEPT-" + ORDERS.incrementAndGet();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int day = 200; day >= 100; day -= 5) {
      assertThat(reportFrom(programme, customer, now.minus(day, ChronoUnit.DAYS)).status())
          .isEqualTo(201);
    }
    // Twenty-one orders five days apart, from 200 days ago to 100: the latest 16 from 175 on.
    JsonNode beforeAll = reportFrom(programme, customer, now.minus(260, ChronoUnit.DAYS)).json();
    JsonNode betweenKept = reportFrom(programme, customer, now.minus(122, ChronoUnit.DAYS)).json();
    JsonNode behindKept = reportFrom(programme, customer, now.minus(187, ChronoUnit.DAYS)).json();
    JsonNode afterAGap = reportFrom(programme, customer, now.minus(40, ChronoUnit.DAYS)).json();

    assertThat(beforeAll.path("customerStatus").asText()).isEqualTo("new");
    assertThat(betweenKept.path("customerStatus").asText()).isEqualTo("returning");
    assertThat(betweenKept.path("attributionNotes").toString()).doesNotContain("customer status");
    assertThat(behindKept.path("customerStatus").asText()).isEqualTo("returning");
    assertThat(behindKept.path("attributionNotes").toString())
        .contains(
            "customer status: the customer's order before this one is older than its latest 16");
    assertThat(afterAGap.path("customerStatus").asText()).isEqualTo("lapsed");
  }

  /**
   * The status once depended on the order reports arrived in: in order, a cancelled earlier order
   * counted; out of order, it did not.
   */
  @Test
  void aCancelledEarlierOrderCountsWhicheverOrderTheReportsArriveIn() {
    String programme = programme(Map.of());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String inOrder = "CANC-" + ORDERS.incrementAndGet();
    String outOfOrder = "CANC-" + ORDERS.incrementAndGet();
    for (String customer : List.of(inOrder, outOfOrder)) {
      String first = reportFrom(programme, customer, now.minus(3, ChronoUnit.DAYS)).id();
      Api.Response cancelled =
          network
              .asAdvA()
              .patch(
                  "/api/v1/conversions/" + first,
                  Map.of("action", "cancel", "reason", "payment_failed"));
      assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    }
    // The second customer's latest order is reported first, so the one between is out of order.
    report(network.asAdvA(), order(programme, Map.of("customerRef", outOfOrder)));

    JsonNode afterInOrder = reportFrom(programme, inOrder, now.minus(1, ChronoUnit.DAYS)).json();
    JsonNode afterOutOfOrder =
        reportFrom(programme, outOfOrder, now.minus(1, ChronoUnit.DAYS)).json();

    assertThat(afterInOrder.path("customerStatus").asText()).isEqualTo("returning");
    assertThat(afterOutOfOrder.path("customerStatus").asText()).isEqualTo("returning");
  }

  @Test
  void fastConversionsAreHeldForReview() {
    String programme = programme(Map.of("minClickSeconds", 30));
    String[] click = click(partnership(programme, network.pubX()), Map.of());

    JsonNode c = report(network.asAdvA(), order(programme, Map.of("clickId", click[0]))).json();

    assertThat(c.path("status").asText()).isEqualTo("held");
    assertThat(c.path("fraudSignals").get(0).path("kind").asText()).isEqualTo("fast_conversion");
  }

  @Test
  void selfReferralIsHeld() {
    String publisher =
        server
            .admin()
            .post(
                "/api/v1/publishers",
                Map.of(
                    "name",
                    "Self buyer",
                    "type",
                    "cashback",
                    "country",
                    "FR",
                    "payoutCurrency",
                    "EUR",
                    "contactEmail",
                    "owner@selfbuyer.example"))
            .id();
    String programme = programme(Map.of());
    String[] click = click(partnership(programme, publisher), Map.of());

    JsonNode c =
        report(
                network.asAdvA(),
                order(
                    programme,
                    Map.of("clickId", click[0], "customerEmail", "Owner@SelfBuyer.example")))
            .json();

    assertThat(c.path("status").asText()).isEqualTo("held");
    assertThat(c.path("fraudSignals").toString()).contains("self_referral");
  }

  @Test
  void couponLeakageBotsAndForeignCountriesAreHeld() {
    String programme = programme(Map.of("countries", List.of("FR")));
    String owner = partnership(programme, network.pubX());
    String other = partnership(programme, network.pubY());
    String code = "LEAK" + ORDERS.incrementAndGet();
    network.asAdvA().post("/api/v1/coupons", Map.of("partnershipId", owner, "code", code));
    String[] viaOther = click(other, Map.of("X-Forwarded-For", "192.0.2.10"));
    String[] bot = click(owner, Map.of("User-Agent", "python-requests/2.31"));
    String[] fromUk = click(owner, Map.of("X-Forwarded-For", "198.51.100.20"));

    JsonNode leaked =
        report(
                network.asAdvA(),
                order(programme, Map.of("clickId", viaOther[0], "couponCode", code)))
            .json();
    JsonNode robotic = report(network.asAdvA(), order(programme, Map.of("clickId", bot[0]))).json();
    JsonNode foreign =
        report(network.asAdvA(), order(programme, Map.of("clickId", fromUk[0]))).json();

    assertThat(leaked.path("fraudSignals").toString()).contains("coupon_leakage");
    assertThat(robotic.path("fraudSignals").toString()).contains("bot");
    assertThat(foreign.path("fraudSignals").toString()).contains("country_outside_programme");
    assertThat(List.of(leaked, robotic, foreign))
        .allMatch(c -> c.path("status").asText().equals("held"));
  }

  @Test
  void aDoubleSubmittedCheckoutIsHeld() {
    String programme = programme(Map.of());
    String customer = "DUP-" + ORDERS.incrementAndGet();
    JsonNode first =
        report(network.asAdvA(), order(programme, Map.of("customerRef", customer))).json();
    JsonNode second =
        report(network.asAdvA(), order(programme, Map.of("customerRef", customer))).json();
    assertThat(first.path("status").asText()).isEqualTo("pending");
    assertThat(second.path("status").asText()).isEqualTo("held");
    assertThat(second.path("fraudSignals").get(0).path("kind").asText())
        .isEqualTo("duplicate_order");
  }

  /**
   * The duplicate check counts the customer's other orders of the same total within ten minutes and
   * not cancelled: each side of those bounds is pinned here, the window across a quarter-hour
   * boundary included (the bound of V16's index, since replaced by the customer's kept orders).
   */
  @Test
  void aDuplicateIsTheSameCustomerAndTotalWithinTheWindowAndNotCancelled() {
    String programme = programme(Map.of());
    String email = "dup" + ORDERS.incrementAndGet() + "@example.com";
    Instant boundary =
        Instant.ofEpochSecond(Math.floorDiv(Instant.now().getEpochSecond(), 900) * 900 - 1800);
    Map<String, Object> dearer =
        Map.of(
            "total",
            "64.90",
            "lines",
            List.of(
                Map.of("sku", "SKU-1", "quantity", 2, "unitPrice", "19.95"),
                Map.of("sku", "SKU-2", "quantity", 1, "unitPrice", "25.00")));

    // Five minutes before a quarter-hour, then nine minutes later in the next one: a duplicate.
    JsonNode before = sale(programme, email, boundary.minusSeconds(300), Map.of());
    JsonNode across = sale(programme, email, boundary.plusSeconds(240), Map.of());
    // Eleven minutes after the first and two after the second, of another total: not one.
    JsonNode otherTotal = sale(programme, email, boundary.plusSeconds(360), dearer);
    // The first order's total again, but eleven minutes after it and after the second cancelled.
    Api.Response cancelled =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + across.path("id").asText(),
                Map.of("action", "cancel", "reason", "payment_failed"));
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    JsonNode afterCancel = sale(programme, email, boundary.plusSeconds(360), Map.of());

    assertThat(before.path("status").asText()).isEqualTo("pending");
    assertThat(across.path("status").asText()).isEqualTo("held");
    assertThat(across.path("fraudSignals").get(0).path("kind").asText())
        .isEqualTo("duplicate_order");
    assertThat(otherTotal.path("status").asText()).isEqualTo("pending");
    assertThat(afterCancel.path("status").asText()).isEqualTo("pending");
    assertThat(afterCancel.path("fraudSignals").toString()).doesNotContain("duplicate_order");
  }

  /**
   * A duplicate may be placed before or after the order reported: one reported after the customer's
   * later order is still found.
   */
  @Test
  void aDuplicateReportedAfterTheLaterOrderIsStillHeld() {
    String programme = programme(Map.of());
    String email = "late" + ORDERS.incrementAndGet() + "@example.com";
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    JsonNode longAgo = sale(programme, email, now.minus(2, ChronoUnit.HOURS), Map.of());
    JsonNode latest = sale(programme, email, now.minusSeconds(60), Map.of());
    JsonNode reportedLate = sale(programme, email, now.minusSeconds(360), Map.of());

    assertThat(longAgo.path("status").asText()).isEqualTo("pending");
    assertThat(latest.path("status").asText()).isEqualTo("pending");
    assertThat(reportedLate.path("status").asText()).isEqualTo("held");
    assertThat(reportedLate.path("fraudSignals").get(0).path("kind").asText())
        .isEqualTo("duplicate_order");
  }

  /**
   * A twin ordered long before the customer's latest order, reported after it, and the twin of a
   * customer with many orders in a few minutes, are both found: the duplicate check depends on
   * neither the order of the reports nor how busy the customer is.
   */
  @Test
  void aLateTwinAndABusyCustomersTwinAreHeld() {
    String programme = programme(Map.of());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    String early = "early" + ORDERS.incrementAndGet() + "@example.com";
    JsonNode twin = sale(programme, early, now.minus(35, ChronoUnit.MINUTES), total("71.00"));
    JsonNode latest = sale(programme, early, now.minusSeconds(60), total("72.00"));
    JsonNode reportedLate =
        sale(programme, early, now.minus(30, ChronoUnit.MINUTES), total("71.00"));

    String busy = "busy" + ORDERS.incrementAndGet() + "@example.com";
    List<JsonNode> orders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      orders.add(sale(programme, busy, now.minusSeconds(300 - i), total((80 + i) + ".00")));
    }
    JsonNode again = sale(programme, busy, now.minusSeconds(200), total("80.00"));
    JsonNode another = sale(programme, busy, now.minusSeconds(199), total("99.50"));

    assertThat(List.of(twin, latest)).allMatch(c -> c.path("status").asText().equals("pending"));
    assertThat(reportedLate.path("status").asText()).isEqualTo("held");
    assertThat(reportedLate.path("fraudSignals").get(0).path("kind").asText())
        .isEqualTo("duplicate_order");
    assertThat(orders).allMatch(c -> c.path("status").asText().equals("pending"));
    assertThat(again.path("status").asText()).isEqualTo("held");
    assertThat(again.path("fraudSignals").get(0).path("kind").asText())
        .isEqualTo("duplicate_order");
    assertThat(another.path("status").asText()).isEqualTo("pending");
  }

  private static Map<String, Object> total(String total) {
    return Map.of("total", total);
  }

  private JsonNode sale(
      String programme, String email, Instant orderedAt, Map<String, Object> extra) {
    Map<String, Object> fields = new HashMap<>(extra);
    fields.put("customerEmail", email);
    fields.put("orderedAt", orderedAt.toString());
    Api.Response response = report(network.asAdvA(), order(programme, fields));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  @Test
  void returnsAndCancellationsKeepTheirHistory() {
    String programme = programme(Map.of());
    String id = report(network.asAdvA(), order(programme, Map.of())).id();

    Api.Response returned =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + id,
                Map.of(
                    "action",
                    "return",
                    "reason",
                    "customer_return",
                    "lines",
                    List.of(
                        Map.of("lineNo", 1, "quantity", 1),
                        Map.of("lineNo", 2, "amount", "5.00"))));
    assertThat(returned.status()).as(returned.toString()).isEqualTo(200);
    assertThat(returned.json().path("netAmount").asText()).isEqualTo("34.95");
    assertThat(returned.json().path("lines").get(0).path("returnedQuantity").asInt()).isEqualTo(1);

    Api.Response tooMuch =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + id,
                Map.of(
                    "action",
                    "return",
                    "reason",
                    "customer_return",
                    "lines",
                    List.of(Map.of("lineNo", 1, "quantity", 5))));
    assertThat(tooMuch.status()).isEqualTo(422);

    Api.Response cancelled =
        network
            .asAdvA()
            .patch(
                "/api/v1/conversions/" + id,
                Map.of(
                    "action", "cancel", "reason", "cancelled_by_customer", "note", "changed mind"));
    assertThat(cancelled.json().path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.json().path("netAmount").asText()).isEqualTo("0.00");
    List<String> kinds = new java.util.ArrayList<>();
    cancelled.json().path("history").forEach(e -> kinds.add(e.path("kind").asText()));
    assertThat(kinds).containsExactly("received", "returned", "cancelled");
    assertThat(cancelled.json().path("history").get(2).path("reason").asText())
        .isEqualTo("cancelled_by_customer");

    assertThat(
            network
                .asAdvA()
                .patch("/api/v1/conversions/" + id, Map.of("action", "cancel", "reason", "other"))
                .status())
        .isEqualTo(409);
    assertThat(
            network
                .asPubX()
                .patch("/api/v1/conversions/" + id, Map.of("action", "cancel", "reason", "other"))
                .status())
        .isEqualTo(404);
    assertThat(network.asAdvB().get("/api/v1/conversions/" + id).status()).isEqualTo(404);
  }

  @Test
  void publishersSeeTheSalesCreditedToThem() {
    String programme = programme(Map.of());
    String[] click = click(partnership(programme, network.pubX()), Map.of());
    String credited = report(network.asAdvA(), order(programme, Map.of("clickId", click[0]))).id();
    String unattributed = report(network.asAdvA(), order(programme, Map.of())).id();

    assertThat(network.asPubX().get("/api/v1/conversions/" + credited).status()).isEqualTo(200);
    assertThat(network.asPubX().get("/api/v1/conversions/" + unattributed).status()).isEqualTo(404);
    assertThat(network.asPubY().get("/api/v1/conversions/" + credited).status()).isEqualTo(404);
    Api.Response list = network.asPubX().get("/api/v1/conversions?programmeId=" + programme);
    assertThat(list.text()).contains(credited).doesNotContain(unattributed);
    Api.Response byOrder =
        network.asAdvA().get("/api/v1/conversions?status=pending&programmeId=" + programme);
    assertThat(byOrder.json().path("data").size()).isEqualTo(2);
  }

  @Test
  void touchpointsFromOtherChannelsAreKept() {
    Api.Response stored =
        network
            .asAdvA()
            .post(
                "/api/v1/touchpoints",
                Map.of(
                    "touchpoints",
                    List.of(
                        Map.of(
                            "customerRef",
                            "TP-1",
                            "channel",
                            "search",
                            "occurredAt",
                            Instant.now().toString()),
                        Map.of(
                            "customerEmail",
                            "a@b.example",
                            "channel",
                            "social",
                            "occurredAt",
                            Instant.now().toString()))));
    assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
    assertThat(stored.json().path("accepted").asInt()).isEqualTo(2);
    assertThat(
            server.rows(
                "SELECT identity_kind, channel FROM touchpoint WHERE identity_value = ?", "TP-1"))
        .hasSize(1);

    Api.Response bad =
        network
            .asAdvA()
            .post(
                "/api/v1/touchpoints",
                Map.of(
                    "touchpoints",
                    List.of(Map.of("channel", "Search Ads", "occurredAt", "yesterday"))));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(
            network
                .asPubX()
                .post(
                    "/api/v1/touchpoints",
                    Map.of(
                        "touchpoints",
                        List.of(
                            Map.of(
                                "customerRef",
                                "x",
                                "channel",
                                "search",
                                "occurredAt",
                                Instant.now().toString()))))
                .status())
        .isEqualTo(403);
  }

  @Test
  void thePixelCannotTakeAnOrderOverTheAdvertisersReportConfirmsIt() {
    String programme = programme(Map.of());
    String[] click = click(partnership(programme, network.pubX()), Map.of());
    String orderId = "PIX-" + ORDERS.incrementAndGet();
    assertThat(pixel(programme, orderId, "&currency=EUR&total=0.01").status()).isEqualTo(200);

    Api.Response confirmed =
        report(
            network.asAdvA(),
            order(programme, Map.of("orderId", orderId, "clickId", click[0], "total", "59.90")));

    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    assertThat(confirmed.json().path("trust").asText()).isEqualTo("high");
    assertThat(confirmed.json().path("total").asText()).isEqualTo("59.90");
    assertThat(confirmed.json().path("attributedTo").path("clickId").asText()).isEqualTo(click[0]);
    assertThat(confirmed.json().path("version").asInt()).isEqualTo(2);
    JsonNode read = network.asAdvA().get("/api/v1/conversions/" + confirmed.id()).json();
    List<String> kinds = new java.util.ArrayList<>();
    read.path("history").forEach(e -> kinds.add(e.path("kind").asText()));
    assertThat(kinds).containsExactly("received", "confirmed");
    assertThat(read.path("lines")).hasSize(2);
    assertThat(
            report(
                    network.asAdvA(),
                    order(
                        programme,
                        Map.of("orderId", orderId, "clickId", click[0], "total", "59.90")))
                .status())
        .isEqualTo(200);
    assertThat(server.rows("SELECT id FROM conversion WHERE order_id = ?", orderId)).hasSize(1);
  }

  /**
   * The advertiser's report of an order a pixel reported first is the same order, not the
   * customer's earlier one: it was once derived as returning, and could be held as its own twin.
   */
  @Test
  void aPixelsOrderConfirmedByTheAdvertiserIsANewCustomersAndNotItsOwnDuplicate() {
    String programme = programme(Map.of());
    String orderId = "PIXNEW-" + ORDERS.incrementAndGet();
    String customer = "PIXNEW-" + ORDERS.incrementAndGet();
    assertThat(
            pixel(programme, orderId, "&customerRef=" + customer + "&currency=EUR&total=59.90")
                .status())
        .isEqualTo(200);
    JsonNode seen =
        network.asAdvA().get("/api/v1/conversions?orderId=" + orderId).json().path("data").get(0);
    assertThat(seen.path("customerStatus").asText()).isEqualTo("new");

    Api.Response confirmed =
        report(
            network.asAdvA(),
            order(programme, Map.of("orderId", orderId, "customerRef", customer)));
    Api.Response next =
        report(
            network.asAdvA(), order(programme, Map.of("customerRef", customer, "total", "12.00")));

    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    assertThat(confirmed.json().path("trust").asText()).isEqualTo("high");
    assertThat(confirmed.json().path("customerStatus").asText()).isEqualTo("new");
    assertThat(confirmed.json().path("status").asText()).isEqualTo("pending");
    assertThat(confirmed.json().path("fraudSignals").toString()).doesNotContain("duplicate_order");
    assertThat(next.json().path("customerStatus").asText()).isEqualTo("returning");
  }

  @Test
  void changesHonourIfMatchAndIntakeRefusesWhatItDoesNotRead() {
    String programme = programme(Map.of());
    String id = report(network.asAdvA(), order(programme, Map.of())).id();
    Api.Response stale =
        network
            .asAdvA()
            .send(
                "PATCH",
                "/api/v1/conversions/" + id,
                Map.of("action", "cancel", "reason", "other"),
                Map.of("If-Match", "\"7\""));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(
            network
                .asAdvA()
                .send(
                    "POST",
                    "/api/v1/conversions",
                    "orderId=1",
                    Map.of("Content-Type", "text/plain"))
                .status())
        .isEqualTo(415);
    assertThat(
            network
                .asAdvA()
                .post("/api/v1/conversions?dryRun=true", order(programme, Map.of()))
                .status())
        .isEqualTo(400);
  }
}
