package dev.levier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code levier serve}, started from the built jar ({@code app/target/levier.jar}) as its
 * own process, the way an operator runs it: its own JVM with its own heap limit, so that its
 * memory, garbage collection and CPU time are its alone. The admin key and the port are read from
 * what it prints on standard output; its log (standard error) goes to a file.
 *
 * <p>The JVM also writes its garbage collections to {@code gc.log} beside that file ({@code
 * -Xlog:gc}), one line per collection with the heap before and after, which costs nothing
 * measurable and lets a run follow the heap without forcing collections.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern RUNNING = Pattern.compile("Levier is running at (\\S+)");
  private static final Pattern KEY =
      Pattern.compile("admin API key \\(shown once, stored hashed\\): (lvk_\\S+)");

  private final Process process;
  private final String baseUrl;
  private final int port;
  private final String adminKey;
  private final Path log;
  private final Path gcLog;

  private ServerProcess(
      Process process, String baseUrl, int port, String adminKey, Path log, Path gcLog) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.port = port;
    this.adminKey = adminKey;
    this.log = log;
    this.gcLog = gcLog;
  }

  /**
   * Starts {@code levier serve --demo} on a free loopback port.
   *
   * @param jar the application jar, with its {@code lib/} beside it
   * @param heap the heap, as for {@code -Xmx} (such as {@code 256m}); see {@link #heapFlags}
   * @param database where the data goes
   * @param workDir where the log files go
   */
  static ServerProcess start(Path jar, String heap, BenchDatabase database, Path workDir)
      throws IOException, InterruptedException {
    return start(jar, heap, database, workDir, java.util.Map.of());
  }

  /**
   * Starts {@code levier serve --demo} with more settings given as {@code LEVIER_*} environment
   * variables, as an operator would.
   */
  static ServerProcess start(
      Path jar,
      String heap,
      BenchDatabase database,
      Path workDir,
      java.util.Map<String, String> environment)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build first with ./mvnw -B -q -DskipTests package");
    }
    Path log = workDir.resolve("levier.log");
    Path gcLog = workDir.resolve("gc.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(heapFlags(heap).split(" ")));
    command.addAll(launcherJvmFlags());
    command.add("-Xlog:gc:file=" + gcLog + ":uptimemillis");
    // Extra JVM options for the server, to compare collectors or settings run against run.
    String extra = System.getenv("BENCH_SERVER_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.add("serve");
    command.add("--host");
    command.add("127.0.0.1");
    command.add("--port");
    command.add("0");
    command.add("--demo");
    command.addAll(database.serveFlags());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String[]> announced = new CompletableFuture<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon(true)
            .name("levier-stdout")
            .start(
                () -> {
                  String url = null;
                  String key = null;
                  try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                      Matcher running = RUNNING.matcher(line);
                      Matcher issued = KEY.matcher(line);
                      if (running.find()) {
                        url = running.group(1);
                      } else if (issued.find()) {
                        key = issued.group(1);
                      } else if (line.startsWith("Press Ctrl-C") && url != null && key != null) {
                        announced.complete(new String[] {url, key});
                      }
                    }
                  } catch (IOException e) {
                    announced.completeExceptionally(e);
                  }
                  announced.completeExceptionally(
                      new IllegalStateException("levier serve ended before it was ready"));
                });
    try {
      String[] ready = announced.get(120, TimeUnit.SECONDS);
      int port = Integer.parseInt(ready[0].substring(ready[0].lastIndexOf(':') + 1));
      return new ServerProcess(process, ready[0], port, ready[1], log, gcLog);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      reader.interrupt();
      throw new IllegalStateException(
          "levier serve did not start (see " + log + "): " + e.getMessage(), e);
    }
  }

  /** The base URL it announced, such as {@code http://localhost:8080}. */
  String baseUrl() {
    return baseUrl;
  }

  /** The base URL on the loopback address, which the load uses. */
  String loopbackUrl() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  String adminKey() {
    return adminKey;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  private static final Pattern HTTP_SETUP = Pattern.compile("transport=(\\S+) eventLoops=(\\d+)");

  /** How the server serves HTTP, from its start line, such as "epoll, 2 event loops". */
  String http() throws IOException {
    try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.contains("Levier is listening"))
          .map(HTTP_SETUP::matcher)
          .filter(Matcher::find)
          .map(
              m ->
                  m.group(1)
                      + ", "
                      + m.group(2)
                      + " event loop"
                      + ("1".equals(m.group(2)) ? "" : "s"))
          .findFirst()
          .orElse("HTTP setup not in the log");
    }
  }

  Path gcLog() {
    return gcLog;
  }

  /** The CPU time the server process has used so far, user and system, in nanoseconds. */
  long cpuNanos() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .map(Duration::toNanos)
        .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid()));
  }

  /**
   * The CPU time the JVM's garbage collector threads have used so far ({@code
   * sun.threads.total_gc_cpu_time}, read with {@code jcmd PerfCounter.print}), in nanoseconds. It
   * is part of {@link #cpuNanos()}; JFR's samples of Java threads do not see it.
   */
  long gcCpuNanos() throws IOException, InterruptedException {
    for (String line : jcmd("PerfCounter.print").lines().toList()) {
      if (line.startsWith("sun.threads.total_gc_cpu_time=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1).strip());
      }
    }
    throw new IllegalStateException("this JVM does not report sun.threads.total_gc_cpu_time");
  }

  /**
   * The time the JVM's JIT compilers have spent compiling so far ({@code java.ci.totalTime}, read
   * with {@code jcmd PerfCounter.print}), in nanoseconds: the sum of each compilation's elapsed
   * time, so on a busy machine a little more than their CPU time.
   */
  long compileNanos() throws IOException, InterruptedException {
    long ticks = -1;
    long frequency = -1;
    for (String line : jcmd("PerfCounter.print").lines().toList()) {
      if (line.startsWith("java.ci.totalTime=")) {
        ticks = Long.parseLong(line.substring(line.indexOf('=') + 1).strip());
      } else if (line.startsWith("sun.os.hrt.frequency=")) {
        frequency = Long.parseLong(line.substring(line.indexOf('=') + 1).strip());
      }
    }
    if (ticks < 0 || frequency <= 0) {
      throw new IllegalStateException("this JVM does not report java.ci.totalTime");
    }
    return Math.round(ticks * (1e9 / frequency));
  }

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  /**
   * The heap flags of the server's JVM: the heap is given its size at start ({@code -Xms} equal to
   * {@code -Xmx}), as the README asks of a server taking traffic. Left to size itself, G1 shrank
   * the heap of a 256 MB server to 50 MB at its first marking and then grew it again to 90 MB in
   * some runs and 155 MB in others; at 90 MB the click journal's pages kept the old generation over
   * the marking threshold, so that marking cycles and their 7–11 ms remarks came one after another,
   * and the redirect's p99 at 10,000 clicks/s went from 4.3 ms to 6–8 ms.
   */
  static String heapFlags(String heap) {
    return "-Xms" + heap + " -Xmx" + heap;
  }

  /**
   * The JVM flags the {@code levier} launcher gives the server on this JDK (the benchmarks run the
   * server with the JDK they run on), so that a benchmark measures what the launcher starts.
   */
  static List<String> launcherJvmFlags() {
    List<String> flags = new ArrayList<>();
    flags.add("--enable-native-access=ALL-UNNAMED");
    int feature = Runtime.version().feature();
    if (feature >= 23) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (feature >= 25) {
      flags.add("-XX:+UseCompactObjectHeaders");
    }
    return flags;
  }

  /**
   * The classes whose live bytes grew most between two {@code jcmd GC.class_histogram} outputs, as
   * lines {@code +bytes instances class}.
   */
  static List<String> heapGrowth(String before, String after, int most) {
    java.util.Map<String, long[]> start = histogram(before);
    java.util.Map<String, long[]> end = histogram(after);
    return end.entrySet().stream()
        .map(
            e -> {
              long[] was = start.getOrDefault(e.getKey(), new long[2]);
              return java.util.Map.entry(
                  e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
            })
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .limit(most)
        .map(
            e ->
                String.format(
                    java.util.Locale.ROOT,
                    "%+,12d bytes %+,10d instances  %s",
                    e.getValue()[1],
                    e.getValue()[0],
                    e.getKey()))
        .toList();
  }

  /** Class name to {instances, bytes} from a {@code GC.class_histogram} output. */
  private static java.util.Map<String, long[]> histogram(String text) {
    java.util.Map<String, long[]> classes = new java.util.HashMap<>();
    for (String line : text.lines().toList()) {
      String[] f = WHITESPACE.splitAsStream(line.trim()).toArray(String[]::new);
      if (f.length >= 4 && f[0].endsWith(":")) {
        try {
          classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        } catch (NumberFormatException e) {
          // a header or footer line
        }
      }
    }
    return classes;
  }

  /** Runs {@code jcmd <pid> <command...>} and answers what it printed. */
  String jcmd(String... command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>();
    all.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    all.add(Long.toString(pid()));
    all.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(all).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  /** Stops it as an operator would (SIGTERM: a graceful stop that drains the journals). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        System.out.println("levier serve did not stop within 90 s; killing it");
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
