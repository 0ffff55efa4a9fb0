package dev.levier.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The redirect baseline of DESIGN.md §9: nginx with one worker answering every request with a fixed
 * {@code 302} to a landing page with a click id, no access log, on a free loopback port. It runs
 * from a configuration file written in the run's directory and is stopped with {@code nginx -s
 * stop}; an nginx started by someone else is left alone.
 */
final class Nginx implements AutoCloseable {
  private static final String BINARY = "/usr/sbin/nginx";

  private final Path config;
  private final Path pidFile;
  private final int port;

  private Nginx(Path config, Path pidFile, int port) {
    this.config = config;
    this.pidFile = pidFile;
    this.port = port;
  }

  /**
   * Starts nginx answering {@code 302} to {@code location}.
   *
   * @param dir where the configuration, pid file and error log go
   * @param location the fixed redirect target
   */
  static Nginx start(Path dir, String location) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path pidFile = dir.resolve("nginx.pid");
    Path config = dir.resolve("nginx-bench.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "worker_processes 1; pid "
                + pidFile
                + "; error_log "
                + dir.resolve("nginx-error.log")
                + ";",
            "events { worker_connections 1024; }",
            // Keep-alive connections are never closed by nginx during a run (by default it
            // closes one after 1000 requests), as Levier never closes them either.
            "http { access_log off; keepalive_requests 1000000000; keepalive_timeout 300s;",
            "  server { listen 127.0.0.1:" + port + ";",
            "  location / { return 302 " + location + "; } } }",
            ""),
        StandardCharsets.US_ASCII);
    run(BINARY, "-c", config.toString());
    Nginx nginx = new Nginx(config, pidFile, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (nginx.worker().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nginx did not start a worker; see " + dir);
      }
      Thread.sleep(50);
    }
    return nginx;
  }

  int port() {
    return port;
  }

  /** The CPU time the worker process has used so far, in nanoseconds. */
  long workerCpuNanos() {
    return worker()
        .flatMap(w -> w.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElseThrow(() -> new IllegalStateException("no nginx worker"));
  }

  private Optional<ProcessHandle> worker() {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long master = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(master).flatMap(m -> m.children().findFirst());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops this nginx ({@code nginx -s stop}) and waits for its pid file to go. */
  @Override
  public void close() throws IOException {
    try {
      run(BINARY, "-c", config.toString(), "-s", "stop");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Files.exists(pidFile) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping nginx", e);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
