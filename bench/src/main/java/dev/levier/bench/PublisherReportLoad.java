package dev.levier.bench;

import dev.levier.money.CurrencyUnit;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The publisher report ({@code GET /api/v1/reports/publishers}) over millions of conversions in
 * PostgreSQL, as issue 7 sets its target: a 30-day per-publisher report answers within 200 ms at
 * p95 over 10 million conversions, read from the rollups, not from the raw events.
 *
 * <p>The network is set up through the API of a real {@code levier serve} (advertisers in several
 * currencies and time zones, one programme each, a draft rule set and an advertiser key each), then
 * the server is stopped and the bulk is seeded with set-based SQL in PostgreSQL: publishers,
 * partnerships, conversions spread over a year and over the partnerships with a Zipf-like skew (the
 * partnership of rank r gets a share proportional to 1/(r+1)), commissions for 90% of them
 * (approved once past the programme's validation period), and click roll-ups derived from the
 * sales. Then one {@code rollup_change} row per programme covering its whole year is recorded,
 * exactly as the migration that introduced the rollups does, and the server is started again: its
 * background refresher builds {@code sale_rollup}, and the time it takes is the first figure.
 *
 * <p>Then, after a warm-up, the 30-day report of one publisher (publishers drawn with the weight of
 * their conversions, 30-day windows drawn over the year, half the requests with the admin key and
 * half with the key of the advertiser of one of the publisher's programmes), one request at a time
 * and then from several concurrent clients; and the 30-day report of one programme grouped by
 * publisher. Latencies are measured by the client on loopback (HdrHistogram).
 *
 * <p>{@code java -cp bench/target/levier-bench.jar dev.levier.bench.PublisherReportLoad
 * [--conversions 10000000] [--publishers 2000] [--programmes 20] [--requests 2000] [--clients 8]
 * [--keep] [--reuse DIR]}; {@code --keep} keeps the seeded schema (seeding is slow) and prints the
 * {@code --reuse DIR} that measures it again.
 */
public final class PublisherReportLoad {
  private static final Path JAR = Path.of("app", "target", "levier.jar");
  private static final String STATE_FILE = "publisher-report-seed.properties";
  private static final LocalDate FIRST_DAY = LocalDate.parse("2025-11-01");
  private static final int DAYS = 365;
  private static final int WINDOW_DAYS = 30;
  private static final long ID_BASE = 1_000_000_000_000L;
  private static final int CHUNK = 1_000_000;
  private static final String[][] ADVERTISERS = {
    {"EUR", "Europe/Paris", "FR"},
    {"GBP", "Europe/London", "GB"},
    {"USD", "America/New_York", "US"},
    {"EUR", "Europe/Berlin", "DE"},
    {"CHF", "Europe/Zurich", "CH"},
    {"JPY", "Asia/Tokyo", "JP"},
    {"EUR", "Europe/Madrid", "ES"},
    {"USD", "America/Los_Angeles", "US"},
  };

  private PublisherReportLoad() {}

  record Options(
      int conversions,
      int publishers,
      int programmes,
      int requests,
      int warmup,
      int clients,
      boolean keep,
      boolean sqlRollups,
      @Nullable Path reuse) {
    static Options parse(String[] args) {
      int conversions = 10_000_000;
      int publishers = 2_000;
      int programmes = 20;
      int requests = 2_000;
      int warmup = 300;
      int clients = 8;
      boolean keep = false;
      boolean sqlRollups = false;
      Path reuse = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--conversions" -> conversions = Args.number(args, ++i, 1000);
          case "--publishers" -> publishers = Args.number(args, ++i, 10);
          case "--programmes" -> programmes = Args.number(args, ++i, 1);
          case "--requests" -> requests = Args.number(args, ++i, 1);
          case "--warmup" -> warmup = Args.number(args, ++i, 0);
          case "--clients" -> clients = Args.number(args, ++i, 0);
          case "--keep" -> keep = true;
          case "--sql-rollups" -> sqlRollups = true;
          case "--reuse" -> reuse = Path.of(Args.value(args, ++i));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(
          conversions, publishers, programmes, requests, warmup, clients, keep, sqlRollups, reuse);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options =
        Args.parseOrExit(
            args,
            Options::parse,
            "usage: PublisherReportLoad [--conversions N] [--publishers N] [--programmes N]"
                + " [--requests N] [--warmup N] [--clients N] [--sql-rollups] [--keep] [--reuse DIR]");
    run(options);
    System.exit(0);
  }

  private static void run(Options options) throws Exception {
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
          BenchDatabase.existing(BenchDatabase.Kind.POSTGRES, reuse, state.getProperty("schema"));
    } else {
      database = BenchDatabase.create(BenchDatabase.Kind.POSTGRES);
      if (options.keep()) {
        database.keepAll();
      }
    }
    try (database) {
      System.out.println("Database: " + database.describe());
      if (reuse == null) {
        setUp(database, state, options.programmes());
        seed(database, options);
        state.setProperty("schema", database.schema());
        state.setProperty("conversions", Integer.toString(options.conversions()));
        try (Writer out = Files.newBufferedWriter(database.workDir().resolve(STATE_FILE))) {
          state.store(out, "PublisherReportLoad: what the API set up");
        }
      }
      if (options.keep() || reuse != null) {
        System.out.println(
            "Reuse this database with: --reuse "
                + database.workDir()
                + " (delete the directory and DROP SCHEMA "
                + database.schema()
                + " CASCADE when done)");
      }
      measure(database, state, options);
    }
  }

  // ---------------------------------------------------------------- set-up through the API

  private static void setUp(BenchDatabase database, Properties state, int programmes)
      throws Exception {
    System.out.println("Setting up advertisers and programmes through the API ...");
    try (ServerProcess server =
            ServerProcess.start(JAR, "512m", database, database.workDir(), Map.of());
        ApiClient api = new ApiClient(server.loopbackUrl(), server.adminKey())) {
      for (int k = 0; k < programmes; k++) {
        String[] a = ADVERTISERS[k % ADVERTISERS.length];
        String advertiser =
            api.post(
                    "/api/v1/advertisers",
                    Map.of(
                        "name",
                        "Bench retailer " + k,
                        "country",
                        a[2],
                        "currency",
                        a[0],
                        "timeZone",
                        a[1]))
                .path("id")
                .asText();
        String programme =
            api.post(
                    "/api/v1/programmes",
                    Map.of(
                        "advertiserId",
                        advertiser,
                        "name",
                        "Bench programme " + k,
                        "landingUrl",
                        "https://shop" + k + ".bench.example/",
                        "allowedDomains",
                        List.of("shop" + k + ".bench.example"),
                        "attributionWindowDays",
                        30))
                .path("id")
                .asText();
        String ruleSet =
            api.post(
                    "/api/v1/programmes/" + programme + "/rulesets",
                    BenchRuleSets.apiBody(
                        "Bench rules",
                        BenchRuleSets.build(
                            programme,
                            1,
                            CurrencyUnit.of(a[0]),
                            ZoneId.of(a[1]),
                            RuleSetMemory.CATALOGUE,
                            k,
                            true)))
                .path("id")
                .asText();
        String key =
            api.post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", advertiser))
                .path("key")
                .asText();
        state.setProperty("programme." + k, String.join("|", advertiser, programme, ruleSet, key));
      }
      state.setProperty("programmes", Integer.toString(programmes));
    }
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE bench_programme (k INTEGER PRIMARY KEY, programme_id BIGINT NOT NULL,"
              + " advertiser_id BIGINT NOT NULL, currency CHAR(3) NOT NULL,"
              + " rule_set_id BIGINT NOT NULL)");
      for (int k = 0; k < programmes; k++) {
        String[] p = state.getProperty("programme." + k).split("\\|", -1);
        s.execute(
            "INSERT INTO bench_programme SELECT "
                + k
                + ", g.id, g.advertiser_id, g.currency, r.id FROM programme g"
                + " JOIN rule_set r ON r.programme_id = g.id WHERE g.public_id = '"
                + p[1]
                + "' AND r.public_id = '"
                + p[2]
                + "'");
      }
    }
  }

  // ---------------------------------------------------------------- seeding with SQL

  private static void seed(BenchDatabase database, Options options) throws SQLException {
    int publishers = options.publishers();
    int programmes = options.programmes();
    long started = System.nanoTime();
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
      s.execute("SET work_mem = '256MB'");
      s.execute("SET maintenance_work_mem = '512MB'");
      s.execute(
          "INSERT INTO publisher (public_id, name, type, country, payout_currency, websites,"
              + " version, created_at, updated_at)"
              + " SELECT 'pub_bench' || lpad(to_hex(n), 11, '0'), 'Bench publisher ' || n,"
              + " (ARRAY['cashback','voucher','content','influencer','comparison','email',"
              + "'subnetwork','search','app','other'])[1 + n % 10], 'FR', 'EUR', '[]', 1, now(),"
              + " now() FROM generate_series(1, "
              + publishers
              + ") n");
      // One to four programmes per publisher; one partnership in five in the group "premium".
      s.execute(
          "INSERT INTO partnership (public_id, programme_id, publisher_id, group_name, status,"
              + " version, created_at, updated_at)"
              + " SELECT 'ptn_bench' || lpad(to_hex(p.n * 8 + j), 11, '0'), b.programme_id,"
              + " u.id, CASE WHEN (p.n + j) % 5 = 0 THEN 'premium' END, 'approved', 1, now(),"
              + " now() FROM generate_series(1, "
              + publishers
              + ") p(n) CROSS JOIN generate_series(0, 3) j"
              + " JOIN publisher u ON u.public_id = 'pub_bench' || lpad(to_hex(p.n), 11, '0')"
              + " JOIN bench_programme b ON b.k = (p.n * 7 + j * 3) % "
              + programmes
              + " WHERE j <= p.n % 4 ON CONFLICT DO NOTHING");
      // Partnerships ranked in a shuffled order: rank r gets a share of sales ∝ 1 / (r + 1).
      s.execute(
          "CREATE TABLE bench_partnership AS SELECT (row_number() OVER (ORDER BY"
              + " md5(s.public_id)) - 1)::int AS rank, s.id AS partnership_id, s.programme_id,"
              + " s.publisher_id, b.advertiser_id, b.currency, b.rule_set_id"
              + " FROM partnership s JOIN bench_programme b ON b.programme_id = s.programme_id");
      s.execute("CREATE UNIQUE INDEX bench_partnership_rank ON bench_partnership (rank)");
      int partnerships;
      try (var r = s.executeQuery("SELECT count(*) FROM bench_partnership")) {
        r.next();
        partnerships = r.getInt(1);
      }
      System.out.printf(
          Locale.ROOT,
          "Seeded %d publishers and %d partnerships over %d programmes%n",
          publishers,
          partnerships,
          programmes);
      for (long first = 1; first <= options.conversions(); first += CHUNK) {
        long last = Math.min(options.conversions(), first + CHUNK - 1);
        long chunkStarted = System.nanoTime();
        s.execute(conversionInsert(first, last, partnerships));
        s.execute(commissionInsert(first, last));
        System.out.printf(
            Locale.ROOT,
            "  conversions %,d..%,d with their commissions in %.0f s%n",
            first,
            last,
            (System.nanoTime() - chunkStarted) / 1e9);
      }
      // Clicks are not stored raw here; their rollups follow the sales: ~40 clicks a sale.
      s.execute(
          "INSERT INTO click_rollup (partnership_id, occurred_quarter, programme_id,"
              + " publisher_id, clicks, valid_clicks)"
              + " SELECT partnership_id, occurred_quarter, MIN(programme_id), MIN(publisher_id),"
              + " count(*) * 40 + occurred_quarter % 7, count(*) * 36"
              + " FROM conversion WHERE id > "
              + ID_BASE
              + " GROUP BY partnership_id, occurred_quarter");
      if (options.sqlRollups()) {
        long built = System.nanoTime();
        s.execute("INSERT INTO sale_rollup " + SQL_ROLLUPS);
        System.out.printf(
            Locale.ROOT,
            "--sql-rollups: sale_rollup built by one INSERT ... SELECT in %.0f s%n",
            (System.nanoTime() - built) / 1e9);
      } else {
        // As the migration that made the rollups: every programme's whole history, rebuilt once.
        s.execute(
            "INSERT INTO rollup_change (programme_id, from_at, to_at)"
                + " SELECT programme_id, MIN(ordered_at), MAX(ordered_at) FROM conversion"
                + " GROUP BY programme_id");
      }
      s.execute("ANALYZE");
    }
    System.out.printf(
        Locale.ROOT,
        "Seeded %,d conversions (and commissions, click rollups) in %.0f s%n",
        options.conversions(),
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * What {@code SaleRollups.rebuild} writes for the seeded sales, as one set-based query: the
   * seeded conversions carry no journey (so no roles), and each commission has the publisher and
   * order time of its conversion. {@code --sql-rollups} builds the rollups with it instead of the
   * server's refresher, which takes about 2 ms a programme-quarter (BENCHMARKS.md records the check
   * that both give the same rows on a schema the refresher built).
   */
  static final String SQL_ROLLUPS =
      "SELECT v.programme_id, v.occurred_quarter, COALESCE(v.publisher_id, 0), v.currency,"
          + " count(*) FILTER (WHERE v.status <> 'cancelled'),"
          + " count(*) FILTER (WHERE v.status = 'cancelled'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled' AND v.customer_status = 'new'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled' AND v.customer_status = 'returning'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled' AND v.customer_status = 'lapsed'),"
          + " COALESCE(sum(v.total_minor) FILTER (WHERE v.status <> 'cancelled'), 0),"
          + " COALESCE(sum(v.net_minor) FILTER (WHERE v.status <> 'cancelled'), 0),"
          + " COALESCE(sum(GREATEST(0, v.lines_minor - v.net_minor))"
          + " FILTER (WHERE v.status <> 'cancelled'), 0),"
          + " COALESCE(sum(k.amount), 0), COALESCE(sum(k.fee), 0), 0, 0, 0,"
          + " count(*) FILTER (WHERE v.status <> 'cancelled'"
          + " AND v.ordered_at - v.attributed_at <= interval '1 hour'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled'"
          + " AND v.ordered_at - v.attributed_at > interval '1 hour'"
          + " AND v.ordered_at - v.attributed_at <= interval '1 day'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled'"
          + " AND v.ordered_at - v.attributed_at > interval '1 day'"
          + " AND v.ordered_at - v.attributed_at <= interval '7 days'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled'"
          + " AND v.ordered_at - v.attributed_at > interval '7 days'"
          + " AND v.ordered_at - v.attributed_at <= interval '30 days'),"
          + " count(*) FILTER (WHERE v.status <> 'cancelled'"
          + " AND v.ordered_at - v.attributed_at > interval '30 days')"
          + " FROM conversion v LEFT JOIN (SELECT conversion_id, SUM(amount_minor) AS amount,"
          + " SUM(COALESCE(fee_minor, 0)) AS fee FROM commission"
          + " WHERE status NOT IN ('declined', 'reversed') GROUP BY conversion_id) k"
          + " ON k.conversion_id = v.id WHERE v.id > "
          + ID_BASE
          + " GROUP BY v.programme_id, v.occurred_quarter, COALESCE(v.publisher_id, 0), v.currency";

  private static String conversionInsert(long first, long last, int partnerships) {
    return "INSERT INTO conversion (id, public_id, advertiser_id, programme_id, order_id, source,"
        + " trust, ordered_at, received_at, occurred_quarter, currency, total_minor, lines_minor,"
        + " net_minor, customer_ref, country, customer_status, customer_status_given,"
        + " attribution_key, attributed_at, partnership_id, publisher_id, commissionable, status,"
        + " attribution_notes, version, updated_at)"
        + " SELECT "
        + ID_BASE
        + " + x.i, 'cnv_bench' || lpad(to_hex(x.i), 11, '0'), b.advertiser_id, b.programme_id,"
        + " 'BENCH-' || x.i, 'api', 'high', x.at, x.at + interval '1 minute',"
        + " floor(extract(epoch FROM x.at) / 900)::bigint, b.currency, x.total, x.total,"
        + " CASE WHEN x.u < 0.05 THEN x.total / 2 ELSE x.total END, 'cust-' || (x.i % 3000017),"
        + " 'FR', CASE WHEN x.u < 0.40 THEN 'new' WHEN x.u < 0.85 THEN 'returning'"
        + " WHEN x.u < 0.95 THEN 'lapsed' END, FALSE, 'click_id',"
        + " x.at - x.lag * interval '1 second', b.partnership_id, b.publisher_id, TRUE,"
        + " CASE WHEN x.v < 0.04 THEN 'cancelled' ELSE 'pending' END, '', 1,"
        + " x.at + interval '1 minute'"
        + " FROM (SELECT i, LEAST("
        + (partnerships - 1)
        + ", floor(exp(random() * ln("
        + (partnerships + 1)
        + "))))::int - 1 AS rank, timestamptz '"
        + FIRST_DAY
        + "T00:00:00Z' + random() * interval '"
        + DAYS
        + " days' AS at, (500 + random() * 29500)::bigint AS total, random() AS u,"
        + " random() AS v, floor(exp(random() * 15))::bigint AS lag"
        + " FROM generate_series("
        + first
        + ", "
        + last
        + ") i) x JOIN bench_partnership b ON b.rank = GREATEST(x.rank, 0)";
  }

  private static String commissionInsert(long first, long last) {
    return "INSERT INTO commission (public_id, conversion_id, programme_id, partnership_id,"
        + " publisher_id, rule_set_id, rule_set_number, event, ordered_at, currency,"
        + " original_minor, amount_minor, clawback_minor, status, parts, version, created_at,"
        + " updated_at, fee_minor)"
        + " SELECT 'com_bench' || lpad(to_hex(v.id - "
        + ID_BASE
        + "), 11, '0'), v.id, v.programme_id, v.partnership_id, v.publisher_id, b.rule_set_id,"
        + " 1, 'sale', v.ordered_at, v.currency, v.total_minor * 5 / 100,"
        + " v.net_minor * 5 / 100, 0, CASE WHEN v.status = 'cancelled' THEN 'declined'"
        // Past the validation period a live server would have approved them: left pending, its
        // auto-approval approves millions at start, and reports wait for the rollups to follow.
        + " WHEN v.ordered_at >= now() - g.validation_days * interval '1 day' THEN 'pending'"
        + " ELSE 'approved' END, '[]', 1, v.received_at, v.received_at, v.total_minor / 100"
        + " FROM conversion v JOIN bench_programme b ON b.programme_id = v.programme_id"
        + " JOIN programme g ON g.id = v.programme_id"
        + " WHERE v.id BETWEEN "
        + (ID_BASE + first)
        + " AND "
        + (ID_BASE + last)
        + " AND v.id % 10 <> 0";
  }

  // ---------------------------------------------------------------- measuring

  /** A publisher with the keys that may read its report, drawn with the weight of its sales. */
  private record Target(String publisherId, String advertiserKey, long weight) {}

  private static void measure(BenchDatabase database, Properties state, Options options)
      throws Exception {
    System.out.println("Starting levier serve (its background refresher builds the rollups) ...");
    long pending = database.count("rollup_change");
    // A few keys drive all the load: lift their rate limit, which would otherwise answer 429 as
    // soon as reports come faster than 100 a second per key.
    try (ServerProcess server =
        ServerProcess.start(
            JAR,
            "1g",
            database,
            database.workDir(),
            Map.of("LEVIER_HTTP_RATE_LIMIT", "1000000", "LEVIER_HTTP_RATE_BURST", "1000000"))) {
      long started = System.nanoTime();
      if (pending > 0) {
        System.out.println("  " + pending + " rollup_change rows to build ...");
        while (database.count("rollup_change") > 0) {
          Thread.sleep(1000);
        }
        System.out.printf(
            Locale.ROOT,
            "Rollups built from %d rollup_change rows in %.0f s (after the server was ready);"
                + " sale_rollup has %,d rows, click_rollup %,d%n",
            pending,
            (System.nanoTime() - started) / 1e9,
            database.count("sale_rollup"),
            database.count("click_rollup"));
      } else {
        System.out.printf(
            Locale.ROOT,
            "Rollups already built: sale_rollup has %,d rows, click_rollup %,d%n",
            database.count("sale_rollup"),
            database.count("click_rollup"));
      }
      // Where autovacuum has caught up: the visibility map lets the report read its rollups from
      // the index alone. (A fresh seed, or statistics lost when PostgreSQL was not shut down
      // cleanly, leaves autovacuum nothing to go by.)
      long vacuumed = System.nanoTime();
      try (Connection c = database.connect();
          Statement s = c.createStatement()) {
        s.execute("VACUUM (ANALYZE) sale_rollup, click_rollup");
      }
      System.out.printf(
          Locale.ROOT,
          "VACUUM (ANALYZE) of the rollups: %.0f s%n",
          (System.nanoTime() - vacuumed) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "conversion: %,d rows, commission: %,d rows%n",
          database.count("conversion"),
          database.count("commission"));
      int programmes = Integer.parseInt(state.getProperty("programmes"));
      Map<String, String> keyOfAdvertiser = new java.util.HashMap<>();
      List<String[]> programmeRows = new ArrayList<>();
      for (int k = 0; k < programmes; k++) {
        String[] p = state.getProperty("programme." + k).split("\\|", -1);
        keyOfAdvertiser.put(p[0], p[3]);
        programmeRows.add(p);
      }
      List<Target> targets = new ArrayList<>();
      for (String row :
          database.rows(
              "SELECT u.public_id, MIN(a.public_id), SUM(s.conversions) FROM sale_rollup s"
                  + " JOIN publisher u ON u.id = s.publisher_id"
                  + " JOIN programme g ON g.id = s.programme_id"
                  + " JOIN advertiser a ON a.id = g.advertiser_id"
                  + " WHERE u.public_id LIKE 'pub_bench%' GROUP BY u.public_id")) {
        String[] cells = row.split(" \\| ", -1);
        targets.add(
            new Target(
                cells[0],
                java.util.Objects.requireNonNull(keyOfAdvertiser.get(cells[1])),
                Long.parseLong(cells[2])));
      }
      long[] cumulative = new long[targets.size()];
      long total = 0;
      for (int i = 0; i < targets.size(); i++) {
        total += targets.get(i).weight();
        cumulative[i] = total;
      }
      long weights = total;
      String base = server.loopbackUrl();
      String admin = server.adminKey();
      Request publisherReport =
          random -> {
            long pick = random.nextLong(weights);
            int i = java.util.Arrays.binarySearch(cumulative, pick + 1);
            Target t = targets.get(i >= 0 ? i : -i - 1);
            LocalDate from = FIRST_DAY.plusDays(random.nextInt(DAYS - WINDOW_DAYS + 1));
            String key = random.nextBoolean() ? admin : t.advertiserKey();
            return new String[] {
              base
                  + "/api/v1/reports/publishers?from="
                  + from
                  + "&to="
                  + from.plusDays(WINDOW_DAYS - 1)
                  + "&publisherId="
                  + t.publisherId(),
              key
            };
          };
      Request programmeReport =
          random -> {
            String[] p = programmeRows.get(random.nextInt(programmeRows.size()));
            LocalDate from = FIRST_DAY.plusDays(random.nextInt(DAYS - WINDOW_DAYS + 1));
            String key = random.nextBoolean() ? admin : p[3];
            return new String[] {
              base
                  + "/api/v1/reports/publishers?from="
                  + from
                  + "&to="
                  + from.plusDays(WINDOW_DAYS - 1)
                  + "&groupBy=publisher&programmeId="
                  + p[1],
              key
            };
          };
      System.out.printf(
          Locale.ROOT,
          "%d publishers with sales; %d warm-up requests, then %d measured, 30-day windows over"
              + " %s..%s%n",
          targets.size(),
          options.warmup(),
          options.requests(),
          FIRST_DAY,
          FIRST_DAY.plusDays(DAYS - 1));
      List<String> lines = new ArrayList<>();
      run(publisherReport, 1, options.warmup(), 1);
      lines.add(
          line(
              "30-day report of one publisher, 1 client",
              run(publisherReport, 1, options.requests(), 2)));
      if (options.clients() > 1) {
        lines.add(
            line(
                "30-day report of one publisher, " + options.clients() + " clients",
                run(publisherReport, options.clients(), options.requests(), 3)));
      }
      run(programmeReport, 1, Math.max(1, options.warmup() / 3), 4);
      int programmeRequests = Math.max(1, options.requests() / 4);
      lines.add(
          line(
              "30-day report of one programme by publisher, 1 client",
              run(programmeReport, 1, programmeRequests, 5)));
      System.out.println();
      System.out.println(
          "| report | requests | p50 ms | p95 ms | p99 ms | max ms | mean ms | rows (mean) |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      lines.forEach(System.out::println);
    }
  }

  /** The URL and key of one request, drawn with this random source. */
  private interface Request {
    String[] next(SplittableRandom random);
  }

  /** What one series of requests measured. */
  private record Result(Histogram latency, long requests, long rows) {}

  private static String line(String what, Result result) {
    Histogram h = result.latency();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |",
        what,
        result.requests(),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(95) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0,
        h.getMean() / 1000.0,
        result.requests() == 0 ? 0.0 : (double) result.rows() / result.requests());
  }

  /** {@code count} requests from {@code clients} clients, each on its own connection. */
  private static Result run(Request request, int clients, int count, long seed) throws Exception {
    Histogram latency = new Histogram(3_600_000_000L, 3);
    long[] rows = new long[1];
    if (count == 0) {
      return new Result(latency, 0, 0);
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < clients; t++) {
        int share = count / clients + (t < count % clients ? 1 : 0);
        SplittableRandom random = new SplittableRandom(seed * 1000 + t);
        done.add(
            pool.submit(
                () -> {
                  HttpClient http = HttpClient.newHttpClient();
                  Histogram mine = new Histogram(3_600_000_000L, 3);
                  long mineRows = 0;
                  for (int i = 0; i < share; i++) {
                    String[] next = request.next(random);
                    HttpRequest get =
                        HttpRequest.newBuilder(URI.create(next[0]))
                            .header("Authorization", "Bearer " + next[1])
                            .GET()
                            .build();
                    long start = System.nanoTime();
                    HttpResponse<String> response =
                        http.send(get, HttpResponse.BodyHandlers.ofString());
                    mine.recordValue((System.nanoTime() - start) / 1000);
                    if (response.statusCode() != 200) {
                      throw new IOException(
                          "GET "
                              + next[0]
                              + " answered "
                              + response.statusCode()
                              + ": "
                              + response.body());
                    }
                    mineRows += countRows(response.body());
                  }
                  synchronized (latency) {
                    latency.add(mine);
                    rows[0] += mineRows;
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return new Result(latency, count, rows[0]);
  }

  /** The rows of a report, counted by their {@code "period"} field. */
  private static int countRows(String body) {
    int n = 0;
    for (int i = body.indexOf("\"period\""); i >= 0; i = body.indexOf("\"period\"", i + 1)) {
      n++;
    }
    return n;
  }
}
