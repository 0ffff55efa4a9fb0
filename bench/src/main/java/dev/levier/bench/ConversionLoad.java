package dev.levier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.commission.RuleSet;
import dev.levier.conversion.CategoryPath;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Durable conversion intake under load: {@code POST /api/v1/conversions} with the advertiser's key,
 * a new order id every time and five order lines, against a bare Vert.x server answering the same
 * 201 in the same run.
 *
 * <p>Starts {@code levier serve --demo} from the built jar as its own process with a 256 MB heap
 * (H2 in a temporary directory, or a fresh PostgreSQL schema), issues an advertiser key for the
 * demo's French retailer, makes a tracking link and a few thousand clicks on it (so that sales
 * carry real click ids, visitor ids and returning customers, and attribution, status and fraud
 * checks have work to do), then, for each connection count, drives the baseline and Levier in turn
 * with the closed-loop {@link LoadGenerator} for a bounded time.
 *
 * <p>A 2xx from Levier means the sale is committed. At the end the program counts, beside the
 * running server, the conversions and their lines in the database and compares them with the 201s
 * every run received (warm-up included): they must be equal.
 *
 * <p>The baseline ({@link BaselineServer#startWrite}) reads the whole body and answers 201 with the
 * very bytes Levier answered to a first sale; it parses, checks and stores nothing, so the ratio is
 * the cost of intake, attribution and durable storage over bare HTTP.
 *
 * <p>With {@code --rules N} (issue 5: intake with commissions computed within 80% of intake
 * without), two more programmes of the same advertiser get the same publisher, their own links and
 * clicks: one a published rule set of N rules ({@link BenchRuleSets}, naming this catalogue's
 * categories and brands, with two CEL expressions), the other none (the demo's programme has rules
 * of its own). At each connection count Levier is then driven four times, A B B A (without, with,
 * with, without), so that the growing tables weigh the same on both, and the means are compared. At
 * the end every credited, commissionable sale of the programme with rules must have its commission
 * stored, and the one without none.
 *
 * <p>With {@code --advertisers N}, N - 1 more advertisers (French, in euros) each get a programme
 * like the first, the same publisher, a key and their share of the clicks, and the sales go to the
 * N shops in turn: the conversion journal's writers ({@code --writers}, Levier's {@code
 * tracking.conversion-writers}) each store the sales of a share of the advertisers, so one
 * advertiser alone keeps one writer busy.
 *
 * <p>Run by hand: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.ConversionLoad
 * [--db h2|postgres] [--seconds 30] [--warmup 10] [--connections 32,64] [--clicks 5000] [--rules
 * 100] [--advertisers 1] [--writers N] [--settle 180] [--open-rates 2000,2500] [--open-connections
 * 512] [--jfr FILE] [--keep] [--client-threads platform|virtual]}. The closed loop's connections
 * each have a thread of the load generator's, platform threads by default. Before the first
 * measured run at each connection count, Levier is driven in 10-second chunks until its JIT
 * compilers have gone quiet ({@link JitSettle}, at most {@code --settle} seconds; 0 skips it).
 *
 * <p>{@code --open-rates} adds, after the closed-loop runs, one open-loop run per rate: sales sent
 * at fixed intended times whatever the answers (like the click benchmark's open loop), latency
 * counted from the intended time. A closed loop of N connections can only have N sales in flight,
 * so with the journal's batches and forcings its rate is N divided by a sale's wait; sales sent by
 * many shops do not wait for each other, and the open loop asks whether the server keeps up with a
 * given rate, and at what CPU a sale (which falls as batches grow). Exits with 1 if a request
 * failed or the counts differ.
 */
public final class ConversionLoad {
  private static final String HOST = "127.0.0.1";
  private static final Path JAR = Path.of("app", "target", "levier.jar");
  private static final int TEMPLATES = 1_000;

  /** The heading of {@link #measures}' cells, with the bar after them. */
  private static final String MEASURES_HEADER =
      "201/s | 503/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | server cores | database"
          + " cores | client cores | CPU µs/sale (server + db) |";

  private static final String MEASURES_ALIGN = "---:|".repeat(11);

  private final Options options;
  private final ServerProcess server;
  private final BenchDatabase database;
  private final ApiClient admin;
  private boolean clean = true;
  private long acknowledged;

  private ConversionLoad(
      Options options, ServerProcess server, BenchDatabase database, ApiClient admin) {
    this.options = options;
    this.server = server;
    this.database = database;
    this.admin = admin;
  }

  public static void main(String[] args) throws Exception {
    Options options =
        Args.parseOrExit(
            args,
            Options::parse,
            "usage: ConversionLoad [--db h2|postgres] [--seconds N] [--warmup N]"
                + " [--connections 32,64] [--clicks N] [--rules N] [--customers 20000]"
                + " [--advertisers 1] [--writers N] [--heap 256m] [--settle 180]"
                + " [--open-rates 2000,2500] [--open-connections 512] [--jfr FILE] [--keep]"
                + " [--client-threads platform|virtual]");
    System.exit(run(options) ? 0 : 1);
  }

  private static boolean run(Options options) throws Exception {
    Machine.print();
    Machine.warnAboutOtherWork();
    try (BenchDatabase database = BenchDatabase.create(options.db())) {
      if (options.keep()) {
        database.keepAll();
      }
      // The setup clicks come from many addresses through X-Forwarded-For, as behind a proxy:
      // from one address they would all be flagged velocity, and their sales held.
      try (ServerProcess server =
              ServerProcess.start(
                  JAR, options.heap(), database, database.workDir(), serverEnvironment(options));
          ApiClient admin = new ApiClient(server.loopbackUrl(), server.adminKey())) {
        System.out.printf(
            Locale.ROOT,
            "Levier: pid %d, %s, HTTP on %s, %s; log %s%n",
            server.pid(),
            ServerProcess.heapFlags(options.heap()),
            server.http(),
            database.describe(),
            server.log());
        ConversionLoad load = new ConversionLoad(options, server, database, admin);
        load.measure();
        return load.clean;
      }
    }
  }

  /**
   * Clicks' addresses come from X-Forwarded-For; {@code --writers} sets the conversion journal's
   * writers, else Levier's default holds.
   */
  private static Map<String, String> serverEnvironment(Options options) {
    Map<String, String> environment = new java.util.HashMap<>();
    environment.put("LEVIER_TRACKING_TRUST_FORWARDED_FOR", "true");
    if (options.writers() > 0) {
      environment.put("LEVIER_TRACKING_CONVERSION_WRITERS", Integer.toString(options.writers()));
    }
    return environment;
  }

  /**
   * What the sales are made of: one shop, or several of different advertisers taking turns.
   *
   * @param label how the runs on these programmes are named in the tables
   */
  private record Setup(String label, List<Shop> shops) {
    Shop first() {
      return shops.get(0);
    }
  }

  /** One advertiser's programme, its key, and clicks to credit. */
  private record Shop(
      String programmeId, String advertiserKey, List<String> clickIds, List<String> visitorIds) {}

  private void measure() throws Exception {
    JsonNode partnership =
        admin.get("/api/v1/partnerships?status=approved&limit=1").path("data").path(0);
    String advertiserId = partnership.path("advertiserId").asText();
    String key = newAdvertiserKey(advertiserId);
    List<Shop> shops = new ArrayList<>();
    int clicksEach = Math.max(100, options.clicks() / options.advertisers());
    shops.add(setUp(partnership, key, 0, clicksEach));
    for (int a = 1; a < options.advertisers(); a++) {
      shops.add(anotherAdvertiser(partnership, a, clicksEach));
    }
    Setup setup =
        new Setup(
            options.advertisers() == 1 ? "Levier" : "Levier, " + shops.size() + " advertisers",
            shops);
    Setup withRules = null;
    Setup withoutRules = null;
    if (options.rules() > 0) {
      withRules = withRules(partnership, key);
      // The demo's programme has rules of its own: the side without is a programme made for it.
      withoutRules =
          new Setup(
              "Levier, no rules",
              List.of(
                  setUp(
                      programmeLikeTheFirst(
                          partnership, advertiserId, "Conversion load, without rules"),
                      key,
                      (options.advertisers() + 1) * options.clicks(),
                      options.clicks())));
    }
    HttpResponse<byte[]> first = firstSale(setup);
    String location = first.headers().firstValue("Location").orElse("");
    System.out.printf(
        Locale.ROOT,
        "A first sale answered %d with %d bytes; the baseline answers 201 with the same bytes%n",
        first.statusCode(),
        first.body().length);
    List<Row> rows = new ArrayList<>();
    try (BaselineServer baseline = BaselineServer.startWrite(HOST, 201, location, first.body())) {
      int run = 0;
      for (int connections : options.connections()) {
        run++;
        System.out.printf(Locale.ROOT, "%nDriving %d connections ...%n", connections);
        Row bare = driveBaseline(baseline.port(), connections, setup, "b" + run);
        rows.add(bare);
        settle(connections, setup, "s" + run);
        if (withRules == null || withoutRules == null) {
          rows.add(driveLevier(connections, 0, setup, "l" + run, bare.rate()));
        } else {
          // A, B, B, A: the tables grow during the runs, and this order gives both the same
          // share of early and late runs.
          rows.add(driveLevier(connections, 0, withoutRules, "l" + run + "a", bare.rate()));
          rows.add(driveLevier(connections, 0, withRules, "r" + run + "a", bare.rate()));
          rows.add(driveLevier(connections, 0, withRules, "r" + run + "b", bare.rate()));
          rows.add(driveLevier(connections, 0, withoutRules, "l" + run + "b", bare.rate()));
        }
      }
      for (int rate : options.openRates()) {
        System.out.printf(
            Locale.ROOT,
            "%nOpen loop: %,d sales/s over %d connections ...%n",
            rate,
            options.openConnections());
        rows.add(driveLevier(options.openConnections(), rate, setup, "o" + rate, Double.NaN));
      }
      if (options.jfr() != null) {
        profiledRun(setup, options.connections().get(options.connections().size() - 1));
      }
    }
    printTables(rows);
    if (withRules != null && withoutRules != null) {
      printComparison(rows, withoutRules, withRules);
    }
    verify(withRules, withoutRules);
  }

  /**
   * A link on the partnership and {@code --clicks} clicks on it, from addresses numbered from
   * {@code firstClick} on (so that two set-ups share no address).
   */
  private Shop setUp(JsonNode partnership, String key, int firstClick, int clicks)
      throws IOException, InterruptedException {
    String programmeId = partnership.path("programmeId").asText();
    String advertiserId = partnership.path("advertiserId").asText();
    JsonNode link =
        admin.post("/api/v1/links", Map.of("partnershipId", partnership.path("id").asText()));
    String clickUrl = server.loopbackUrl() + "/c/" + link.path("id").asText();
    List<String> clickIds = new ArrayList<>();
    List<String> visitorIds = new ArrayList<>();
    double journaledBefore =
        Metrics.read(admin.http(), server.loopbackUrl()).get(Metrics.JOURNALED);
    for (int c = 0; c < clicks; c++) {
      int i = firstClick + c;
      HttpResponse<Void> click =
          admin
              .http()
              .send(
                  HttpRequest.newBuilder(URI.create(clickUrl))
                      .header("User-Agent", Wrk.USER_AGENT)
                      // 198.18.0.0/15, set aside for benchmarks (RFC 2544): 512 blocks of /24, so
                      // that no block passes the velocity limit of 120 clicks a minute.
                      .header(
                          "X-Forwarded-For",
                          "198."
                              + (18 + (i / 256) % 2)
                              + "."
                              + (i % 256)
                              + "."
                              + (1 + (i / 512) % 254))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      String location = click.headers().firstValue("Location").orElse("");
      int at = location.indexOf("lvclid=");
      String cookie = click.headers().firstValue("Set-Cookie").orElse("");
      if (click.statusCode() != 302 || at < 0 || !cookie.startsWith("lv_vid=")) {
        throw new IllegalStateException("a click answered " + click.statusCode());
      }
      clickIds.add(location.substring(at + "lvclid=".length()).split("&", 2)[0]);
      visitorIds.add(cookie.substring("lv_vid=".length(), cookie.indexOf(';')));
    }
    // Let the journal store them before any sale looks for them.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Metrics.read(admin.http(), server.loopbackUrl()).get(Metrics.JOURNALED)
        < journaledBefore + clicks) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the clicks were not journaled within 30 s");
      }
      Thread.sleep(100);
    }
    System.out.printf(
        Locale.ROOT,
        "Programme %s (advertiser %s); %,d clicks made on %s%n",
        programmeId,
        advertiserId,
        clickIds.size(),
        clickUrl);
    return new Shop(programmeId, key, clickIds, visitorIds);
  }

  /**
   * Advertiser number {@code number} of {@code --advertisers}: a new one in France selling in
   * euros, a programme like the first one's, the same publisher approved on it, its own key and
   * {@code clicks} clicks from addresses no other shop used.
   */
  private Shop anotherAdvertiser(JsonNode partnership, int number, int clicks)
      throws IOException, InterruptedException {
    String advertiserId =
        admin
            .post(
                "/api/v1/advertisers",
                Map.of(
                    "name",
                    "Conversion load shop " + number,
                    "country",
                    "FR",
                    "currency",
                    "EUR",
                    "timeZone",
                    "Europe/Paris"))
            .path("id")
            .asText();
    JsonNode approved =
        programmeLikeTheFirst(partnership, advertiserId, "Conversion load shop " + number);
    String key = newAdvertiserKey(advertiserId);
    return setUp(approved, key, number * clicks, clicks);
  }

  /** A new API key of the advertiser's. */
  private String newAdvertiserKey(String advertiserId) throws IOException, InterruptedException {
    return admin
        .post(
            "/api/v1/keys",
            Map.of("role", "advertiser", "ownerId", advertiserId, "label", "conversion load"))
        .path("key")
        .asText();
  }

  /**
   * A programme of {@code advertiserId} landing where the partnership's does, with a 30-day window,
   * and the partnership's publisher approved on it: the new partnership.
   */
  private JsonNode programmeLikeTheFirst(JsonNode partnership, String advertiserId, String name)
      throws IOException, InterruptedException {
    JsonNode first = admin.get("/api/v1/programmes/" + partnership.path("programmeId").asText());
    String programmeId =
        admin
            .post(
                "/api/v1/programmes",
                Map.of(
                    "advertiserId",
                    advertiserId,
                    "name",
                    name,
                    "landingUrl",
                    first.path("landingUrl").asText(),
                    "allowedDomains",
                    ApiClient.JSON.convertValue(first.path("allowedDomains"), List.class),
                    "attributionWindowDays",
                    30))
            .path("id")
            .asText();
    return admin.post(
        "/api/v1/partnerships",
        Map.of(
            "programmeId",
            programmeId,
            "publisherId",
            partnership.path("publisherId").asText(),
            "status",
            "approved"));
  }

  /**
   * A second programme of the same advertiser, with the same publisher approved on it and {@code
   * --rules} rules published in effect since yesterday, so that every sale credited there gets its
   * commission computed and stored at intake; the first programme has no rules.
   */
  private Setup withRules(JsonNode partnership, String key)
      throws IOException, InterruptedException {
    JsonNode second =
        programmeLikeTheFirst(
            partnership, partnership.path("advertiserId").asText(), "Conversion load, with rules");
    String programmeId = second.path("programmeId").asText();
    RuleSet rules =
        BenchRuleSets.build(
            programmeId,
            options.rules(),
            CurrencyUnit.EUR,
            ZoneId.of("Europe/Paris"),
            RULE_CATALOGUE,
            7,
            true);
    JsonNode draft =
        admin.post(
            "/api/v1/programmes/" + programmeId + "/rulesets",
            BenchRuleSets.apiBody(options.rules() + " rules", rules));
    HttpResponse<byte[]> published =
        admin.postRaw(
            "/api/v1/programmes/"
                + programmeId
                + "/rulesets/"
                + draft.path("id").asText()
                + "/publish",
            ApiClient.JSON.writeValueAsBytes(
                Map.of(
                    "version",
                    draft.path("version").asInt(),
                    "effectiveFrom",
                    Instant.now().minus(1, ChronoUnit.DAYS).toString())));
    if (published.statusCode() != 200) {
      throw new IllegalStateException(
          "publishing the rule set answered "
              + published.statusCode()
              + ": "
              + new String(published.body(), StandardCharsets.UTF_8));
    }
    System.out.printf(
        Locale.ROOT,
        "Programme %s: %d rules published (%s), %d caps, for the runs with rules%n",
        programmeId,
        rules.rules().size(),
        draft.path("id").asText(),
        rules.caps().size());
    return new Setup(
        "Levier, " + options.rules() + " rules",
        List.of(setUp(second, key, options.advertisers() * options.clicks(), options.clicks())));
  }

  private HttpResponse<byte[]> firstSale(Setup setup) throws IOException, InterruptedException {
    Shop shop = setup.first();
    try (ApiClient advertiser = new ApiClient(server.loopbackUrl(), shop.advertiserKey())) {
      String body =
          bodies(shop, "setup", 1, options.customers())
              .get(0)
              .replace("{n}", "1")
              .replace("{r:" + options.customers() + "}", "1")
              .replace("{now}", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      HttpResponse<byte[]> response =
          advertiser.postRaw("/api/v1/conversions", body.getBytes(StandardCharsets.UTF_8));
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "the first sale answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      acknowledged++;
      return response;
    }
  }

  // ---------------------------------------------------------------- the sales

  private record Product(String sku, String name, String category, String brand, long cents) {}

  private static final List<Product> CATALOGUE =
      List.of(
          new Product(
              "LUM-LAMP-0042",
              "Lampe Opaline",
              "Maison > Luminaires > Lampes",
              "Maison Lumiere",
              8900),
          new Product(
              "LUM-LAMP-0107",
              "Lampe de bureau laiton",
              "Maison > Luminaires > Lampes",
              "Maison Lumiere",
              12900),
          new Product(
              "LUM-LAMP-0230",
              "Lampadaire arc",
              "Maison > Luminaires > Lampadaires",
              "Atelier Nord",
              24900),
          new Product(
              "LUM-SUSP-0015",
              "Suspension rotin",
              "Maison > Luminaires > Suspensions",
              "Atelier Nord",
              7900),
          new Product(
              "LUM-SUSP-0088",
              "Suspension verre fume",
              "Maison > Luminaires > Suspensions",
              "Maison Lumiere",
              11900),
          new Product(
              "LUM-APPL-0031",
              "Applique murale",
              "Maison > Luminaires > Appliques",
              "Maison Lumiere",
              5900),
          new Product(
              "LUM-BULB-0007",
              "Ampoule LED E27",
              "Maison > Luminaires > Ampoules",
              "Maison Lumiere",
              690),
          new Product(
              "LUM-BULB-0019",
              "Ampoule filament G95",
              "Maison > Luminaires > Ampoules",
              "Maison Lumiere",
              1290),
          new Product(
              "LUM-GARL-0004",
              "Guirlande guinguette",
              "Maison > Luminaires > Guirlandes",
              "Fete Douce",
              3490),
          new Product(
              "LUM-CUSH-0113", "Coussin lin", "Maison > Textile > Coussins", "Atelier Lin", 2450),
          new Product(
              "LUM-CUSH-0140",
              "Coussin velours",
              "Maison > Textile > Coussins",
              "Atelier Lin",
              2990),
          new Product(
              "LUM-PLAI-0022", "Plaid laine", "Maison > Textile > Plaids", "Atelier Lin", 6900),
          new Product(
              "LUM-RIDE-0061", "Rideau voilage", "Maison > Textile > Rideaux", "Atelier Lin", 3900),
          new Product(
              "LUM-TAPI-0009",
              "Tapis berbere 160x230",
              "Maison > Textile > Tapis",
              "Souk & Co",
              32900),
          new Product(
              "LUM-NAPP-0036",
              "Nappe coton",
              "Maison > Textile > Linge de table",
              "Atelier Lin",
              4500),
          new Product("LUM-VASE-0021", "Vase gres", "Maison > Deco > Vases", "Terre & Feu", 1990),
          new Product(
              "LUM-VASE-0076", "Vase soliflore", "Maison > Deco > Vases", "Terre & Feu", 1290),
          new Product(
              "LUM-CAND-0300",
              "Bougie parfumee figue",
              "Maison > Deco > Bougies",
              "Maison Lumiere",
              1800),
          new Product(
              "LUM-CAND-0301",
              "Bougie parfumee ambre",
              "Maison > Deco > Bougies",
              "Maison Lumiere",
              1800),
          new Product(
              "LUM-MIRR-0012",
              "Miroir rond 60 cm",
              "Maison > Deco > Miroirs",
              "Atelier Nord",
              8900),
          new Product(
              "LUM-CADR-0054", "Cadre photo chene", "Maison > Deco > Cadres", "Atelier Nord", 1490),
          new Product(
              "LUM-HORL-0005", "Horloge murale", "Maison > Deco > Horloges", "Atelier Nord", 4900),
          new Product(
              "LUM-PANI-0018",
              "Panier jonc de mer",
              "Maison > Rangement > Paniers",
              "Souk & Co",
              2900),
          new Product(
              "LUM-ETAG-0044",
              "Etagere murale",
              "Maison > Rangement > Etageres",
              "Atelier Nord",
              5900),
          new Product(
              "LUM-BOIT-0070",
              "Boite a bijoux",
              "Maison > Rangement > Boites",
              "Terre & Feu",
              2200),
          new Product(
              "LUM-ASSI-0091",
              "Assiette plate gres",
              "Maison > Arts de la table > Assiettes",
              "Terre & Feu",
              890),
          new Product(
              "LUM-BOL-0092", "Bol gres", "Maison > Arts de la table > Bols", "Terre & Feu", 690),
          new Product(
              "LUM-TASS-0093",
              "Tasse expresso",
              "Maison > Arts de la table > Tasses",
              "Terre & Feu",
              590),
          new Product(
              "LUM-VERR-0120",
              "Verre a vin (x4)",
              "Maison > Arts de la table > Verres",
              "Cristal Doux",
              3600),
          new Product(
              "LUM-CARA-0121",
              "Carafe verre souffle",
              "Maison > Arts de la table > Carafes",
              "Cristal Doux",
              2900),
          new Product(
              "LUM-PLAT-0055",
              "Plateau noyer",
              "Maison > Arts de la table > Plateaux",
              "Atelier Nord",
              3900),
          new Product(
              "LUM-DIFF-0014",
              "Diffuseur de parfum",
              "Maison > Deco > Parfums",
              "Maison Lumiere",
              2600),
          new Product(
              "LUM-PLNT-0033",
              "Cache-pot terracotta",
              "Maison > Jardin > Pots",
              "Terre & Feu",
              1590),
          new Product(
              "LUM-LANT-0048",
              "Lanterne exterieure",
              "Maison > Jardin > Eclairage",
              "Maison Lumiere",
              4490),
          new Product(
              "LUM-SOLA-0049",
              "Borne solaire (x2)",
              "Maison > Jardin > Eclairage",
              "Maison Lumiere",
              3290),
          new Product(
              "LUM-TABO-0080",
              "Tabouret bois",
              "Maison > Mobilier > Tabourets",
              "Atelier Nord",
              7900),
          new Product(
              "LUM-CHEV-0081",
              "Table de chevet",
              "Maison > Mobilier > Chevets",
              "Atelier Nord",
              14900),
          new Product(
              "LUM-FAUT-0082",
              "Fauteuil rotin",
              "Maison > Mobilier > Fauteuils",
              "Souk & Co",
              27900),
          new Product(
              "LUM-CART-0099",
              "Carte cadeau 50 EUR",
              "Cadeaux > Cartes cadeaux",
              "Maison Lumiere",
              5000),
          new Product(
              "LUM-ECRN-0100", "Ecrin cadeau", "Cadeaux > Emballages", "Maison Lumiere", 450));

  private static final List<String> CATEGORIES =
      CATALOGUE.stream().map(Product::category).distinct().toList();

  /**
   * What the rules of {@code --rules} name: the catalogue's categories (a line within one), their
   * parents, and its brands, so that they match the sales.
   */
  private static final BenchRuleSets.Catalogue RULE_CATALOGUE =
      new BenchRuleSets.Catalogue(
          i -> CategoryPath.parse(CATEGORIES.get(i % CATEGORIES.size())),
          i -> {
            String category = CATEGORIES.get(i % CATEGORIES.size());
            return CategoryPath.parse(category.substring(0, category.lastIndexOf(" > ")));
          },
          CATALOGUE.stream().map(Product::brand).distinct().toList());

  /**
   * Request bodies with five lines each, as JSON with {@code {n}} in the order id and {@code {now}}
   * as the order time. About 60% carry a click id from the clicks made, 15% only a visitor id;
   * every sale names a customer out of {@code customers} (20,000 by default, so many are
   * returning), half with an e-mail address too. The same seed gives the same sales.
   */
  private static List<String> bodies(Shop setup, String tag, int count, int customers) {
    Random random = new Random(42 + tag.hashCode());
    List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode sale = ApiClient.JSON.createObjectNode();
      sale.put("programmeId", setup.programmeId());
      sale.put("orderId", "ML-" + tag + "-{n}");
      sale.put("orderedAt", "{now}");
      sale.put("currency", "EUR");
      // The customer is drawn on every send, so that a body sent again is another customer's
      // order: the same customer with the same total within 10 minutes is a duplicate_order.
      sale.put("customerRef", "C-{r:" + customers + "}");
      if (random.nextBoolean()) {
        sale.put("customerEmail", "client{r:" + customers + "}@example.com");
      }
      double credit = random.nextDouble();
      int click = random.nextInt(setup.clickIds().size());
      if (credit < 0.60) {
        sale.put("clickId", setup.clickIds().get(click));
      } else if (credit < 0.75) {
        sale.put("visitorId", setup.visitorIds().get(click));
      }
      ArrayNode lines = sale.putArray("lines");
      List<Product> pick = new ArrayList<>(CATALOGUE);
      java.util.Collections.shuffle(pick, random);
      long sum = 0;
      for (int l = 0; l < 5; l++) {
        Product p = pick.get(l);
        int quantity = 1 + (random.nextInt(10) < 7 ? 0 : random.nextInt(3));
        long discount = random.nextInt(10) == 0 ? p.cents() * quantity / 10 : 0;
        ObjectNode line = lines.addObject();
        line.put("sku", p.sku());
        line.put("name", p.name());
        line.put("category", p.category());
        line.put("brand", p.brand());
        line.put("quantity", quantity);
        line.put("unitPrice", euros(p.cents()));
        if (discount > 0) {
          line.put("discount", euros(discount));
        }
        sum += p.cents() * quantity - discount;
      }
      long shipping = sum >= 6000 ? 0 : 490;
      sale.put("total", euros(sum + shipping));
      bodies.add(sale.toString());
    }
    return bodies;
  }

  private static String euros(long cents) {
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
  }

  /** {@link #TEMPLATES} requests, the shops' in turn. */
  private List<String> requests(Setup setup, int port, String tag) {
    int shops = setup.shops().size();
    List<List<String>> each = new ArrayList<>(shops);
    for (int k = 0; k < shops; k++) {
      Shop shop = setup.shops().get(k);
      String head =
          "POST /api/v1/conversions HTTP/1.1\r\nHost: "
              + HOST
              + ":"
              + port
              + "\r\nAuthorization: Bearer "
              + shop.advertiserKey()
              + "\r\nContent-Type: application/json\r\nAccept: application/json"
              + "\r\nUser-Agent: levier-bench\r\nContent-Length: {length}\r\n\r\n";
      each.add(
          bodies(
                  shop,
                  k == 0 ? tag : tag + "s" + k,
                  (TEMPLATES + shops - 1) / shops,
                  options.customers())
              .stream()
              .map(body -> head + body)
              .toList());
    }
    List<String> requests = new ArrayList<>(TEMPLATES);
    for (int i = 0; i < TEMPLATES; i++) {
      requests.add(each.get(i % shops).get(i / shops));
    }
    return requests;
  }

  // ---------------------------------------------------------------- runs

  /**
   * One run: the client's report, the server's and the database's CPU, and Levier's counts; {@code
   * intendedRate} is 0 for the closed loop.
   */
  private record Row(
      int connections,
      int intendedRate,
      String target,
      LoadGenerator.Report report,
      long serverCpuNanos,
      long databaseCpuNanos,
      double gcShare,
      double share,
      @Nullable Account account) {

    double rate() {
      return report.requestsPerSecond();
    }

    double microsPerConversion() {
      return (serverCpuNanos + databaseCpuNanos) / 1000.0 / Math.max(1, report.requests());
    }
  }

  /** What Levier's metrics say about one run. */
  private record Account(
      long stored, long replayed, long refused, long batches, double meanBatch, String gc) {}

  private LoadGenerator.Job job(int port, int connections, int rate, List<String> requests) {
    return new LoadGenerator.Job(
        HOST,
        port,
        connections,
        options.virtualThreads(),
        options.warmUpSeconds() * 1000L,
        options.seconds() * 1000L,
        rate,
        List.of(201),
        List.of(503),
        requests);
  }

  private Row driveBaseline(int port, int connections, Setup setup, String tag)
      throws IOException, InterruptedException {
    long[] cpu = new long[2];
    LoadGenerator.Report report =
        LoadChild.run(
            job(port, connections, 0, requests(setup, port, tag)),
            () -> cpu[0] = LoadChild.ownCpuNanos(),
            () -> cpu[1] = LoadChild.ownCpuNanos());
    System.out.printf(Locale.ROOT, "  bare Vert.x  %,9.0f 201/s%n", report.requestsPerSecond());
    failures("bare Vert.x", report);
    return new Row(
        connections, 0, "bare Vert.x", report, cpu[1] - cpu[0], 0, Double.NaN, 1.0, null);
  }

  /** Drives Levier in 10-second chunks until its compilers are quiet ({@link JitSettle}). */
  private void settle(int connections, Setup setup, String tag)
      throws IOException, InterruptedException {
    JitSettle.untilQuiet(
        server,
        options.settleSeconds(),
        index -> {
          LoadGenerator.Report report =
              LoadChild.run(
                  new LoadGenerator.Job(
                      HOST,
                      server.port(),
                      connections,
                      options.virtualThreads(),
                      0,
                      10_000,
                      0,
                      List.of(201),
                      List.of(503),
                      requests(setup, server.port(), tag + "c" + index)),
                  () -> {},
                  () -> {});
          acknowledged += report.answered(201);
          failures("Levier (JIT warm-up)", report);
          return String.format(Locale.ROOT, "%,.0f 201/s", report.requestsPerSecond());
        });
  }

  /** Drives Levier in a closed loop ({@code rate} 0) or an open loop at {@code rate} sales/s. */
  private Row driveLevier(int connections, int rate, Setup setup, String tag, double baselineRate)
      throws IOException, InterruptedException {
    Metrics before = Metrics.read(admin.http(), server.loopbackUrl());
    long gcBefore = GcLog.lastId(GcLog.read(server.gcLog()));
    long gcCpuBefore = server.gcCpuNanos();
    long cpuBefore = server.cpuNanos();
    long[] cpu = new long[4];
    LoadGenerator.Report report =
        LoadChild.run(
            job(server.port(), connections, rate, requests(setup, server.port(), tag)),
            () -> {
              cpu[0] = server.cpuNanos();
              cpu[2] = database.databaseCpuNanos();
            },
            () -> {
              cpu[1] = server.cpuNanos();
              cpu[3] = database.databaseCpuNanos();
            });
    double gcShare =
        (server.gcCpuNanos() - gcCpuBefore) / (double) Math.max(1, server.cpuNanos() - cpuBefore);
    Metrics after = Metrics.read(admin.http(), server.loopbackUrl());
    long batches = Math.round(after.since(before, Metrics.CONVERSION_BATCH_COUNT));
    Account account =
        new Account(
            Math.round(after.since(before, Metrics.conversions("stored"))),
            Math.round(after.since(before, Metrics.conversions("replayed"))),
            Math.round(after.since(before, Metrics.conversions("refused"))),
            batches,
            after.since(before, Metrics.CONVERSION_BATCH_SUM) / Math.max(1, batches),
            GcLog.describe(GcLog.since(GcLog.read(server.gcLog()), gcBefore)));
    acknowledged += report.answered(201);
    System.out.printf(
        Locale.ROOT,
        "  %-12s %,9.0f 201/s (%.1f%% of the baseline); whole run: %,d answered 201,"
            + " %,d 503, %,d stored, %,d replayed%n",
        setup.label(),
        report.requestsPerSecond(),
        100 * report.requestsPerSecond() / baselineRate,
        report.answered(201),
        report.answered(503),
        account.stored(),
        account.replayed());
    failures(setup.label(), report);
    if (account.stored() != report.answered(201) || account.replayed() != 0) {
      System.out.println("  MISMATCH: the sales stored are not the 201s answered");
      clean = false;
    }
    return new Row(
        connections,
        rate,
        setup.label(),
        report,
        cpu[1] - cpu[0],
        cpu[3] - cpu[2],
        gcShare,
        report.requestsPerSecond() / baselineRate,
        account);
  }

  private void failures(String target, LoadGenerator.Report report) {
    if (report.failures() > 0) {
      System.out.printf(
          Locale.ROOT,
          "  %s: %d failures, such as %s; statuses %s%n",
          target,
          report.failures(),
          report.failureSamples(),
          report.statuses());
      clean = false;
    }
  }

  private void profiledRun(Setup setup, int connections) throws Exception {
    Path jfr = options.jfr();
    if (jfr == null) {
      return;
    }
    System.out.println(
        "\nProfiled run (JFR, settings=profile, CPU-time sampling every 1 ms; not in the table):");
    Metrics before = Metrics.read(admin.http(), server.loopbackUrl());
    server.jcmd(
        "JFR.start",
        "name=conversionload",
        "settings=profile",
        "jdk.CPUTimeSample#enabled=true",
        "jdk.CPUTimeSample#throttle=1ms",
        "filename=" + jfr.toAbsolutePath());
    LoadGenerator.Report report;
    try {
      report =
          LoadChild.run(
              job(server.port(), connections, 0, requests(setup, server.port(), "jfr")),
              () -> {},
              () -> {});
    } finally {
      server.jcmd("JFR.stop", "name=conversionload");
    }
    acknowledged += report.answered(201);
    Metrics after = Metrics.read(admin.http(), server.loopbackUrl());
    System.out.printf(
        Locale.ROOT,
        "  Levier under JFR, %d connections: %,.0f 201/s; %,d stored%n%n",
        connections,
        report.requestsPerSecond(),
        Math.round(after.since(before, Metrics.conversions("stored"))));
    failures("Levier (profiled)", report);
    JfrSummary.summarize(jfr, null, 15, System.out);
    System.out.println();
    JfrSummary.summarize(
        jfr, java.util.regex.Pattern.compile("conversion-journal"), 25, System.out);
    System.out.println();
    JfrSummary.summarize(jfr, java.util.regex.Pattern.compile("eventloop"), 15, System.out);
  }

  private void printTables(List<Row> rows) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Closed loop, %d s warm-up + %d s measured per run; POST /api/v1/conversions, five lines"
            + " per sale (%s)%n%n",
        options.warmUpSeconds(),
        options.seconds(),
        database.kind() == BenchDatabase.Kind.H2 ? "H2" : "PostgreSQL");
    System.out.println("| connections | target | " + MEASURES_HEADER + " share of baseline |");
    System.out.println("|---:|---|" + MEASURES_ALIGN + "---:|");
    for (Row row : rows) {
      if (row.intendedRate() > 0) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %s | %.1f%% |%n",
          row.connections(),
          row.target(),
          measures(row),
          row.share() * 100);
    }
    System.out.println();
    printOpenTable(rows);
    System.out.println(
        "| connections | 201 answered (whole run) | 503 | stored | replayed | refused (503) |"
            + " batches | sales per batch | GC pauses | GC threads' share of server CPU |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
    for (Row row : rows) {
      Account a = row.account();
      if (a == null) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %.1f | %s | %.0f%% |%n",
          row.intendedRate() > 0
              ? String.format(
                  Locale.ROOT, "%d, open loop at %,d/s", row.connections(), row.intendedRate())
              : Integer.toString(row.connections()),
          row.report().answered(201),
          row.report().answered(503),
          a.stored(),
          a.replayed(),
          a.refused(),
          a.batches(),
          a.meanBatch(),
          a.gc(),
          row.gcShare() * 100);
    }
    System.out.println();
  }

  /**
   * The open-loop runs: the rate asked, the rate answered, the wait from the intended send time.
   */
  private void printOpenTable(List<Row> rows) {
    List<Row> open = rows.stream().filter(r -> r.intendedRate() > 0).toList();
    if (open.isEmpty()) {
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "Open loop, %d s warm-up + %d s measured per rate, latency from the intended send time:%n%n",
        options.warmUpSeconds(),
        options.seconds());
    System.out.println("| connections | intended sales/s | " + MEASURES_HEADER);
    System.out.println("|---:|---:|" + MEASURES_ALIGN);
    for (Row row : open) {
      System.out.printf(
          Locale.ROOT, "| %d | %,d | %s |%n", row.connections(), row.intendedRate(), measures(row));
    }
    System.out.println();
  }

  /**
   * The cells both tables share: the rates answered, the wait's percentiles, the cores and the CPU
   * a sale.
   */
  private static String measures(Row row) {
    LoadGenerator.Report r = row.report();
    Histogram h = r.latency();
    return String.format(
        Locale.ROOT,
        "%,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.1f",
        r.requestsPerSecond(),
        r.tolerated() / r.seconds(),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(90) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6,
        row.serverCpuNanos() / 1e9 / r.seconds(),
        row.databaseCpuNanos() / 1e9 / r.seconds(),
        r.cpuNanos() / 1e9 / r.seconds(),
        row.microsPerConversion());
  }

  /**
   * The sales/s with and without rules, each the mean of its runs at that connection count, and the
   * share the runs with rules reach.
   */
  private void printComparison(List<Row> rows, Setup without, Setup with) {
    System.out.printf(
        Locale.ROOT,
        "Intake with commissions computed (%s) against without (%s), runs in the order A B B A,"
            + " means of two runs:%n%n",
        with.label(),
        without.label());
    System.out.println(
        "| connections | without rules, sales/s | with rules, sales/s | with / without |"
            + " CPU µs/sale without | CPU µs/sale with | p99 ms without | p99 ms with |");
    System.out.println("|---:|---|---|---:|---:|---:|---:|---:|");
    for (int connections : options.connections()) {
      List<Row> a =
          rows.stream()
              .filter(
                  r ->
                      r.intendedRate() == 0
                          && r.connections() == connections
                          && r.target().equals(without.label()))
              .toList();
      List<Row> b =
          rows.stream()
              .filter(
                  r ->
                      r.intendedRate() == 0
                          && r.connections() == connections
                          && r.target().equals(with.label()))
              .toList();
      double rateA = a.stream().mapToDouble(Row::rate).average().orElse(Double.NaN);
      double rateB = b.stream().mapToDouble(Row::rate).average().orElse(Double.NaN);
      System.out.printf(
          Locale.ROOT,
          "| %d | %,.0f (%s) | %,.0f (%s) | %.1f%% | %.0f | %.0f | %.1f | %.1f |%n",
          connections,
          rateA,
          runs(a),
          rateB,
          runs(b),
          100 * rateB / rateA,
          a.stream().mapToDouble(Row::microsPerConversion).average().orElse(Double.NaN),
          b.stream().mapToDouble(Row::microsPerConversion).average().orElse(Double.NaN),
          a.stream()
              .mapToDouble(r -> r.report().latency().getValueAtPercentile(99) / 1e6)
              .max()
              .orElse(Double.NaN),
          b.stream()
              .mapToDouble(r -> r.report().latency().getValueAtPercentile(99) / 1e6)
              .max()
              .orElse(Double.NaN));
    }
    System.out.println();
    System.out.println("Target (issue 5): with rules at least 80 percent of without.");
    System.out.println();
  }

  /** Count, sum and zero amounts of a programme's commissions, as text. */
  private String[] commissionsOf(String programmeId) throws java.sql.SQLException {
    return database
        .rows(
            "SELECT count(*), coalesce(sum(k.amount_minor), 0),"
                + " coalesce(sum(CASE WHEN k.amount_minor = 0 THEN 1 ELSE 0 END), 0)"
                + " FROM commission k JOIN programme g ON g.id = k.programme_id"
                + " WHERE g.public_id = '"
                + programmeId
                + "'")
        .get(0)
        .split(" \\| ", -1);
  }

  private static String runs(List<Row> rows) {
    return String.join(
        ", ", rows.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).toList());
  }

  /**
   * The database must hold exactly the sales acknowledged, each with its five lines; with rules,
   * one commission for every credited, commissionable sale of that programme, and none on the
   * other.
   */
  private void verify(@Nullable Setup withRules, @Nullable Setup withoutRules) throws Exception {
    long conversions = database.count("conversion");
    long lines = database.count("conversion_line");
    System.out.printf(
        Locale.ROOT,
        "Acknowledged (201) in all runs, warm-ups and the first sale included: %,d;"
            + " in the database: %,d conversions, %,d lines (%s)%n",
        acknowledged,
        conversions,
        lines,
        conversions == acknowledged && lines == 5 * acknowledged ? "equal" : "MISMATCH");
    if (conversions != acknowledged || lines != 5 * acknowledged) {
      clean = false;
    }
    Metrics end = Metrics.read(admin.http(), server.loopbackUrl());
    end.h2Syncs().ifPresent(System.out::println);
    end.h2File().ifPresent(System.out::println);
    System.out.println("By status, credit and customer status:");
    for (String row :
        database.rows(
            "SELECT status, attribution_key, customer_status, count(*) FROM conversion"
                + " GROUP BY status, attribution_key, customer_status ORDER BY 4 DESC")) {
      System.out.println("  " + row);
    }
    if (database.kind() == BenchDatabase.Kind.POSTGRES) {
      System.out.println(
          "PostgreSQL's table statistics (pg_stat_user_tables: sequential scans, rows they read,"
              + " index scans):");
      for (String row :
          database.rows(
              "SELECT relname, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables"
                  + " WHERE schemaname = current_schema() AND seq_tup_read > 0"
                  + " ORDER BY seq_tup_read DESC LIMIT 8")) {
        System.out.println("  " + row);
      }
    }
    if (withRules != null && withoutRules != null) {
      long expected =
          Long.parseLong(
              database
                  .rows(
                      "SELECT count(*) FROM conversion v JOIN programme g ON g.id = v.programme_id"
                          + " WHERE g.public_id = '"
                          + withRules.first().programmeId()
                          + "' AND v.partnership_id IS NOT NULL AND v.commissionable = TRUE")
                  .get(0));
      String[] commissions = commissionsOf(withRules.first().programmeId());
      String[] others = commissionsOf(withoutRules.first().programmeId());
      long count = Long.parseLong(commissions[0]);
      System.out.printf(
          Locale.ROOT,
          "Commissions on %s: %,d stored for %,d credited commissionable sales (%s); EUR %s in"
              + " all, %s of them zero; on the programme without rules: %s%n",
          withRules.first().programmeId(),
          count,
          expected,
          count == expected ? "equal" : "MISMATCH",
          Money.ofMinor(Long.parseLong(commissions[1]), CurrencyUnit.EUR).toDecimalString(),
          commissions[2],
          others[0]);
      if (count != expected || expected == 0 || !others[0].equals("0")) {
        clean = false;
      }
    }
    System.out.println(clean ? "Every acknowledged sale is stored." : "FAILED: see above.");
    System.out.println("Finished: " + Instant.now());
  }

  /** The command-line options. */
  private record Options(
      BenchDatabase.Kind db,
      int seconds,
      int warmUpSeconds,
      List<Integer> connections,
      int clicks,
      int rules,
      int customers,
      int advertisers,
      int writers,
      String heap,
      int settleSeconds,
      List<Integer> openRates,
      int openConnections,
      @Nullable Path jfr,
      boolean keep,
      boolean virtualThreads) {

    static Options parse(String[] args) {
      BenchDatabase.Kind db = BenchDatabase.Kind.H2;
      int seconds = 30;
      int warmUp = 10;
      List<Integer> connections = List.of(32, 64);
      int clicks = 5_000;
      int rules = 0;
      int customers = 20_000;
      int advertisers = 1;
      int writers = 0;
      String heap = "256m";
      int settle = 180;
      List<Integer> openRates = List.of();
      int openConnections = 512;
      Path jfr = null;
      boolean keep = false;
      boolean virtualThreads = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--db" -> db = BenchDatabase.Kind.parse(Args.value(args, ++i));
          case "--seconds" -> seconds = Args.number(args, ++i, 1);
          case "--warmup" -> warmUp = Args.number(args, ++i, 1);
          case "--connections" -> {
            List<Integer> list = new ArrayList<>();
            for (String c : Args.value(args, ++i).split(",", -1)) {
              list.add(Integer.parseInt(c.strip()));
            }
            connections = List.copyOf(list);
          }
          case "--clicks" -> clicks = Args.number(args, ++i, 1);
          case "--rules" -> rules = Args.number(args, ++i, 0);
          case "--customers" -> customers = Args.number(args, ++i, 1);
          case "--advertisers" -> advertisers = Args.number(args, ++i, 1);
          case "--writers" -> writers = Args.number(args, ++i, 1);
          case "--heap" -> heap = Args.value(args, ++i);
          case "--settle" -> settle = Args.number(args, ++i, 0);
          case "--open-rates" -> {
            List<Integer> list = new ArrayList<>();
            for (String rate : Args.value(args, ++i).split(",", -1)) {
              try {
                list.add(Integer.parseInt(rate.strip()));
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    "--open-rates takes sales per second, such as 2000,2500; not " + rate, e);
              }
              if (list.get(list.size() - 1) <= 0) {
                throw new IllegalArgumentException("--open-rates must be above 0: " + rate);
              }
            }
            openRates = List.copyOf(list);
          }
          case "--open-connections" -> openConnections = Args.number(args, ++i, 1);
          case "--jfr" -> jfr = Path.of(Args.value(args, ++i));
          case "--keep" -> keep = true;
          case "--client-threads" -> virtualThreads = Args.virtualThreads(args, ++i);
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
      if (jfr != null && Files.exists(jfr)) {
        throw new IllegalArgumentException(jfr + " exists already");
      }
      return new Options(
          db,
          seconds,
          warmUp,
          connections,
          clicks,
          rules,
          customers,
          advertisers,
          writers,
          heap,
          settle,
          openRates,
          openConnections,
          jfr,
          keep,
          virtualThreads);
    }
  }
}
