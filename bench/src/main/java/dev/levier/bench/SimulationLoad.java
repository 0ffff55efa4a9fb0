package dev.levier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.commission.CommissionEngine;
import dev.levier.commission.LineCommission;
import dev.levier.commission.RuleSet;
import dev.levier.commission.SaleCommission;
import dev.levier.commission.SaleFacts;
import dev.levier.conversion.CategoryPath;
import dev.levier.conversion.CustomerStatus;
import dev.levier.conversion.OrderLine;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.network.WireEnum;
import dev.levier.tracking.DeviceType;
import dev.levier.tracking.RandomIds;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The what-if simulation over a large history (issue 5: one million stored conversions, streamed
 * with a heap under 256 MB, in under 60 s).
 *
 * <p>Prepares a database (H2 in a directory, or a PostgreSQL schema): starts {@code levier serve}
 * once, which creates the schema, and through the API makes an advertiser, a programme, 40
 * publishers of every type with approved partnerships, a coupon and a link for each, a published
 * rule set of 100 rules ({@link BenchRuleSets}: the mix of {@link CommissionBenchmark} with two CEL
 * expressions, in effect since before the period) and a draft of the same rules at other rates. It
 * posts two real sales, one credited by a click and one by a coupon, and reads back how intake
 * stored them (source, trust, attribution key and notes, the click's columns), which the seeded
 * rows copy. Then it stops the server.
 *
 * <p>It then inserts the conversions directly, with JDBC batches, column by column as {@code
 * ConversionStore}, {@code ClickJournal} and {@code CommissionStore} write them: ids from the
 * sequences in their blocks, unique public ids, one order every 15 s from 2026-01-01 on, 1 to 5
 * lines each, three in four credited by a click (whose row is inserted too) and one in four by the
 * publisher's coupon, all commissionable and pending, each with its commission computed by the
 * published rule set in this process, parts and explanations included, as intake stores it. Each
 * chunk of sales is one transaction, and order ids are numbered, so an interrupted seeding resumes
 * where it stopped ({@code --keep}, then {@code --reuse DIR}). Click roll-ups, customers and
 * identity links are not seeded: the simulation does not read them.
 *
 * <p>Finally it runs {@code levier rules simulate --rule-set <draft> --json} over the whole period
 * from the built jar in a child JVM with {@code -Xmx256m}, as an operator would, and measures its
 * wall time, CPU time and resident memory ({@code /usr/bin/time -v}) and its heap from its GC log
 * ({@code -Xlog:gc}). Completing without {@code OutOfMemoryError} shows the heap bound; the GC log
 * gives the largest heap in use when a collection started. For scale, the simulator's query alone
 * is also streamed through JDBC in this process. The program checks the simulation's count of sales
 * and its "before" (what the stored commissions add up to) against SQL.
 *
 * <p>Run by hand: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.SimulationLoad
 * [--db h2|postgres] [--conversions 1000000] [--heap 256m] [--runs 1] [--chunk 2000] [--keep]
 * [--reuse DIR] [--jfr FILE]} ({@code --runs 0} seeds only; {@code --jfr} profiles the first run).
 * Exits with 1 if the simulation failed or its figures do not match the database.
 */
public final class SimulationLoad {
  private static final Path JAR = Path.of("app", "target", "levier.jar");
  private static final Path TIME = Path.of("/usr/bin/time");
  private static final String STATE_FILE = "simulation-seed.properties";
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final int SPACING_SECONDS = 15;
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final CurrencyUnit EUR = CurrencyUnit.EUR;
  private static final int PUBLISHERS = 40;
  private static final int RULES = 100;
  private static final String ORDER_PREFIX = "SIM-";
  private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final DeviceType[] DEVICES = {
    DeviceType.DESKTOP, DeviceType.MOBILE, DeviceType.MOBILE, DeviceType.TABLET
  };
  private static final Pattern TIME_FIELD = Pattern.compile("^\\s*([^:]+):\\s*(\\S+)\\s*$");

  /** The simulator's query (CommissionSimulator), streamed alone for comparison. */
  private static final String SIMULATOR_QUERY =
      "SELECT v.id, v.order_id, v.ordered_at, v.currency, v.total_minor, v.customer_status,"
          + " v.coupon_code, v.channel, v.country, v.attributed_click_id,"
          + " v.partnership_id, v.publisher_id, k.id AS commission_id, k.amount_minor,"
          + " l.sku, l.name, l.category, l.brand, l.quantity, l.unit_price_minor,"
          + " l.discount_minor, l.returned_quantity, l.returned_minor"
          + " FROM conversion v"
          + " LEFT JOIN commission k ON k.conversion_id = v.id AND k.status <> 'declined'"
          + " LEFT JOIN conversion_line l ON l.conversion_id = v.id"
          + " WHERE v.programme_id = ? AND v.occurred_quarter BETWEEN ? AND ?"
          + " AND v.ordered_at >= ? AND v.ordered_at < ? AND v.publisher_id IS NOT NULL"
          + " AND v.commissionable = TRUE AND v.status <> 'cancelled'"
          + " ORDER BY v.id, k.id, l.line_no";

  private SimulationLoad() {}

  public static void main(String[] args) throws Exception {
    Options options =
        Args.parseOrExit(
            args,
            Options::parse,
            "usage: SimulationLoad [--db h2|postgres] [--conversions N] [--heap 256m] [--runs N]"
                + " [--chunk N] [--keep] [--reuse DIR] [--jfr FILE]");
    System.exit(run(options) ? 0 : 1);
  }

  private static boolean run(Options options) throws Exception {
    Machine.print();
    Machine.warnAboutOtherWork();
    Properties state = new Properties();
    Path reuse = options.reuse();
    BenchDatabase database;
    if (reuse != null) {
      try (Reader in = Files.newBufferedReader(reuse.resolve(STATE_FILE))) {
        state.load(in);
      }
      database =
          BenchDatabase.existing(
              BenchDatabase.Kind.parse(state.getProperty("db")),
              reuse,
              state.getProperty("schema", ""));
    } else {
      database = BenchDatabase.create(options.db());
      if (options.keep()) {
        database.keepAll();
      }
    }
    try (database) {
      System.out.println("Database: " + database.describe());
      if (reuse == null) {
        setUp(database, state);
        state.setProperty("db", database.kind() == BenchDatabase.Kind.H2 ? "h2" : "postgres");
        state.setProperty("schema", database.schema());
        try (Writer out = Files.newBufferedWriter(database.workDir().resolve(STATE_FILE))) {
          state.store(out, "SimulationLoad: what the API set up");
        }
      }
      if (options.keep() || reuse != null) {
        System.out.println(
            "Reuse this database with: --reuse "
                + database.workDir()
                + " (delete the directory"
                + (database.kind() == BenchDatabase.Kind.POSTGRES
                    ? " and DROP SCHEMA " + database.schema() + " CASCADE"
                    : "")
                + " when done)");
      }
      Seeded seeded = Seeded.load(database, state);
      seed(database, seeded, options.conversions(), options.chunk());
      Instant to =
          FROM.plus(
              (options.conversions() * (long) SPACING_SECONDS + 86_399) / 86_400, ChronoUnit.DAYS);
      if (options.runs() == 0) {
        System.out.println("--runs 0: seeded only, nothing measured");
        return true;
      }
      return measure(database, seeded, options, to);
    }
  }

  // ---------------------------------------------------------------- set-up through the API

  private static void setUp(BenchDatabase database, Properties state) throws Exception {
    System.out.println("Setting up through the API (levier serve, then stopped) ...");
    try (ServerProcess server =
            ServerProcess.start(JAR, "512m", database, database.workDir(), Map.of());
        ApiClient api = new ApiClient(server.loopbackUrl(), server.adminKey())) {
      String advertiser =
          api.post(
                  "/api/v1/advertisers",
                  Map.of(
                      "name",
                      "Simulation Retailer",
                      "country",
                      "FR",
                      "currency",
                      "EUR",
                      "timeZone",
                      "Europe/Paris"))
              .path("id")
              .asText();
      String programme =
          api.post(
                  "/api/v1/programmes",
                  Map.of(
                      "advertiserId",
                      advertiser,
                      "name",
                      "Simulation programme",
                      "landingUrl",
                      "https://www.simulation.example/",
                      "allowedDomains",
                      List.of("simulation.example", "*.simulation.example"),
                      "attributionWindowDays",
                      30))
              .path("id")
              .asText();
      state.setProperty("advertiser", advertiser);
      state.setProperty("programme", programme);
      PublisherType[] types = PublisherType.values();
      for (int k = 0; k < PUBLISHERS; k++) {
        PublisherType type = types[k % types.length];
        String publisher =
            api.post(
                    "/api/v1/publishers",
                    Map.of(
                        "name",
                        "Simulation publisher " + k,
                        "type",
                        WireEnum.wireName(type),
                        "country",
                        "FR",
                        "payoutCurrency",
                        "EUR"))
                .path("id")
                .asText();
        Map<String, Object> invite = new LinkedHashMap<>();
        invite.put("programmeId", programme);
        invite.put("publisherId", publisher);
        invite.put("status", "approved");
        String group = k % 4 == 0 ? "premium" : "";
        if (!group.isEmpty()) {
          invite.put("group", group);
        }
        String partnership = api.post("/api/v1/partnerships", invite).path("id").asText();
        String coupon = "SIM" + k + "SAVE";
        api.post("/api/v1/coupons", Map.of("partnershipId", partnership, "code", coupon));
        String link =
            api.post("/api/v1/links", Map.of("partnershipId", partnership)).path("id").asText();
        state.setProperty(
            "partner." + k,
            String.join("|", partnership, publisher, WireEnum.wireName(type), group, coupon, link));
      }
      RuleSet published =
          BenchRuleSets.build(programme, RULES, EUR, PARIS, RuleSetMemory.CATALOGUE, 7, true);
      JsonNode created =
          api.post(
              "/api/v1/programmes/" + programme + "/rulesets",
              BenchRuleSets.apiBody("Published, 100 rules", published));
      String publishedId = created.path("id").asText();
      JsonNode publishedRow =
          check(
              api.postRaw(
                  "/api/v1/programmes/" + programme + "/rulesets/" + publishedId + "/publish",
                  ApiClient.JSON.writeValueAsBytes(
                      Map.of(
                          "version",
                          created.path("version").asInt(),
                          "effectiveFrom",
                          "2025-12-01T00:00:00Z"))),
              200);
      RuleSet draft =
          BenchRuleSets.build(programme, RULES, EUR, PARIS, RuleSetMemory.CATALOGUE, 8, true);
      String draftId =
          api.post(
                  "/api/v1/programmes/" + programme + "/rulesets",
                  BenchRuleSets.apiBody("Draft, the same rules at other rates", draft))
              .path("id")
              .asText();
      state.setProperty("published", publishedId);
      state.setProperty("draft", draftId);
      System.out.printf(
          Locale.ROOT,
          "Advertiser %s, programme %s, %d publishers; rule set %s published as number %d, draft"
              + " %s%n",
          advertiser,
          programme,
          PUBLISHERS,
          publishedId,
          publishedRow.path("publishedVersion").asInt(),
          draftId);
      templateSales(server, api, state, programme);
    }
    readTemplates(database, state);
  }

  /** Two real sales, one credited by a click and one by a coupon, for the seeded rows to copy. */
  private static void templateSales(
      ServerProcess server, ApiClient api, Properties state, String programme) throws Exception {
    String[] partner = state.getProperty("partner.1").split("\\|", -1);
    HttpResponse<Void> click =
        api.http()
            .send(
                HttpRequest.newBuilder(URI.create(server.loopbackUrl() + "/c/" + partner[5]))
                    .header("User-Agent", Wrk.USER_AGENT)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    String location = click.headers().firstValue("Location").orElse("");
    int at = location.indexOf("lvclid=");
    if (click.statusCode() != 302 || at < 0) {
      throw new IllegalStateException("the template click answered " + click.statusCode());
    }
    String clickId = location.substring(at + "lvclid=".length()).split("&", 2)[0];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Metrics.read(api.http(), server.loopbackUrl()).get(Metrics.JOURNALED) < 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the template click was not journaled within 30 s");
      }
      Thread.sleep(100);
    }
    // Order times are whole seconds: the order must not look older than its click.
    Thread.sleep(1_100);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    for (String kind : List.of("click", "coupon")) {
      Map<String, Object> sale = new LinkedHashMap<>();
      sale.put("programmeId", programme);
      sale.put("orderId", "TPL-" + kind);
      sale.put("orderedAt", now);
      sale.put("currency", "EUR");
      sale.put("total", "129.90");
      sale.put("customerRef", "C-TPL-" + kind);
      if (kind.equals("click")) {
        sale.put("clickId", clickId);
      } else {
        sale.put("couponCode", partner[4]);
      }
      sale.put(
          "lines",
          List.of(
              Map.of(
                  "sku",
                  "SKU-1",
                  "name",
                  "Item SKU-1",
                  "category",
                  "Electronics > Range 1 > Item",
                  "brand",
                  "Vega",
                  "quantity",
                  1,
                  "unitPrice",
                  "129.90")));
      api.post("/api/v1/conversions", sale);
    }
  }

  /** Reads back how intake stored the two template sales and the click. */
  private static void readTemplates(BenchDatabase database, Properties state) throws SQLException {
    try (Connection c = database.connect()) {
      for (String kind : List.of("click", "coupon")) {
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT v.source, v.trust, v.attribution_key, v.attribution_notes,"
                    + " v.attributed_click_id, v.commissionable, v.partnership_id,"
                    + " (SELECT count(*) FROM commission k WHERE k.conversion_id = v.id) AS k"
                    + " FROM conversion v WHERE v.order_id = ?")) {
          s.setString(1, "TPL-" + kind);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              throw new IllegalStateException("the template sale by " + kind + " is not stored");
            }
            if (!r.getBoolean("commissionable") || r.getLong("k") != 1) {
              throw new IllegalStateException(
                  "the template sale by "
                      + kind
                      + " is not commissionable with one commission: "
                      + r.getBoolean("commissionable")
                      + ", "
                      + r.getLong("k")
                      + " commissions");
            }
            state.setProperty(kind + ".source", r.getString("source"));
            state.setProperty(kind + ".trust", r.getString("trust"));
            state.setProperty(kind + ".key", r.getString("attribution_key"));
            state.setProperty(kind + ".notes", r.getString("attribution_notes"));
            state.setProperty(
                kind + ".clickCredited",
                Boolean.toString(r.getString("attributed_click_id") != null));
            System.out.printf(
                Locale.ROOT,
                "Template sale by %s, as intake stored it: source %s, trust %s, key %s, credited"
                    + " click %s, notes %s; 1 commission%n",
                kind,
                r.getString("source"),
                r.getString("trust"),
                r.getString("attribution_key"),
                r.getString("attributed_click_id"),
                r.getString("attribution_notes"));
          }
        }
      }
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT referrer, user_agent, ip_truncated, country, flags FROM click"
                      + " ORDER BY id DESC LIMIT 1")) {
        if (!r.next()) {
          throw new IllegalStateException("the template click is not stored");
        }
        for (String column :
            List.of("referrer", "user_agent", "ip_truncated", "country", "flags")) {
          String value = r.getString(column);
          if (value != null) {
            state.setProperty("clickRow." + column, value);
          }
        }
        System.out.printf(
            Locale.ROOT,
            "Template click: user agent %s, ip %s, country %s, flags '%s'%n",
            r.getString("user_agent"),
            r.getString("ip_truncated"),
            r.getString("country"),
            r.getString("flags"));
      }
    }
  }

  private static JsonNode check(HttpResponse<byte[]> response, int expected) throws IOException {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          "answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return ApiClient.JSON.readTree(response.body());
  }

  // ---------------------------------------------------------------- seeding with JDBC

  /** A partnership as the seeding needs it: public ids, rows and what rules read. */
  private record Partner(
      String publisherId,
      PublisherType type,
      @Nullable String group,
      String coupon,
      long partnershipRow,
      long publisherRow,
      long linkRow) {}

  /** What the set-up made, with the rows of the database. */
  private record Seeded(
      Properties state,
      String programmeId,
      long advertiserRow,
      long programmeRow,
      long publishedRow,
      int publishedNumber,
      List<Partner> partners) {

    static Seeded load(BenchDatabase database, Properties state) throws SQLException {
      try (Connection c = database.connect()) {
        String programme = state.getProperty("programme");
        long[] programmeRows = rows(c, "SELECT id, advertiser_id FROM programme", programme);
        long[] ruleSet = rows(c, "SELECT id, number FROM rule_set", state.getProperty("published"));
        List<Partner> partners = new ArrayList<>();
        for (int k = 0; k < PUBLISHERS; k++) {
          String[] p = state.getProperty("partner." + k).split("\\|", -1);
          long[] partnership = rows(c, "SELECT id, publisher_id FROM partnership", p[0]);
          partners.add(
              new Partner(
                  p[1],
                  WireEnum.parse(PublisherType.class, p[2]).orElseThrow(),
                  p[3].isEmpty() ? null : p[3],
                  p[4],
                  partnership[0],
                  partnership[1],
                  rows(c, "SELECT id, id FROM link", p[5])[0]));
        }
        return new Seeded(
            state,
            programme,
            programmeRows[1],
            programmeRows[0],
            ruleSet[0],
            (int) ruleSet[1],
            List.copyOf(partners));
      }
    }

    private static long[] rows(Connection c, String select, String publicId) throws SQLException {
      try (PreparedStatement s = c.prepareStatement(select + " WHERE public_id = ?")) {
        s.setString(1, publicId);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw new IllegalStateException(publicId + " is not in the database");
          }
          return new long[] {r.getLong(1), r.getLong(2)};
        }
      }
    }

    String text(String key) {
      String value = state.getProperty(key);
      if (value == null) {
        throw new IllegalStateException(key + " is missing from " + STATE_FILE);
      }
      return value;
    }
  }

  /** Ids handed out from a sequence in blocks, as the application takes them. */
  private static final class Block {
    private final String sql;
    private final long size;
    private long next;
    private long last = -1;

    Block(String sql, long size) {
      this.sql = sql;
      this.size = size;
    }

    long next(Connection c) throws SQLException {
      if (next > last) {
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery(sql)) {
          r.next();
          next = r.getLong(1);
          last = next + size - 1;
        }
      }
      return next++;
    }
  }

  private static void seed(BenchDatabase database, Seeded seeded, int target, int chunk)
      throws SQLException {
    RuleSet rules =
        BenchRuleSets.build(
            seeded.programmeId(), RULES, EUR, PARIS, RuleSetMemory.CATALOGUE, 7, true);
    CommissionEngine engine =
        CommissionEngine.compile(
            new RuleSet(
                rules.programmeId(),
                seeded.publishedNumber(),
                rules.currency(),
                rules.zone(),
                rules.resolution(),
                rules.rules(),
                rules.caps()));
    try (Connection c = database.connectForBulk()) {
      long done;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT count(*) FROM conversion WHERE programme_id = ? AND order_id LIKE ?")) {
        s.setLong(1, seeded.programmeRow());
        s.setString(2, ORDER_PREFIX + "%");
        try (ResultSet r = s.executeQuery()) {
          r.next();
          done = r.getLong(1);
        }
      }
      if (done >= target) {
        System.out.printf(Locale.ROOT, "Seeded already: %,d conversions%n", done);
        return;
      }
      System.out.printf(
          Locale.ROOT,
          "Seeding conversions %,d to %,d with JDBC batches of %,d sales a transaction ...%n",
          done,
          target,
          chunk);
      c.setAutoCommit(false);
      Block conversionIds = new Block(database.nextValueSql("conversion_id_seq"), 1_000);
      Block clickIds = new Block(database.nextValueSql("click_id_seq"), 10_000);
      long salt = new SplittableRandom().nextLong() & ((1L << 40) - 1);
      long started = System.nanoTime();
      long lastReport = started;
      try (PreparedStatement clicks = c.prepareStatement(CLICK_INSERT);
          PreparedStatement conversions = c.prepareStatement(CONVERSION_INSERT);
          PreparedStatement lines = c.prepareStatement(LINE_INSERT);
          PreparedStatement commissions = c.prepareStatement(COMMISSION_INSERT)) {
        Batches batches =
            new Batches(c, conversionIds, clickIds, clicks, conversions, lines, commissions);
        for (long from = done; from < target; from += chunk) {
          long end = Math.min(target, from + chunk);
          for (long i = from; i < end; i++) {
            add(batches, seeded, engine, i, salt);
          }
          clicks.executeBatch();
          conversions.executeBatch();
          lines.executeBatch();
          commissions.executeBatch();
          c.commit();
          long now = System.nanoTime();
          if (now - lastReport > TimeUnit.SECONDS.toNanos(30) || end == target) {
            lastReport = now;
            System.out.printf(
                Locale.ROOT,
                "  %,d conversions stored, %,.0f a second%n",
                end,
                (end - done) / ((now - started) / 1e9));
          }
        }
      }
      c.setAutoCommit(true);
      System.out.println("Updating the tables' statistics ...");
      try (Statement s = c.createStatement()) {
        if (database.kind() == BenchDatabase.Kind.POSTGRES) {
          for (String table : List.of("click", "conversion", "conversion_line", "commission")) {
            s.execute("VACUUM ANALYZE " + table);
          }
        } else {
          s.execute("ANALYZE");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "Seeded %,d conversions in %.0f s%n",
          target - done,
          (System.nanoTime() - started) / 1e9);
    }
  }

  private static final String CLICK_INSERT =
      "INSERT INTO click (id, secret, occurred_at, occurred_quarter, link_id, partnership_id,"
          + " publisher_id, programme_id, advertiser_id, sub1, sub2, sub3, sub4, sub5, visitor_id,"
          + " device, country, referrer, user_agent, ip_truncated, deep_link, commissionable,"
          + " flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, ?,"
          + " ?, ?, NULL, TRUE, ?)";
  private static final String CONVERSION_INSERT =
      "INSERT INTO conversion (id, public_id, advertiser_id, programme_id, order_id, source, trust,"
          + " ordered_at, received_at, occurred_quarter, currency, total_minor, lines_minor,"
          + " net_minor, customer_ref, email_hash, visitor_id, click_ref, coupon_code, channel,"
          + " country, customer_status, customer_status_given, attribution_key,"
          + " attributed_click_id, attributed_at, partnership_id, publisher_id, commissionable,"
          + " status, attribution_notes, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, 'EUR', ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'FR', ?, FALSE, ?, ?, ?, ?, ?, TRUE,"
          + " 'pending', ?, 1, ?)";
  private static final String LINE_INSERT =
      "INSERT INTO conversion_line (conversion_id, line_no, sku, name, category, brand, quantity,"
          + " unit_price_minor, discount_minor, returned_quantity, returned_minor)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)";
  private static final String COMMISSION_INSERT =
      "INSERT INTO commission (public_id, conversion_id, programme_id, partnership_id,"
          + " publisher_id, rule_set_id, rule_set_number, event, ordered_at, currency,"
          + " amount_minor, status, parts, version, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, 'sale', ?, 'EUR', ?, 'pending', ?, 1, ?, ?)";

  /** The statements of one seeding and where its ids come from. */
  private record Batches(
      Connection c,
      Block conversionIds,
      Block clickIds,
      PreparedStatement clicks,
      PreparedStatement conversions,
      PreparedStatement lines,
      PreparedStatement commissions) {}

  /** Adds sale {@code i} (the same sale for the same i) to the batches. */
  private static void add(
      Batches batches, Seeded seeded, CommissionEngine engine, long i, long salt)
      throws SQLException {
    Connection c = batches.c();
    Block conversionIds = batches.conversionIds();
    Block clickIds = batches.clickIds();
    PreparedStatement clicks = batches.clicks();
    PreparedStatement conversions = batches.conversions();
    PreparedStatement lineRows = batches.lines();
    PreparedStatement commissions = batches.commissions();
    SplittableRandom random = new SplittableRandom(0x5EED_0000_0000L ^ (i * 0x9E3779B97F4A7C15L));
    Instant ordered = FROM.plusSeconds(i * SPACING_SECONDS + random.nextInt(SPACING_SECONDS));
    Instant received = ordered.plusSeconds(1 + random.nextInt(20));
    double d = random.nextDouble();
    Partner partner = seeded.partners().get((int) (PUBLISHERS * d * d));
    boolean byCoupon = random.nextInt(4) == 0;
    String kind = byCoupon ? "coupon" : "click";
    int draw = random.nextInt(10);
    CustomerStatus status =
        draw < 3
            ? CustomerStatus.NEW
            : draw < 8 ? CustomerStatus.RETURNING : draw < 9 ? CustomerStatus.LAPSED : null;
    List<OrderLine> lines = new ArrayList<>(5);
    int count = 1 + random.nextInt(5);
    long sum = 0;
    for (int n = 0; n < count; n++) {
      String top = RuleSetMemory.TOP.get(random.nextInt(RuleSetMemory.TOP.size()));
      String sku = "SKU-" + random.nextInt(5_000);
      int quantity = 1 + (random.nextInt(10) < 7 ? 0 : random.nextInt(3));
      long price = 500L + random.nextInt(60_000);
      long discount = random.nextInt(10) == 0 ? price * quantity / 10 : 0;
      lines.add(
          OrderLine.of(
              sku,
              "Item " + sku,
              CategoryPath.of(top, "Range " + random.nextInt(6), "Item"),
              RuleSetMemory.BRANDS.get(random.nextInt(RuleSetMemory.BRANDS.size())),
              quantity,
              Money.ofMinor(price, EUR),
              Money.ofMinor(discount, EUR)));
      sum += price * quantity - discount;
    }
    long total = sum + (sum >= 6_000 ? 0 : 490);
    DeviceType clickDevice = DEVICES[random.nextInt(DEVICES.length)];
    DeviceType device = byCoupon ? null : clickDevice;
    String customer = "C-" + random.nextInt(200_000);

    long row = conversionIds.next(c);
    String clickId = null;
    String visitorId = null;
    Instant touched = ordered;
    if (!byCoupon) {
      long clickRow = clickIds.next(c);
      clickId = RandomIds.clickId(clickRow);
      touched = ordered.minusSeconds(60 + random.nextInt(86_400));
      visitorId = RandomIds.visitorId(touched.toEpochMilli());
      int k = 1;
      clicks.setLong(k++, clickRow);
      clicks.setString(k++, RandomIds.clickSecret(clickId));
      clicks.setObject(k++, utc(touched));
      clicks.setLong(k++, quarter(touched));
      clicks.setLong(k++, partner.linkRow());
      clicks.setLong(k++, partner.partnershipRow());
      clicks.setLong(k++, partner.publisherRow());
      clicks.setLong(k++, seeded.programmeRow());
      clicks.setLong(k++, seeded.advertiserRow());
      clicks.setString(k++, visitorId);
      clicks.setString(k++, WireEnum.wireName(clickDevice));
      text(clicks, k++, seeded.state().getProperty("clickRow.country"));
      text(clicks, k++, seeded.state().getProperty("clickRow.referrer"));
      text(clicks, k++, seeded.state().getProperty("clickRow.user_agent"));
      text(clicks, k++, seeded.state().getProperty("clickRow.ip_truncated"));
      clicks.setString(k, seeded.state().getProperty("clickRow.flags", ""));
      clicks.addBatch();
    }

    int k = 1;
    conversions.setLong(k++, row);
    conversions.setString(k++, publicId("cnv", salt, i));
    conversions.setLong(k++, seeded.advertiserRow());
    conversions.setLong(k++, seeded.programmeRow());
    conversions.setString(k++, String.format(Locale.ROOT, "%s%09d", ORDER_PREFIX, i));
    conversions.setString(k++, seeded.text(kind + ".source"));
    conversions.setString(k++, seeded.text(kind + ".trust"));
    conversions.setObject(k++, utc(ordered));
    conversions.setObject(k++, utc(received));
    conversions.setLong(k++, quarter(ordered));
    conversions.setLong(k++, total);
    conversions.setLong(k++, sum);
    conversions.setLong(k++, sum);
    conversions.setString(k++, customer);
    conversions.setNull(k++, Types.CHAR);
    text(conversions, k++, visitorId);
    text(conversions, k++, clickId);
    text(conversions, k++, byCoupon ? partner.coupon() : null);
    text(conversions, k++, status == null ? null : WireEnum.wireName(status));
    conversions.setString(k++, seeded.text(kind + ".key"));
    text(
        conversions,
        k++,
        Boolean.parseBoolean(seeded.text(kind + ".clickCredited")) ? clickId : null);
    conversions.setObject(k++, utc(touched));
    conversions.setLong(k++, partner.partnershipRow());
    conversions.setLong(k++, partner.publisherRow());
    conversions.setString(k++, seeded.text(kind + ".notes"));
    conversions.setObject(k, utc(received));
    conversions.addBatch();

    for (int n = 0; n < lines.size(); n++) {
      OrderLine line = lines.get(n);
      lineRows.setLong(1, row);
      lineRows.setInt(2, n + 1);
      lineRows.setString(3, line.sku());
      lineRows.setString(4, line.name());
      lineRows.setString(5, String.valueOf(line.category()));
      text(lineRows, 6, line.brand());
      lineRows.setInt(7, line.quantity());
      lineRows.setLong(8, line.unitPrice().minor());
      lineRows.setLong(9, line.discount().minor());
      lineRows.addBatch();
    }

    SaleFacts facts =
        SaleFacts.builder(
                ordered, PARIS, Money.ofMinor(sum, EUR), partner.publisherId(), partner.type())
            .customerStatus(status)
            .coupon(byCoupon ? partner.coupon() : null, byCoupon)
            .group(partner.group())
            .country(CountryCode.of("FR"))
            .device(device)
            .build();
    SaleCommission computed = engine.evaluateSale(facts, lines);
    k = 1;
    commissions.setString(k++, publicId("com", salt, i));
    commissions.setLong(k++, row);
    commissions.setLong(k++, seeded.programmeRow());
    commissions.setLong(k++, partner.partnershipRow());
    commissions.setLong(k++, partner.publisherRow());
    commissions.setLong(k++, seeded.publishedRow());
    commissions.setInt(k++, seeded.publishedNumber());
    commissions.setObject(k++, utc(ordered));
    commissions.setLong(k++, computed.total().minor());
    commissions.setString(k++, partsJson(computed));
    commissions.setObject(k++, utc(received));
    commissions.setObject(k, utc(received));
    commissions.addBatch();
  }

  /** The parts as {@code CommissionStore} writes them ({@code StoredCommission.Part}). */
  private static String partsJson(SaleCommission computed) {
    List<Map<String, Object>> parts = new ArrayList<>(computed.parts().size());
    for (LineCommission line : computed.parts()) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("line", line.lineNo());
      part.put("ruleId", line.ruleId());
      part.put("ruleName", line.ruleName());
      part.put("held", line.held());
      part.put("basis", line.basis());
      part.put("base", line.base().toDecimalString());
      part.put("uncapped", line.uncapped().toDecimalString());
      part.put("amount", line.amount().toDecimalString());
      part.put("capNote", line.capNote());
      part.put("explanation", line.explain());
      parts.add(part);
    }
    try {
      return ApiClient.JSON.writeValueAsString(parts);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A public id of the application's shape (prefix, 16 base-32 characters) that no other sale of
   * any seeding shares: 40 bits of this seeding's salt, then a bijection of the sale's number.
   */
  private static String publicId(String prefix, long salt, long i) {
    StringBuilder id = new StringBuilder(prefix.length() + 17).append(prefix).append('_');
    appendBase32(id, salt);
    appendBase32(id, (i * 0x9E3779B97L) & ((1L << 40) - 1));
    return id.toString();
  }

  private static void appendBase32(StringBuilder out, long fortyBits) {
    for (int shift = 35; shift >= 0; shift -= 5) {
      out.append(BASE32[(int) ((fortyBits >>> shift) & 31)]);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static long quarter(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), 900);
  }

  private static void text(PreparedStatement s, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  // ---------------------------------------------------------------- measuring

  /** What SQL says the simulation must find. */
  private record Expected(long conversions, long lines, long beforeMinor) {}

  private static Expected expected(BenchDatabase database, Seeded seeded, Instant to)
      throws SQLException {
    String where =
        " WHERE v.programme_id = ? AND v.ordered_at >= ? AND v.ordered_at < ?"
            + " AND v.publisher_id IS NOT NULL AND v.commissionable = TRUE"
            + " AND v.status <> 'cancelled'";
    try (Connection c = database.connect()) {
      long conversions = single(c, "SELECT count(*) FROM conversion v" + where, seeded, to);
      long lines =
          single(
              c,
              "SELECT count(*) FROM conversion_line l JOIN conversion v ON v.id = l.conversion_id"
                  + where,
              seeded,
              to);
      long before =
          single(
              c,
              "SELECT coalesce(sum(k.amount_minor), 0) FROM commission k"
                  + " JOIN conversion v ON v.id = k.conversion_id"
                  + where
                  + " AND k.status <> 'declined'",
              seeded,
              to);
      return new Expected(conversions, lines, before);
    }
  }

  private static long single(Connection c, String sql, Seeded seeded, Instant to)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, seeded.programmeRow());
      s.setObject(2, utc(FROM));
      s.setObject(3, utc(to));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The simulator's query streamed through JDBC in this process: rows and seconds. */
  private static double[] queryAlone(BenchDatabase database, Seeded seeded, Instant to)
      throws SQLException {
    long started = System.nanoTime();
    long rows = 0;
    long sum = 0;
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(SIMULATOR_QUERY)) {
        s.setFetchSize(2_000);
        s.setLong(1, seeded.programmeRow());
        s.setLong(2, quarter(FROM));
        s.setLong(3, quarter(to));
        s.setObject(4, utc(FROM));
        s.setObject(5, utc(to));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            rows++;
            sum += r.getLong("unit_price_minor") + r.getString("sku").length();
          }
        }
      }
      c.commit();
    }
    return new double[] {rows, (System.nanoTime() - started) / 1e9, sum};
  }

  /** One run of the child JVM. */
  private record Run(
      int exit,
      double wallSeconds,
      double cpuSeconds,
      double maxRssMiB,
      double databaseCpuSeconds,
      List<GcLog.Pause> pauses,
      @Nullable JsonNode result,
      String problem) {}

  private static boolean measure(BenchDatabase database, Seeded seeded, Options options, Instant to)
      throws Exception {
    Expected expected = expected(database, seeded, to);
    System.out.printf(
        Locale.ROOT,
        "%nPeriod %s to %s: %,d attributed commissionable sales with %,d lines; their stored"
            + " commissions come to EUR %s%n",
        FROM,
        to,
        expected.conversions(),
        expected.lines(),
        Money.ofMinor(expected.beforeMinor(), EUR).toDecimalString());
    double[] alone = queryAlone(database, seeded, to);
    System.out.printf(
        Locale.ROOT,
        "The simulator's query alone, streamed through JDBC in this process: %,.0f rows in %.1f"
            + " s%n",
        alone[0],
        alone[1]);
    boolean clean = true;
    List<Run> runs = new ArrayList<>();
    for (int n = 1; n <= options.runs(); n++) {
      Run run = simulate(database, seeded, options.heap(), to, n, options.jfr());
      runs.add(run);
      boolean ok = check(run, expected);
      clean &= ok;
      System.out.printf(
          Locale.ROOT,
          "Run %d: exit %d, %.1f s wall, %.1f s CPU, max RSS %.0f MiB%s%n",
          n,
          run.exit(),
          run.wallSeconds(),
          run.cpuSeconds(),
          run.maxRssMiB(),
          ok ? "" : "; FAILED: " + run.problem());
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "levier rules simulate, %s, -Xmx%s, %,d sales (%,d lines) replayed under a 100-rule"
            + " draft:%n%n",
        database.kind() == BenchDatabase.Kind.H2 ? "H2" : "PostgreSQL",
        options.heap(),
        expected.conversions(),
        expected.lines());
    System.out.println(
        "| run | wall s | CPU s (JVM) | database CPU s | sales/s | heap at GC start, max MiB |"
            + " heap after GC, max MiB | GCs (full) | GC pauses ms | max RSS MiB | before EUR |"
            + " after EUR | checked |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|");
    for (int n = 0; n < runs.size(); n++) {
      Run run = runs.get(n);
      List<GcLog.Pause> pauses = run.pauses();
      JsonNode result = run.result();
      System.out.printf(
          Locale.ROOT,
          "| %d | %.1f | %.1f | %.1f | %,.0f | %.0f | %.0f | %d (%d) | %.0f | %.0f | %s | %s | %s"
              + " |%n",
          n + 1,
          run.wallSeconds(),
          run.cpuSeconds(),
          run.databaseCpuSeconds(),
          expected.conversions() / run.wallSeconds(),
          pauses.stream().mapToLong(GcLog.Pause::beforeBytes).max().orElse(0) / 1048576.0,
          pauses.stream().mapToLong(GcLog.Pause::afterBytes).max().orElse(0) / 1048576.0,
          pauses.size(),
          pauses.stream().filter(p -> p.kind().contains("Full")).count(),
          pauses.stream().mapToDouble(GcLog.Pause::pauseMillis).sum(),
          run.maxRssMiB(),
          result == null ? "-" : result.path("before").asText(),
          result == null ? "-" : result.path("after").asText(),
          run.problem().isEmpty() ? "yes" : "NO");
    }
    System.out.println();
    Path jfr = options.jfr();
    if (jfr != null && Files.exists(jfr)) {
      System.out.println("Profile of run 1 (JFR, settings=profile; its time is not a figure):");
      JfrSummary.summarize(jfr, null, 20, System.out);
      System.out.println();
    }
    JsonNode last = runs.isEmpty() ? null : runs.get(runs.size() - 1).result();
    if (last != null) {
      System.out.println("By publisher type (last run):");
      for (JsonNode type : last.path("byPublisherType")) {
        System.out.printf(
            Locale.ROOT,
            "  %-11s %,9d sales  before %14s  after %14s  change %14s%n",
            type.path("publisherType").asText(),
            type.path("conversions").asLong(),
            type.path("before").asText(),
            type.path("after").asText(),
            type.path("change").asText());
      }
    }
    System.out.println(
        clean
            ? "Every run completed, and its count and 'before' match the database."
            : "FAILED: see above.");
    System.out.println("Finished: " + Instant.now());
    return clean;
  }

  private static boolean check(Run run, Expected expected) {
    return run.problem().isEmpty()
        && run.result() != null
        && run.result().path("conversions").asLong() == expected.conversions()
        && run.result()
            .path("before")
            .asText()
            .equals(Money.ofMinor(expected.beforeMinor(), EUR).toDecimalString());
  }

  private static Run simulate(
      BenchDatabase database, Seeded seeded, String heap, Instant to, int n, @Nullable Path jfr)
      throws Exception {
    Path dir = database.workDir();
    Path gcLog = dir.resolve("simulate-" + n + "-gc.log");
    Path out = dir.resolve("simulate-" + n + ".json");
    Path err = dir.resolve("simulate-" + n + ".err");
    Files.deleteIfExists(gcLog);
    List<String> command = new ArrayList<>();
    boolean timed = Files.isExecutable(TIME);
    if (timed) {
      command.add(TIME.toString());
      command.add("-v");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(ServerProcess.launcherJvmFlags());
    command.add("-Xlog:gc:file=" + gcLog + ":uptimemillis");
    if (jfr != null && n == 1) {
      command.add("-XX:FlightRecorderOptions:stackdepth=256");
      command.add("-XX:StartFlightRecording:settings=profile,filename=" + jfr);
    }
    command.add("-jar");
    command.add(JAR.toString());
    command.add("rules");
    command.add("simulate");
    command.add("--programme");
    command.add(seeded.programmeId());
    command.add("--rule-set");
    command.add(seeded.text("draft"));
    command.add("--from");
    command.add(FROM.toString());
    command.add("--to");
    command.add(to.toString());
    command.add("--json");
    command.addAll(database.serveFlags());
    System.out.println("Run " + n + ": " + String.join(" ", command));
    // The backend serving the child ends with it, so the database's CPU is sampled while it runs.
    Map<Long, Long> dbStart = database.databaseCpuByProcess();
    Map<Long, Long> dbLatest = new java.util.concurrent.ConcurrentHashMap<>(dbStart);
    java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    java.util.concurrent.Future<?> sampling =
        sampler.scheduleAtFixedRate(
            () -> dbLatest.putAll(database.databaseCpuByProcess()),
            200,
            200,
            TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    process.getOutputStream().close();
    boolean ended = process.waitFor(30, TimeUnit.MINUTES);
    double wall = (System.nanoTime() - started) / 1e9;
    sampling.cancel(false);
    sampler.shutdown();
    sampler.awaitTermination(10, TimeUnit.SECONDS);
    dbLatest.putAll(database.databaseCpuByProcess());
    long dbNanos = 0;
    for (Map.Entry<Long, Long> backend : dbLatest.entrySet()) {
      dbNanos += backend.getValue() - dbStart.getOrDefault(backend.getKey(), 0L);
    }
    double dbSeconds = dbNanos / 1e9;
    if (!ended) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Map<String, String> time = new LinkedHashMap<>();
    for (String line : stderr.lines().toList()) {
      Matcher m = TIME_FIELD.matcher(line);
      if (m.find()) {
        time.put(m.group(1).strip(), m.group(2));
      }
    }
    double cpu =
        number(time.get("User time (seconds)")) + number(time.get("System time (seconds)"));
    double rss = number(time.get("Maximum resident set size (kbytes)")) / 1024;
    String problem = "";
    JsonNode result = null;
    int exit = ended ? process.exitValue() : -1;
    if (!ended) {
      problem = "did not end within 30 minutes";
    } else if (stderr.contains("OutOfMemoryError")) {
      problem = "OutOfMemoryError (see " + err + ")";
    } else if (exit != 0) {
      problem = "exit " + exit + " (see " + err + ")";
    } else {
      try {
        // The JSON is one line; JFR, when on, prints a line of its own before it.
        String json =
            Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{"))
                .findFirst()
                .orElse("");
        result = ApiClient.JSON.readTree(json);
      } catch (IOException e) {
        problem = "its output is not JSON: " + e.getMessage();
      }
    }
    return new Run(exit, wall, cpu, rss, dbSeconds, GcLog.read(gcLog), result, problem);
  }

  private static double number(@Nullable String text) {
    if (text == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** The command-line options. */
  private record Options(
      BenchDatabase.Kind db,
      int conversions,
      String heap,
      int runs,
      int chunk,
      boolean keep,
      @Nullable Path reuse,
      @Nullable Path jfr) {

    static Options parse(String[] args) {
      BenchDatabase.Kind db = BenchDatabase.Kind.H2;
      int conversions = 1_000_000;
      String heap = "256m";
      int runs = 1;
      int chunk = 2_000;
      boolean keep = false;
      Path reuse = null;
      Path jfr = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--db" -> db = BenchDatabase.Kind.parse(Args.value(args, ++i));
          case "--conversions" -> conversions = Args.number(args, ++i, 1);
          case "--heap" -> heap = Args.value(args, ++i);
          case "--runs" -> runs = Args.number(args, ++i, 0);
          case "--chunk" -> chunk = Args.number(args, ++i, 1);
          case "--keep" -> keep = true;
          case "--reuse" -> reuse = Path.of(Args.value(args, ++i));
          case "--jfr" -> jfr = Path.of(Args.value(args, ++i)).toAbsolutePath();
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
      if (reuse != null && !Files.isRegularFile(reuse.resolve(STATE_FILE))) {
        throw new IllegalArgumentException(reuse + " holds no " + STATE_FILE);
      }
      if (jfr != null && Files.exists(jfr)) {
        throw new IllegalArgumentException(jfr + " exists already");
      }
      return new Options(db, conversions, heap, runs, chunk, keep, reuse, jfr);
    }
  }
}
