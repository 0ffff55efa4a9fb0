package dev.levier.testing;

import dev.levier.config.DatabaseSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code levier serve} in a process of its own, on a given database, so that tests can stop it the
 * way production stops it: SIGTERM, or {@code kill -9}.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern RUNNING = Pattern.compile("Levier is running at (http://\\S+)");
  private static final Pattern KEY =
      Pattern.compile("admin API key \\(shown once, stored hashed\\): (lvk_\\S+)");

  private final Process process;
  private final Path log;
  private final String url;
  private final @Nullable String firstKey;

  private ServerProcess(Process process, Path log, String url, @Nullable String firstKey) {
    this.process = process;
    this.log = log;
    this.url = url;
    this.firstKey = firstKey;
  }

  public static ServerProcess start(DatabaseSettings settings, String... extraArgs)
      throws IOException {
    Path log = Files.createTempFile("levier-serve", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.levier.cli.Main");
    command.addAll(
        List.of(
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db-url",
            settings.url(),
            "--db-user",
            settings.user(),
            "--db-password",
            settings.password()));
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    // Two conversion writers on both databases, as in TestServer: advertisers' sales side by side.
    builder.environment().put("LEVIER_TRACKING_CONVERSION_WRITERS", "2");
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String url = null;
    String key = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = out.readLine();
      if (line == null) {
        break;
      }
      Matcher announced = KEY.matcher(line);
      if (announced.find()) {
        key = announced.group(1);
      }
      Matcher running = RUNNING.matcher(line);
      if (running.find()) {
        url = running.group(1);
      }
      if (line.startsWith("Press Ctrl-C")) {
        break;
      }
    }
    if (url == null) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not start:\n" + Files.readString(log));
    }
    Thread.ofVirtual().start(() -> drain(out));
    return new ServerProcess(process, log, url, key);
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // keep the pipe empty so the server never blocks on stdout
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  public String url() {
    return url;
  }

  /** The admin key printed at the first start of a new database; null on later starts. */
  public @Nullable String firstKey() {
    return firstKey;
  }

  public Api api(String key) {
    return new Api(url, key);
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, and waits for the graceful stop; returns the exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the server did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }
}
