package dev.levier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The click redirect under load, against nginx answering a fixed 302 in the same run (DESIGN.md
 * §9), with every click journaled.
 *
 * <p>Starts {@code levier serve --demo} from the built jar as its own process with a 256 MB heap
 * (H2 in a temporary directory, or a fresh PostgreSQL schema), makes a tracking link through the
 * API, and starts nginx with one worker answering {@code 302} to the same landing page with a click
 * id. Then:
 *
 * <ol>
 *   <li><b>Throughput</b>: wrk, one thread and 64 keep-alive connections, against nginx and against
 *       the tracking URL, alternating, for a bounded time each, after a warm-up of both. After each
 *       Levier run it reads {@code /metrics}: the clicks journaled must match the answers wrk
 *       counted (plus the few in flight when wrk stopped) and none may be refused, or the rate is
 *       not one of "every click journaled"; and the durability of clicks.
 *   <li><b>Latency at a fixed rate</b>: open-loop runs ({@link LoadGenerator}) at 10,000 clicks/s
 *       and at half of Levier's measured rate, latency from each request's intended send time,
 *       against nginx and then Levier.
 *   <li><b>Memory</b> (with {@code --memory-minutes}): a long open-loop run at a fixed rate, the
 *       heap after each collection followed in the server's GC log and sampled every 30 s, with a
 *       class histogram (a full collection) at the start and the end.
 * </ol>
 *
 * <p>By default every click comes from a new visitor (wrk sends no cookie), as the first click of
 * each visitor does; {@code --visitor returning} sends back the visitor cookie of a first click
 * with every request, which shows what the per-visitor state costs.
 *
 * <p>Run by hand: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.ClickLoad [--db
 * h2|postgres] [--seconds 30] [--warmup 10] [--rounds 3] [--open-rates 10000,half] [--open-seconds
 * N] [--memory-minutes N] [--memory-rate 10000] [--settle 180] [--jfr FILE] [--keep]}. Before
 * anything is measured, wrk drives Levier in 10-second chunks until its JIT compilers have gone
 * quiet ({@link JitSettle}, at most {@code --settle} seconds; 0 skips it). Exits with 1 if a click
 * went unrecorded or a request failed.
 */
public final class ClickLoad {
  private static final String HOST = "127.0.0.1";
  private static final Path JAR = Path.of("app", "target", "levier.jar");
  private static final int WRK_CONNECTIONS = 64;

  /** Issue 4's bound on a click's wait for the disk; one of the server's histogram buckets. */
  private static final double DURABILITY_BOUND_SECONDS = 0.2;

  private final Options options;
  private final ServerProcess server;
  private final ApiClient api;
  private final String linkPath;
  private boolean clean = true;

  /** With {@code --visitor returning}: {@code Cookie: lv_vid=...}, sent with every click. */
  private List<String> headers = List.of();

  private ClickLoad(Options options, ServerProcess server, ApiClient api, String linkPath) {
    this.options = options;
    this.server = server;
    this.api = api;
    this.linkPath = linkPath;
  }

  public static void main(String[] args) throws Exception {
    Options options =
        Args.parseOrExit(
            args,
            Options::parse,
            "usage: ClickLoad [--db h2|postgres] [--seconds N] [--warmup N] [--rounds N]"
                + " [--open-rates 10000,half] [--open-seconds N] [--open-connections N] [--memory-minutes N]"
                + " [--memory-rate N] [--sample-seconds N] [--heap 256m] [--visitor new|returning]"
                + " [--settle 180] [--jfr FILE] [--keep]");
    System.exit(run(options) ? 0 : 1);
  }

  private static boolean run(Options options) throws Exception {
    Machine.print();
    Machine.warnAboutOtherWork();
    try (BenchDatabase database = BenchDatabase.create(options.db())) {
      if (options.keep()) {
        database.keepFiles();
      }
      try (ServerProcess server =
              ServerProcess.start(JAR, options.heap(), database, database.workDir());
          ApiClient api = new ApiClient(server.loopbackUrl(), server.adminKey())) {
        System.out.printf(
            Locale.ROOT,
            "Levier: pid %d, %s, HTTP on %s, %s; log %s%n",
            server.pid(),
            ServerProcess.heapFlags(options.heap()),
            server.http(),
            database.describe(),
            server.log());
        JsonNode partnership =
            api.get("/api/v1/partnerships?status=approved&limit=1").path("data").path(0);
        JsonNode link =
            api.post("/api/v1/links", Map.of("partnershipId", partnership.path("id").asText()));
        String linkPath = "/c/" + link.path("id").asText();
        ClickLoad load = new ClickLoad(options, server, api, linkPath);
        String landing = load.checkOneClick();
        try (Nginx nginx = Nginx.start(database.workDir(), landing)) {
          System.out.printf(
              Locale.ROOT,
              "Tracking URL %s%s; nginx (one worker) on port %d answers 302 to %s%n%n",
              server.loopbackUrl(),
              linkPath,
              nginx.port(),
              landing);
          load.measure(nginx);
        }
        load.checkStored(database);
        return load.clean;
      }
    }
  }

  /** One click through the JDK client: a 302 with a click id, and what nginx will answer. */
  private String checkOneClick() throws IOException, InterruptedException {
    HttpResponse<Void> response =
        api.http()
            .send(
                HttpRequest.newBuilder(URI.create(server.loopbackUrl() + linkPath))
                    .header("User-Agent", Wrk.USER_AGENT)
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    String location = response.headers().firstValue("Location").orElse("");
    if (response.statusCode() != 302 || !location.contains("lvclid=")) {
      throw new IllegalStateException(
          "the tracking link answered " + response.statusCode() + " to " + location);
    }
    if (options.returningVisitor()) {
      String cookie = response.headers().firstValue("Set-Cookie").orElse("");
      headers = List.of("Cookie: " + cookie.substring(0, cookie.indexOf(';')));
      System.out.println("Every click comes back with " + headers.get(0));
    }
    // nginx answers the same landing page with a click id of the same length.
    int at = location.indexOf("lvclid=") + "lvclid=".length();
    int end = location.indexOf('&', at);
    String id = end < 0 ? location.substring(at) : location.substring(at, end);
    return location.substring(0, at)
        + "A".repeat(id.length())
        + (end < 0 ? "" : location.substring(end));
  }

  private void measure(Nginx nginx) throws IOException, InterruptedException {
    String nginxUrl = "http://" + HOST + ":" + nginx.port() + linkPath;
    String levierUrl = server.loopbackUrl() + linkPath;
    double levierRate = 0;
    JitSettle.untilQuiet(
        server,
        options.settleSeconds(),
        index -> {
          Wrk.Result result = Wrk.run(levierUrl, WRK_CONNECTIONS, 10, headers);
          check(result, "Levier (JIT warm-up)");
          return String.format(Locale.ROOT, "%,.0f req/s", result.rate());
        });
    waitForJournal();
    if (options.rounds() > 0) {
      System.out.printf(
          Locale.ROOT,
          "Warm-up: wrk %d s against nginx, then Levier (not counted)%n",
          options.warmUpSeconds());
      Wrk.run(nginxUrl, WRK_CONNECTIONS, options.warmUpSeconds(), headers);
      Wrk.run(levierUrl, WRK_CONNECTIONS, options.warmUpSeconds(), headers);
      waitForJournal();
      List<WrkRow> rows = new ArrayList<>();
      for (int round = 1; round <= options.rounds(); round++) {
        WrkRow baseline = wrkNginx(nginx, nginxUrl, round);
        rows.add(baseline);
        rows.add(wrkLevier(levierUrl, round, baseline.result().rate()));
      }
      printWrkTable(rows);
      levierRate =
          rows.stream()
              .filter(r -> r.target().equals("Levier"))
              .mapToDouble(r -> r.result().rate())
              .average()
              .orElse(0);
      if (options.jfr() != null) {
        profiledRun(levierUrl, options.jfr());
      }
    }
    if (options.openSeconds() > 0) {
      for (String rate : options.openRates()) {
        int openRate =
            rate.equals("half")
                ? (int) Math.round(levierRate / 2 / 100) * 100
                : Integer.parseInt(rate);
        if (openRate <= 0) {
          System.out.println("Open loop at half of Levier's rate skipped: no wrk rounds ran");
          continue;
        }
        openLoop(nginx, openRate);
      }
    }
    if (options.memoryMinutes() > 0) {
      int rate = options.memoryRate();
      if (levierRate > 0 && levierRate < rate) {
        System.out.printf(
            Locale.ROOT,
            "Memory run at %,d clicks/s, Levier's sustained rate, below the %,d asked%n",
            (int) levierRate,
            rate);
        rate = (int) levierRate;
      }
      memoryRun(rate);
    }
  }

  // ---------------------------------------------------------------- throughput (wrk)

  /** One wrk run and what the servers did meanwhile. */
  private record WrkRow(
      int round,
      String target,
      Wrk.Result result,
      long serverCpuNanos,
      long gcCpuNanos,
      double share,
      @Nullable ClickAccount account) {

    double serverMicrosPerRequest() {
      return serverCpuNanos / 1000.0 / Math.max(1, result.requests());
    }

    double gcMicrosPerRequest() {
      return gcCpuNanos / 1000.0 / Math.max(1, result.requests());
    }

    double serverCores() {
      return serverCpuNanos / 1e9 / result.seconds();
    }
  }

  /** What Levier's metrics and GC log say about one run. */
  private record ClickAccount(
      long journaled,
      long refused,
      long failed,
      long batches,
      double meanBatch,
      double meanDurableMillis,
      double p50,
      double p99,
      double p999,
      String slowest,
      long overBound,
      double meanWriteMillis,
      double maxWriteMillis,
      String gc,
      double heapAfterLastGcMiB) {}

  private WrkRow wrkNginx(Nginx nginx, String url, int round)
      throws IOException, InterruptedException {
    long cpu = nginx.workerCpuNanos();
    Wrk.Result result = Wrk.run(url, WRK_CONNECTIONS, options.seconds(), headers);
    long used = nginx.workerCpuNanos() - cpu;
    check(result, "nginx");
    System.out.printf(Locale.ROOT, "round %d  nginx   %,10.0f req/s%n", round, result.rate());
    return new WrkRow(round, "nginx", result, used, 0, 1.0, null);
  }

  private WrkRow wrkLevier(String url, int round, double baselineRate)
      throws IOException, InterruptedException {
    Metrics before = Metrics.read(api.http(), server.loopbackUrl());
    long gcBefore = GcLog.lastId(GcLog.read(server.gcLog()));
    long gcCpu = server.gcCpuNanos();
    long cpu = server.cpuNanos();
    Wrk.Result result = Wrk.run(url, WRK_CONNECTIONS, options.seconds(), headers);
    long used = server.cpuNanos() - cpu;
    long gcUsed = server.gcCpuNanos() - gcCpu;
    check(result, "Levier");
    ClickAccount account = account(before, gcBefore);
    long inFlight = account.journaled() - result.requests();
    System.out.printf(
        Locale.ROOT,
        "round %d  Levier  %,10.0f req/s (%.1f%% of nginx); journaled %,d = wrk's %,d answers"
            + " + %d in flight at its stop; refused %d, failed %d%n",
        round,
        result.rate(),
        100 * result.rate() / baselineRate,
        account.journaled(),
        result.requests(),
        inFlight,
        account.refused(),
        account.failed());
    if (account.refused() != 0 || account.failed() != 0 || inFlight < 0 || inFlight > 64) {
      System.out.println("  NOT every click was journaled in this run");
      clean = false;
    }
    return new WrkRow(round, "Levier", result, used, gcUsed, result.rate() / baselineRate, account);
  }

  private void check(Wrk.Result result, String target) {
    if (result.bad() != 0 || result.socketErrors() != 0) {
      System.out.printf(
          Locale.ROOT,
          "  %s: %d answers other than 2xx/3xx, %d socket errors%n",
          target,
          result.bad(),
          result.socketErrors());
      clean = false;
    }
  }

  /**
   * Waits for the journal to write what it holds, then reads the metrics against {@code before}.
   */
  private ClickAccount account(Metrics before, long gcBefore)
      throws IOException, InterruptedException {
    Metrics after = waitForJournal();
    List<GcLog.Pause> pauses = GcLog.since(GcLog.read(server.gcLog()), gcBefore);
    long batches = Math.round(after.since(before, Metrics.CLICK_BATCH_COUNT));
    double durableSeconds = after.since(before, Metrics.DURABLE + "_sum");
    long durableCount = Math.round(after.since(before, Metrics.DURABLE + "_count"));
    Metrics.Buckets durable = after.buckets(before, Metrics.DURABLE);
    return new ClickAccount(
        Math.round(after.since(before, Metrics.JOURNALED)),
        Math.round(after.since(before, Metrics.REFUSED)),
        Math.round(after.since(before, Metrics.FAILED)),
        batches,
        after.since(before, Metrics.CLICK_BATCH_SUM) / Math.max(1, batches),
        durableSeconds * 1000 / Math.max(1, durableCount),
        durable.quantileMillis(0.5),
        durable.quantileMillis(0.99),
        durable.quantileMillis(0.999),
        durable.slowest(),
        durable.above(DURABILITY_BOUND_SECONDS),
        after.since(before, Metrics.CLICK_WRITE_SUM)
            * 1000
            / Math.max(1, after.since(before, Metrics.CLICK_WRITE_COUNT)),
        after.get(Metrics.CLICK_WRITE_MAX) * 1000,
        GcLog.describe(pauses),
        pauses.isEmpty() ? Double.NaN : pauses.get(pauses.size() - 1).afterMiB());
  }

  /** Waits until the click queue is empty and the journaled count stands still. */
  private Metrics waitForJournal() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Metrics last = Metrics.read(api.http(), server.loopbackUrl());
    while (System.nanoTime() < deadline) {
      Thread.sleep(300);
      Metrics now = Metrics.read(api.http(), server.loopbackUrl());
      if (now.get(Metrics.CLICK_QUEUE) == 0
          && now.get(Metrics.JOURNALED) == last.get(Metrics.JOURNALED)) {
        return now;
      }
      last = now;
    }
    throw new IllegalStateException("the click journal did not drain within 60 s");
  }

  private void printWrkTable(List<WrkRow> rows) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "wrk -t1 -c%d -d%ds --latency, User-Agent %s%n%n",
        WRK_CONNECTIONS,
        options.seconds(),
        Wrk.USER_AGENT);
    System.out.println(
        "| round | target | req/s | p50 ms | p90 ms | p99 ms | max ms | server CPU µs/req |"
            + " of which GC threads | server cores | wrk cores | share of nginx |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (WrkRow row : rows) {
      Wrk.Result r = row.result();
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f%% |%n",
          row.round(),
          row.target(),
          r.rate(),
          r.p50(),
          r.p90(),
          r.p99(),
          r.max(),
          row.serverMicrosPerRequest(),
          row.gcMicrosPerRequest(),
          row.serverCores(),
          r.clientCores(),
          row.share() * 100);
    }
    System.out.println();
    System.out.println(
        "| round | clicks journaled | wrk answers | in flight at stop | refused | batches |"
            + " clicks/batch | durable after, mean ms | p50 ms | p99 ms | p99.9 ms | slowest |"
            + " batches over 200 ms | GC | heap after last GC MiB |");
    System.out.println(
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---:|");
    for (WrkRow row : rows) {
      ClickAccount a = row.account();
      if (a == null) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %,d | %,d | %d | %d | %,d | %.0f | %.1f | %.1f | %.1f | %.1f | %s | %d | %s |"
              + " %.0f |%n",
          row.round(),
          a.journaled(),
          row.result().requests(),
          a.journaled() - row.result().requests(),
          a.refused(),
          a.batches(),
          a.meanBatch(),
          a.meanDurableMillis(),
          a.p50(),
          a.p99(),
          a.p999(),
          a.slowest(),
          a.overBound(),
          a.gc(),
          a.heapAfterLastGcMiB());
    }
    System.out.println();
    System.out.println(
        "(durable after: the oldest click of each batch, counted in the server's histogram"
            + " buckets over the run itself; quantiles interpolated within a bucket)");
    System.out.println();
  }

  /** One more Levier run under Java Flight Recorder, not in the table, then its summary. */
  private void profiledRun(String levierUrl, Path jfr) throws IOException, InterruptedException {
    System.out.println(
        "Profiled run (JFR, settings=profile, CPU-time sampling every 1 ms; not in the table):");
    server.jcmd(
        "JFR.start",
        "name=clickload",
        "settings=profile",
        "jdk.CPUTimeSample#enabled=true",
        "jdk.CPUTimeSample#throttle=1ms",
        "filename=" + jfr.toAbsolutePath());
    Wrk.Result result;
    try {
      result = Wrk.run(levierUrl, WRK_CONNECTIONS, options.seconds(), headers);
    } finally {
      server.jcmd("JFR.stop", "name=clickload");
    }
    waitForJournal();
    System.out.printf(Locale.ROOT, "  Levier under JFR: %,.0f req/s%n%n", result.rate());
    JfrSummary.summarize(jfr, null, 15, System.out);
    System.out.println();
    JfrSummary.summarize(jfr, java.util.regex.Pattern.compile("eventloop"), 25, System.out);
    System.out.println();
    JfrSummary.summarize(jfr, java.util.regex.Pattern.compile("click-journal"), 15, System.out);
    System.out.println();
  }

  // ---------------------------------------------------------------- open loop

  private LoadGenerator.Job openJob(int port, int rate, long warmUpMillis, long measuredMillis) {
    String request =
        "GET "
            + linkPath
            + " HTTP/1.1\r\nHost: "
            + HOST
            + ":"
            + port
            + "\r\nUser-Agent: "
            + Wrk.USER_AGENT
            + "\r\nAccept: text/html\r\n"
            + headers.stream().map(h -> h + "\r\n").collect(java.util.stream.Collectors.joining())
            + "\r\n";
    return new LoadGenerator.Job(
        HOST,
        port,
        options.openConnections(),
        false,
        warmUpMillis,
        measuredMillis,
        rate,
        List.of(302),
        List.of(),
        List.of(request));
  }

  private void openLoop(Nginx nginx, int rate) throws IOException, InterruptedException {
    System.out.printf(
        Locale.ROOT,
        "Open loop: %,d req/s over %d connections (one request every %.1f ms each), %d s warm-up"
            + " + %d s measured, latency from the intended send time%n",
        rate,
        options.openConnections(),
        options.openConnections() * 1000.0 / rate,
        options.warmUpSeconds(),
        options.openSeconds());
    long warmUp = options.warmUpSeconds() * 1000L;
    long measured = options.openSeconds() * 1000L;
    long[] cpu = new long[2];
    LoadGenerator.Report bare =
        LoadChild.run(
            openJob(nginx.port(), rate, warmUp, measured),
            () -> cpu[0] = nginx.workerCpuNanos(),
            () -> cpu[1] = nginx.workerCpuNanos());
    long nginxCpu = cpu[1] - cpu[0];
    Metrics before = Metrics.read(api.http(), server.loopbackUrl());
    long gcBefore = GcLog.lastId(GcLog.read(server.gcLog()));
    long gcCpuBefore = server.gcCpuNanos();
    long cpuBefore = server.cpuNanos();
    LoadGenerator.Report levier =
        LoadChild.run(
            openJob(server.port(), rate, warmUp, measured),
            () -> cpu[0] = server.cpuNanos(),
            () -> cpu[1] = server.cpuNanos());
    long levierCpu = cpu[1] - cpu[0];
    double gcShare =
        (server.gcCpuNanos() - gcCpuBefore) / (double) Math.max(1, server.cpuNanos() - cpuBefore);
    ClickAccount account = account(before, gcBefore);
    System.out.println();
    System.out.println(
        "| target | intended req/s | answered req/s | p50 ms | p90 ms | p99 ms | p99.9 ms |"
            + " max ms | failures | server CPU µs/req | server cores | client cores |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    openRow("nginx", rate, bare, nginxCpu);
    openRow("Levier", rate, levier, levierCpu);
    System.out.println();
    long answered = levier.answered(302);
    System.out.printf(
        Locale.ROOT,
        "Levier: %,d clicks answered 302 in the whole run (warm-up included), %,d journaled,"
            + " %d refused, %d failed; durable after: mean %.1f ms, p50 %.1f, p99 %.1f, p99.9"
            + " %.1f, the slowest %s, %d batches over 200 ms; of which a batch's insert and"
            + " commit: mean %.1f ms, max %.1f (Micrometer's last 2 minutes, warm-up included);"
            + " %s; GC threads %.0f%% of the server's CPU%n%n",
        answered,
        account.journaled(),
        account.refused(),
        account.failed(),
        account.meanDurableMillis(),
        account.p50(),
        account.p99(),
        account.p999(),
        account.slowest(),
        account.overBound(),
        account.meanWriteMillis(),
        account.maxWriteMillis(),
        account.gc(),
        gcShare * 100);
    if (answered != account.journaled() || account.refused() != 0 || levier.failures() != 0) {
      System.out.println("  NOT every click was journaled in the open-loop run");
      clean = false;
    }
    if (bare.failures() != 0) {
      clean = false;
    }
  }

  private static void openRow(String target, int rate, LoadGenerator.Report report, long cpu) {
    Histogram h = report.latency();
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %d | %.1f | %.2f | %.2f |%n",
        target,
        rate,
        report.requestsPerSecond(),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(90) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6,
        report.failures(),
        cpu / 1000.0 / Math.max(1, report.requests()),
        cpu / 1e9 / report.seconds(),
        report.cpuNanos() / 1e9 / report.seconds());
    if (!report.failureSamples().isEmpty()) {
      System.out.println("  " + target + " failures: " + report.failureSamples());
    }
  }

  // ---------------------------------------------------------------- memory

  /** One reading of the memory run. */
  private record Sample(
      double minutes,
      long journaled,
      long refused,
      int gcs,
      double minAfterMiB,
      double maxAfterMiB,
      double lastAfterMiB,
      double pausesMillis,
      double oldGenMiB,
      double p99DurableMillis,
      double h2Chunks,
      double h2FileMiB) {}

  private void memoryRun(int rate) throws IOException, InterruptedException {
    long measured = options.memoryMinutes() * 60_000L;
    System.out.printf(
        Locale.ROOT,
        "Memory run: %,d clicks/s for %d min (open loop, %d connections), %s; heap after each"
            + " GC from the server's GC log, read every %d s%n",
        rate,
        options.memoryMinutes(),
        options.openConnections(),
        ServerProcess.heapFlags(options.heap()),
        options.sampleSeconds());
    List<Sample> samples = new ArrayList<>();
    Metrics[] start = new Metrics[1];
    long[] gcSeen = new long[1];
    long[] started = new long[1];
    long[] cpu = new long[2];
    long[] gcCpu = new long[2];
    String[] histograms = new String[2];
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    java.util.concurrent.Future<?>[] sampling = new java.util.concurrent.Future<?>[1];
    LoadGenerator.Report report;
    try {
      report =
          LoadChild.run(
              openJob(server.port(), rate, options.warmUpSeconds() * 1000L, measured),
              () -> {
                histograms[0] = server.jcmd("GC.class_histogram");
                start[0] = Metrics.read(api.http(), server.loopbackUrl());
                gcSeen[0] = GcLog.lastId(GcLog.read(server.gcLog()));
                started[0] = System.nanoTime();
                cpu[0] = server.cpuNanos();
                gcCpu[0] = server.gcCpuNanos();
                sampling[0] =
                    sampler.scheduleAtFixedRate(
                        () -> {
                          try {
                            samples.add(sample(start[0], gcSeen, started[0]));
                            Sample s = samples.get(samples.size() - 1);
                            System.out.printf(
                                Locale.ROOT,
                                "  %5.1f min: %,d journaled, %d refused, %d GCs, heap after GC"
                                    + " %.0f–%.0f MiB (last %.0f), old gen now %.0f MiB;"
                                    + " H2 file %.0f MiB in %.0f chunks%n",
                                s.minutes(),
                                s.journaled(),
                                s.refused(),
                                s.gcs(),
                                s.minAfterMiB(),
                                s.maxAfterMiB(),
                                s.lastAfterMiB(),
                                s.oldGenMiB(),
                                s.h2FileMiB(),
                                s.h2Chunks());
                          } catch (IOException | RuntimeException e) {
                            System.out.println("  sample failed: " + e);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        },
                        options.sampleSeconds(),
                        options.sampleSeconds(),
                        TimeUnit.SECONDS);
              },
              () -> {
                cpu[1] = server.cpuNanos();
                gcCpu[1] = server.gcCpuNanos();
                java.util.concurrent.Future<?> running = sampling[0];
                if (running != null) {
                  running.cancel(false);
                }
                sampler.shutdown();
                sampler.awaitTermination(30, TimeUnit.SECONDS);
              });
    } finally {
      sampler.shutdownNow();
    }
    Metrics end = waitForJournal();
    histograms[1] = server.jcmd("GC.class_histogram");
    System.out.println();
    System.out.println(
        "| minute | clicks journaled | refused | GCs | heap after GC, min MiB | max MiB |"
            + " last MiB | GC pauses ms | old gen MiB | durable p99 ms | H2 file MiB | H2 chunks |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Sample s : samples) {
      System.out.printf(
          Locale.ROOT,
          "| %.1f | %,d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.0f | %.0f |%n",
          s.minutes(),
          s.journaled(),
          s.refused(),
          s.gcs(),
          s.minAfterMiB(),
          s.maxAfterMiB(),
          s.lastAfterMiB(),
          s.pausesMillis(),
          s.oldGenMiB(),
          s.p99DurableMillis(),
          s.h2FileMiB(),
          s.h2Chunks());
    }
    System.out.println();
    printSlope("all samples", samples);
    printSlope("from minute 2 on", samples.stream().filter(s -> s.minutes() >= 2 - 1e-9).toList());
    Histogram h = report.latency();
    System.out.printf(
        Locale.ROOT,
        "Clicks: %,d answered 302 in the whole run, %,d journaled over the window and after;"
            + " refused %d; latency from intended time p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms,"
            + " max %.1f ms; server CPU %.2f cores, %.0f%% of it in GC threads%n",
        report.answered(302),
        Math.round(end.since(start[0], Metrics.JOURNALED)),
        Math.round(end.since(start[0], Metrics.REFUSED)),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6,
        (cpu[1] - cpu[0]) / 1e9 / report.seconds(),
        100.0 * (gcCpu[1] - gcCpu[0]) / Math.max(1, cpu[1] - cpu[0]));
    Metrics.Buckets windowDurable = end.buckets(start[0], Metrics.DURABLE);
    System.out.printf(
        Locale.ROOT,
        "Durable after, over the window: p50 %.1f ms, p99 %.1f, p99.9 %.1f, the slowest %s, %d"
            + " batches of %,.0f over 200 ms%n",
        windowDurable.quantileMillis(0.5),
        windowDurable.quantileMillis(0.99),
        windowDurable.quantileMillis(0.999),
        windowDurable.slowest(),
        windowDurable.above(DURABILITY_BOUND_SECONDS),
        windowDurable.count());
    System.out.println();
    System.out.println(
        "Live heap at the start of the window (jcmd GC.class_histogram, a full GC):");
    printHistogramHead(histograms[0]);
    System.out.println("Live heap at the end:");
    printHistogramHead(histograms[1]);
    // H2's chunk descriptors: one per chunk of its file for as long as the chunk lives.
    for (int i = 0; i < 2; i++) {
      String when = i == 0 ? "start" : "end";
      histograms[i]
          .lines()
          .filter(l -> l.contains("org.h2.mvstore.SFChunk"))
          .forEach(
              l -> System.out.println("H2 chunk descriptors at the " + when + ": " + l.trim()));
    }
    if (Math.round(end.since(start[0], Metrics.REFUSED)) != 0 || report.failures() != 0) {
      clean = false;
    }
  }

  private Sample sample(Metrics start, long[] gcSeen, long startedNanos)
      throws IOException, InterruptedException {
    Metrics now = Metrics.read(api.http(), server.loopbackUrl());
    List<GcLog.Pause> pauses = GcLog.since(GcLog.read(server.gcLog()), gcSeen[0]);
    if (!pauses.isEmpty()) {
      gcSeen[0] = pauses.get(pauses.size() - 1).id();
    }
    return new Sample(
        (System.nanoTime() - startedNanos) / 60e9,
        Math.round(now.since(start, Metrics.JOURNALED)),
        Math.round(now.since(start, Metrics.REFUSED)),
        pauses.size(),
        pauses.stream().mapToDouble(GcLog.Pause::afterMiB).min().orElse(Double.NaN),
        pauses.stream().mapToDouble(GcLog.Pause::afterMiB).max().orElse(Double.NaN),
        pauses.isEmpty() ? Double.NaN : pauses.get(pauses.size() - 1).afterMiB(),
        pauses.stream().mapToDouble(GcLog.Pause::pauseMillis).sum(),
        now.get("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}") / 1048576.0,
        now.buckets(start, Metrics.DURABLE).quantileMillis(0.99),
        // Zero on PostgreSQL, and from a build before these gauges.
        now.get("levier_h2_chunks"),
        now.get("levier_h2_file_bytes") / 1048576.0);
  }

  /** Least squares of the lowest heap after GC in each sample against time. */
  private static void printSlope(String label, List<Sample> samples) {
    List<Sample> usable = samples.stream().filter(s -> !Double.isNaN(s.minAfterMiB())).toList();
    if (usable.size() < 3) {
      System.out.println("Slope (" + label + "): too few samples");
      return;
    }
    double n = usable.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Sample s : usable) {
      sx += s.minutes();
      sy += s.minAfterMiB();
      sxx += s.minutes() * s.minutes();
      sxy += s.minutes() * s.minAfterMiB();
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double clicksPerMinute =
        (usable.get(usable.size() - 1).journaled() - usable.get(0).journaled())
            / Math.max(1e-9, usable.get(usable.size() - 1).minutes() - usable.get(0).minutes());
    System.out.printf(
        Locale.ROOT,
        "Slope of the lowest heap after GC per sample (%s, %d samples): %+.2f MiB/min, that is"
            + " %+.2f bytes per click%n",
        label,
        usable.size(),
        slope,
        slope * 1048576 / Math.max(1, clicksPerMinute));
  }

  private static void printHistogramHead(String histogram) {
    List<String> lines = histogram.lines().toList();
    lines.stream().skip(1).limit(9).forEach(l -> System.out.println("  " + l));
    lines.stream()
        .filter(l -> l.startsWith("Total"))
        .findFirst()
        .ifPresent(l -> System.out.println("  " + l));
  }

  // ---------------------------------------------------------------- stored clicks

  /** The clicks in the database must be the clicks the metrics say were journaled. */
  private void checkStored(BenchDatabase database) throws Exception {
    Metrics end = waitForJournal();
    long journaled = Math.round(end.get(Metrics.JOURNALED));
    long stored = database.count("click");
    System.out.printf(
        Locale.ROOT,
        "%nStored clicks: %,d rows in the click table; levier_clicks_total: journaled %,d,"
            + " refused %d, failed %d%n",
        stored,
        journaled,
        Math.round(end.get(Metrics.REFUSED)),
        Math.round(end.get(Metrics.FAILED)));
    if (stored != journaled) {
      System.out.println("  MISMATCH between the table and the metric");
      clean = false;
    }
    end.h2Syncs().ifPresent(System.out::println);
    end.h2File().ifPresent(System.out::println);
    System.out.println(clean ? "Every click was journaled." : "FAILED: see above.");
    System.out.println("Finished: " + Instant.now());
  }

  /** The command-line options. */
  private record Options(
      BenchDatabase.Kind db,
      int seconds,
      int warmUpSeconds,
      int rounds,
      List<String> openRates,
      int openSeconds,
      int openConnections,
      int memoryMinutes,
      int memoryRate,
      int sampleSeconds,
      String heap,
      int settleSeconds,
      boolean returningVisitor,
      @Nullable Path jfr,
      boolean keep) {

    static Options parse(String[] args) {
      BenchDatabase.Kind db = BenchDatabase.Kind.H2;
      int seconds = 30;
      int warmUp = 10;
      int rounds = 3;
      List<String> openRates = List.of("10000", "half");
      Integer openSeconds = null;
      int openConnections = 64;
      int memoryMinutes = 0;
      int memoryRate = 10_000;
      int sampleSeconds = 30;
      String heap = "256m";
      int settle = 180;
      boolean returning = false;
      Path jfr = null;
      boolean keep = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--db" -> db = BenchDatabase.Kind.parse(Args.value(args, ++i));
          case "--seconds" -> seconds = Args.number(args, ++i, 1);
          case "--warmup" -> warmUp = Args.number(args, ++i, 1);
          case "--rounds" -> rounds = Args.number(args, ++i, 0);
          case "--open-rates" -> {
            openRates = List.of(Args.value(args, ++i).split(",", -1));
            for (String rate : openRates) {
              if (!rate.equals("half") && !rate.matches("[1-9][0-9]{0,6}")) {
                throw new IllegalArgumentException(
                    "--open-rates takes rates per second and 'half', such as 10000,half");
              }
            }
          }
          case "--open-seconds" -> openSeconds = Args.number(args, ++i, 0);
          case "--open-connections" -> openConnections = Args.number(args, ++i, 1);
          case "--memory-minutes" -> memoryMinutes = Args.number(args, ++i, 0);
          case "--memory-rate" -> memoryRate = Args.number(args, ++i, 1);
          case "--sample-seconds" -> sampleSeconds = Args.number(args, ++i, 1);
          case "--heap" -> heap = Args.value(args, ++i);
          case "--settle" -> settle = Args.number(args, ++i, 0);
          case "--visitor" -> {
            String visitor = Args.value(args, ++i);
            if (!visitor.equals("new") && !visitor.equals("returning")) {
              throw new IllegalArgumentException("--visitor must be new or returning");
            }
            returning = visitor.equals("returning");
          }
          case "--jfr" -> jfr = Path.of(Args.value(args, ++i));
          case "--keep" -> keep = true;
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
          rounds,
          openRates,
          openSeconds == null ? seconds : openSeconds,
          openConnections,
          memoryMinutes,
          memoryRate,
          sampleSeconds,
          heap,
          settle,
          returning,
          jfr,
          keep);
    }
  }
}
