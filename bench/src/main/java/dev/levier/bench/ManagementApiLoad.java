package dev.levier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levier.config.ConfigLoader;
import dev.levier.config.LevierConfig;
import dev.levier.server.Levier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * HTTP load on the management API, as a ratio to a bare Vert.x server measured in the same run.
 *
 * <p>Starts, in this process, a real Levier on a free loopback port with a fresh embedded H2
 * database in a temporary directory, creates advertisers and programmes through the API, then
 * drives {@code GET /api/v1/programmes/{id}} and {@code GET /api/v1/programmes?limit=50} with an
 * admin key. Each route is also driven, with the same client and settings, against a {@link
 * BaselineServer} in this process that answers with the very bytes Levier answered on that route.
 * The baseline runs first on each route, then Levier; each run has its own warm-up.
 *
 * <p>The load comes from a second process, a {@link LoadGenerator} in a child JVM on the same class
 * path, so that the client's garbage collection, JIT compilation and virtual-thread scheduler are
 * not shared with the server. Both processes report their CPU time over the measured window: on two
 * cores the client takes a large share, and server CPU time per request is the figure least
 * affected by that.
 *
 * <p>Run by hand: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.ManagementApiLoad
 * [--seconds N] [--warmup N] [--connections C] [--client-threads platform|virtual]
 * [--request-log]}. The request log is off by default (level WARN) so that the figures do not
 * depend on where stderr goes; {@code --request-log} keeps Levier's production default of one INFO
 * line per request. Exits with 1 if any request failed.
 */
public final class ManagementApiLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = "127.0.0.1";
  private static final int ADVERTISERS = 4;
  private static final int PROGRAMMES_PER_ADVERTISER = 15;
  private static final String LIST_PATH = "/api/v1/programmes?limit=50";

  private ManagementApiLoad() {}

  public static void main(String[] args) throws Exception {
    Options options =
        Args.parseOrExit(
            args,
            Options::parse,
            "usage: ManagementApiLoad [--seconds N] [--warmup N] [--connections C]"
                + " [--client-threads platform|virtual] [--request-log]");
    // Must be set before anything initialises logging (Levier's classes, Vert.x, Netty).
    System.setProperty("levier.log.level", options.requestLog() ? "INFO" : "WARN");
    System.exit(run(options) ? 0 : 1);
  }

  private static boolean run(Options options) throws Exception {
    printMachine(options);
    Path data = Files.createTempDirectory("levier-bench-");
    try {
      LevierConfig config =
          ConfigLoader.load(
              Map.of(
                  "host",
                  HOST,
                  "port",
                  "0",
                  "data",
                  data.toString(),
                  // One key drives all the load: lift its rate limit, which would otherwise
                  // answer 429 far below what the server can serve.
                  "http.rate-limit",
                  "1000000",
                  "http.rate-burst",
                  "1000000"),
              Map.of(),
              null,
              data);
      List<Row> rows = new ArrayList<>();
      try (Levier levier = Levier.start(config, false)) {
        String key =
            levier
                .announcedKey()
                .orElseThrow(() -> new IllegalStateException("a fresh database has no admin key"))
                .key();
        Setup setup = Setup.create(levier.baseUrl(), key);
        System.out.printf(
            Locale.ROOT,
            "Data: %d advertisers, %d programmes; answer sizes: one programme %d bytes,"
                + " list of 50 %d bytes%n%n",
            ADVERTISERS,
            setup.programmeIds().size(),
            setup.singleBody().length,
            setup.listBody().length);
        List<String> singlePaths =
            setup.programmeIds().stream().map(id -> "/api/v1/programmes/" + id).toList();
        try (BaselineServer baseline =
            BaselineServer.start(HOST, setup.singleBody(), setup.listBody())) {
          rows.addAll(
              compare(
                  "GET /api/v1/programmes/{id}",
                  singlePaths,
                  key,
                  options,
                  baseline.port(),
                  levier.port()));
          rows.addAll(
              compare(
                  "GET /api/v1/programmes?limit=50",
                  List.of(LIST_PATH),
                  key,
                  options,
                  baseline.port(),
                  levier.port()));
        }
      }
      printTable(rows);
      long failures = rows.stream().mapToLong(r -> r.measured().report().failures()).sum();
      if (failures > 0) {
        System.out.println("FAILED: " + failures + " requests failed");
        rows.forEach(
            r ->
                r.measured()
                    .report()
                    .failureSamples()
                    .forEach(s -> System.out.println("  " + r.target() + ": " + s)));
        return false;
      }
      return true;
    } finally {
      deleteRecursively(data);
    }
  }

  private static List<Row> compare(
      String route, List<String> paths, String key, Options options, int baselinePort, int port)
      throws IOException, InterruptedException {
    System.out.println("Driving " + route + " ...");
    Measured bare = drive("bare Vert.x", options, baselinePort, paths, key);
    Measured levier = drive("Levier", options, port, paths, key);
    return List.of(
        new Row(route, "bare Vert.x", bare, 1.0),
        new Row(route, "Levier", levier, levier.requestsPerSecond() / bare.requestsPerSecond()));
  }

  /**
   * Runs {@link LoadGenerator} in a child JVM against the port, and measures this process's CPU
   * time over the same measured window, which the child announces on its standard output.
   */
  private static Measured drive(
      String target, Options options, int port, List<String> paths, String key)
      throws IOException, InterruptedException {
    Instant started = Instant.now();
    LoadGenerator.Job job =
        LoadGenerator.Job.closed(
            HOST,
            port,
            options.connections(),
            options.virtualThreads(),
            options.warmUpSeconds() * 1000L,
            options.seconds() * 1000L,
            requests(paths, port, key));
    long[] cpu = new long[2];
    LoadGenerator.Report report =
        LoadChild.run(
            job, () -> cpu[0] = LoadChild.ownCpuNanos(), () -> cpu[1] = LoadChild.ownCpuNanos());
    Measured measured = new Measured(report, report.latency(), cpu[1] - cpu[0]);
    System.out.printf(
        Locale.ROOT,
        "  %-12s %,.0f req/s (%s to %s)%n",
        target + ":",
        measured.requestsPerSecond(),
        started,
        Instant.now());
    return measured;
  }

  private static List<String> requests(List<String> paths, int port, String key) {
    return paths.stream()
        .map(
            path ->
                "GET "
                    + path
                    + " HTTP/1.1\r\nHost: "
                    + HOST
                    + ":"
                    + port
                    + "\r\nAuthorization: Bearer "
                    + key
                    + "\r\nAccept: application/json\r\nUser-Agent: levier-bench\r\n\r\n")
        .toList();
  }

  /** One target's load run: the client's report, its latencies, and the server's CPU time. */
  private record Measured(LoadGenerator.Report report, Histogram latency, long serverCpuNanos) {
    double requestsPerSecond() {
      return report.requests() / report.seconds();
    }

    double millisAt(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1_000_000.0;
    }

    double maxMillis() {
      return latency.getMaxValue() / 1_000_000.0;
    }

    /** Server CPU time per counted request, in microseconds. */
    double serverMicrosPerRequest() {
      return serverCpuNanos / 1_000.0 / Math.max(1, report.requests());
    }

    /** CPU used on average over the window, in cores, by the server process. */
    double serverCores() {
      return serverCpuNanos / 1e9 / report.seconds();
    }

    /** CPU used on average over the window, in cores, by the load generator. */
    double clientCores() {
      return report.cpuNanos() / 1e9 / report.seconds();
    }
  }

  /** One line of the table; {@code share} is the throughput as a fraction of the baseline's. */
  private record Row(String route, String target, Measured measured, double share) {}

  private static void printTable(List<Row> rows) {
    System.out.println();
    System.out.println(
        "| route | target | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors |"
            + " server CPU µs/req | server cores | client cores | share of baseline |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row row : rows) {
      Measured m = row.measured();
      System.out.printf(
          Locale.ROOT,
          "| `%s` | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.1f | %.2f | %.2f |"
              + " %.1f%% |%n",
          row.route(),
          row.target(),
          m.requestsPerSecond(),
          m.millisAt(50),
          m.millisAt(90),
          m.millisAt(99),
          m.millisAt(99.9),
          m.maxMillis(),
          m.report().failures(),
          m.serverMicrosPerRequest(),
          m.serverCores(),
          m.clientCores(),
          row.share() * 100);
    }
    System.out.println();
  }

  private static void printMachine(Options options) {
    System.out.printf(
        Locale.ROOT,
        "Machine: %d CPUs (%s), %s %s; JVM %s %s (%s), max heap %d MiB, GC %s%n",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.vm.name"),
        Runtime.version(),
        System.getProperty("java.vendor"),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", ")));
    System.out.printf(
        Locale.ROOT,
        "Run: %s, %d connections on %s threads, %d s warm-up + %d s measured per target,"
            + " request log %s%n%n",
        Instant.now(),
        options.connections(),
        options.virtualThreads() ? "virtual" : "platform",
        options.warmUpSeconds(),
        options.seconds(),
        options.requestLog() ? "on (INFO)" : "off (WARN)");
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | UncheckedIOException e) {
      return "unknown CPU";
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** The command-line options. */
  private record Options(
      int seconds, int warmUpSeconds, int connections, boolean virtualThreads, boolean requestLog) {
    static Options parse(String[] args) {
      int seconds = 15;
      int warmUp = 5;
      int connections = 32;
      boolean virtualThreads = false;
      boolean requestLog = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--seconds" -> seconds = positive(args, ++i);
          case "--warmup" -> warmUp = positive(args, ++i);
          case "--connections" -> connections = positive(args, ++i);
          case "--client-threads" -> virtualThreads = Args.virtualThreads(args, ++i);
          case "--request-log" -> requestLog = true;
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
      return new Options(seconds, warmUp, connections, virtualThreads, requestLog);
    }

    private static int positive(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      try {
        int value = Integer.parseInt(args[i]);
        if (value < 1 || value > 10_000) {
          throw new IllegalArgumentException(args[i - 1] + " must be from 1 to 10000");
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i - 1] + " must be a whole number", e);
      }
    }
  }

  /** Creates the data through the API and keeps what the load needs. */
  private static final class Setup {
    private final List<String> programmeIds;
    private final byte[] singleBody;
    private final byte[] listBody;

    private Setup(List<String> programmeIds, byte[] singleBody, byte[] listBody) {
      this.programmeIds = programmeIds;
      this.singleBody = singleBody;
      this.listBody = listBody;
    }

    List<String> programmeIds() {
      return programmeIds;
    }

    /** Levier's answer to {@code GET /api/v1/programmes/{id}}, served as is by the baseline. */
    byte[] singleBody() {
      return singleBody;
    }

    /** Levier's answer to {@code GET /api/v1/programmes?limit=50}, served as is by the baseline. */
    byte[] listBody() {
      return listBody;
    }

    static Setup create(String baseUrl, String key) throws IOException, InterruptedException {
      HttpClient client = HttpClient.newHttpClient();
      try {
        List<String> programmeIds = new ArrayList<>();
        for (int a = 1; a <= ADVERTISERS; a++) {
          String advertiser =
              post(
                  client,
                  baseUrl + "/api/v1/advertisers",
                  key,
                  Map.of(
                      "name", "Bench Retailer " + a,
                      "country", "FR",
                      "currency", "EUR",
                      "timeZone", "Europe/Paris"));
          for (int p = 1; p <= PROGRAMMES_PER_ADVERTISER; p++) {
            programmeIds.add(
                post(
                    client,
                    baseUrl + "/api/v1/programmes",
                    key,
                    Map.of(
                        "advertiserId",
                        advertiser,
                        "name",
                        "Bench Retailer " + a + " programme " + p,
                        "landingUrl",
                        "https://www.retailer" + a + ".example/offers/" + p,
                        "allowedDomains",
                        List.of("retailer" + a + ".example", "*.retailer" + a + ".example"),
                        "attributionWindowDays",
                        30)));
          }
        }
        byte[] single = get(client, baseUrl + "/api/v1/programmes/" + programmeIds.get(0), key);
        byte[] list = get(client, baseUrl + LIST_PATH, key);
        int listed = JSON.readTree(list).path("data").size();
        if (listed != 50) {
          throw new IllegalStateException("expected a page of 50 programmes, got " + listed);
        }
        return new Setup(List.copyOf(programmeIds), single, list);
      } finally {
        client.close();
      }
    }

    private static String post(HttpClient client, String url, String key, Map<String, Object> body)
        throws IOException, InterruptedException {
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "POST "
                + url
                + " answered "
                + response.statusCode()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      JsonNode id = JSON.readTree(response.body()).get("id");
      if (id == null || !id.isTextual()) {
        throw new IllegalStateException("POST " + url + " answered without an id");
      }
      return id.asText();
    }

    private static byte[] get(HttpClient client, String url, String key)
        throws IOException, InterruptedException {
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + key)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
      }
      return response.body();
    }
  }
}
