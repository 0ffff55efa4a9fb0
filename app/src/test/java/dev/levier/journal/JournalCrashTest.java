package dev.levier.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.testing.Api;
import dev.levier.testing.ServerProcess;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.tracking.RandomIds;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kill -9} under load. An acknowledged conversion must be there after restart, and there
 * only once; a click must be stored within 200 ms of its redirect.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class JournalCrashTest {
  private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0";

  @Parameter TestDatabase kind;

  private DatabaseSettings settings;
  private String adminKey;
  private String advertiserKey;
  private String programme;

  /** A second advertiser's programme and key: its sales go to the other conversion writer. */
  private String otherProgramme;

  private String otherAdvertiserKey;
  private String clickPath;

  @BeforeEach
  void setUp() throws Exception {
    settings = kind.create();
    try (ServerProcess server = ServerProcess.start(settings)) {
      adminKey = server.firstKey();
      Api admin = server.api(adminKey);
      String advertiser =
          admin.post("/api/v1/advertisers", TestNetwork.advertiser("Crash", "FR", "EUR")).id();
      Map<String, Object> body =
          new java.util.HashMap<>(
              TestNetwork.programme(advertiser, "Crash", "crash.example", "active"));
      body.put("minClickSeconds", 0);
      programme = admin.post("/api/v1/programmes", body).id();
      String publisher =
          admin.post("/api/v1/publishers", TestNetwork.publisher("Crash pub", "content")).id();
      String partnership =
          admin
              .post(
                  "/api/v1/partnerships",
                  Map.of("programmeId", programme, "publisherId", publisher))
              .id();
      clickPath =
          admin
              .post("/api/v1/links", Map.of("partnershipId", partnership))
              .json()
              .path("trackingUrl")
              .asText();
      clickPath = URI.create(clickPath).getRawPath();
      advertiserKey = newAdvertiserKey(admin, advertiser);
      String other =
          admin.post("/api/v1/advertisers", TestNetwork.advertiser("Crash 2", "FR", "EUR")).id();
      Map<String, Object> otherBody =
          new java.util.HashMap<>(
              TestNetwork.programme(other, "Crash 2", "crash2.example", "active"));
      otherProgramme = admin.post("/api/v1/programmes", otherBody).id();
      otherAdvertiserKey = newAdvertiserKey(admin, other);
      assertThat(server.terminate()).isEqualTo(143);
    }
  }

  @AfterEach
  void tearDown() {
    kind.drop(settings);
  }

  @Test
  void everyClickIsStoredWithin200MillisecondsOfItsRedirect() throws Exception {
    Set<String> clickIds = ConcurrentHashMap.newKeySet();
    try (ServerProcess server = ServerProcess.start(settings)) {
      Api visitor = server.api(null);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 150; i++) {
                      Api.Response r =
                          visitor.send("GET", clickPath, null, Map.of("User-Agent", BROWSER));
                      assertThat(r.status()).isEqualTo(302);
                      clickIds.add(
                          URI.create(r.header("Location")).getQuery().replace("lvclid=", ""));
                    }
                    return null;
                  }));
        }
        for (var f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      Thread.sleep(200);
      server.kill();
    }
    assertThat(clickIds).hasSize(1200);
    Set<String> stored = storedClickIds();
    assertThat(stored).containsAll(clickIds);
  }

  @Test
  void anAcknowledgedConversionSurvivesKillMinus9ExactlyOnce() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    try (ServerProcess server = ServerProcess.start(settings)) {
      Api advertiser = server.api(advertiserKey);
      Api other = server.api(otherAdvertiserKey);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int t = 0; t < 8; t++) {
        pool.submit(
            () -> {
              while (!stop.get()) {
                String orderId = "CRASH-" + next.incrementAndGet();
                attempted.add(orderId);
                try {
                  Api.Response r =
                      (ofOther(orderId) ? other : advertiser)
                          .post("/api/v1/conversions", order(orderId));
                  if (r.status() == 201 || r.status() == 200) {
                    acknowledged.add(orderId);
                  }
                } catch (RuntimeException connectionLost) {
                  // the server died mid-request: this order was not acknowledged
                }
              }
              return null;
            });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      server.kill();
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
    assertThat(acknowledged.stream().filter(JournalCrashTest::ofOther).count())
        .as("the second advertiser's sales, stored by the other writer")
        .isGreaterThanOrEqualTo(100);

    try (ServerProcess restarted = ServerProcess.start(settings)) {
      Api advertiser = restarted.api(advertiserKey);
      Api other = restarted.api(otherAdvertiserKey);
      // Sending every attempted order again: stored ones answer 200, lost ones are stored now.
      for (String orderId : attempted) {
        Api.Response r =
            (ofOther(orderId) ? other : advertiser).post("/api/v1/conversions", order(orderId));
        assertThat(r.status()).as(orderId + " " + r).isIn(200, 201);
        if (acknowledged.contains(orderId)) {
          assertThat(r.status()).as("acknowledged " + orderId + " was lost").isEqualTo(200);
        }
      }
      assertThat(restarted.terminate()).isEqualTo(143);
    }
    Map<String, Long> counts = orderCounts();
    assertThat(counts.keySet()).containsAll(attempted);
    assertThat(counts.values()).allMatch(count -> count == 1);
  }

  private static String newAdvertiserKey(Api admin, String advertiser) {
    return admin
        .post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", advertiser))
        .json()
        .path("key")
        .asText();
  }

  /** Odd order numbers are the second advertiser's. */
  private static boolean ofOther(String orderId) {
    return Integer.parseInt(orderId.substring(orderId.indexOf('-') + 1)) % 2 == 1;
  }

  private Map<String, Object> order(String orderId) {
    return Map.of(
        "programmeId",
        ofOther(orderId) ? otherProgramme : programme,
        "orderId",
        orderId,
        "orderedAt",
        Instant.now().toString(),
        "currency",
        "EUR",
        "total",
        "25.00",
        "lines",
        List.of(
            Map.of("sku", "A", "quantity", 1, "unitPrice", "10.00"),
            Map.of("sku", "B", "quantity", 3, "unitPrice", "5.00")));
  }

  private Set<String> storedClickIds() {
    try (Database db = Database.open(settings, null)) {
      return Set.copyOf(
          db.transaction(
              c ->
                  Sql.query(
                      c,
                      "SELECT id, secret FROM click",
                      r -> RandomIds.clickId(r.getLong(1), r.getString(2)))));
    }
  }

  private Map<String, Long> orderCounts() {
    try (Database db = Database.open(settings, null)) {
      Map<String, Long> counts = new java.util.HashMap<>();
      for (Object[] row :
          db.transaction(
              c ->
                  Sql.query(
                      c,
                      "SELECT order_id, COUNT(*) AS n FROM conversion GROUP BY order_id",
                      r -> new Object[] {r.getString(1), r.getLong(2)}))) {
        counts.put((String) row[0], (Long) row[1]);
      }
      long lines =
          db.transaction(
              c ->
                  Sql.queryOne(c, "SELECT COUNT(*) FROM conversion_line", r -> r.getLong(1))
                      .orElseThrow());
      assertThat(lines)
          .as("every stored conversion has its two lines")
          .isEqualTo(2L * counts.size());
      return counts;
    }
  }
}
