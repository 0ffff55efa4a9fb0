package dev.levier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code levier serve} as its own process, the way it runs in production: it announces where it
 * listens and its first admin key, serves, and on SIGTERM stops gracefully.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class ProcessLifecycleTest {
  private static final Pattern RUNNING = Pattern.compile("Levier is running at (http://\\S+)");
  private static final Pattern KEY =
      Pattern.compile("admin API key \\(shown once, stored hashed\\): (lvk_\\S+)");

  @Parameter TestDatabase database;

  @Test
  void servesThenStopsGracefullyOnSigterm() throws IOException, InterruptedException {
    DatabaseSettings settings = database.create();
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
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    try {
      String url = null;
      String key = null;
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((url == null || key == null) && System.nanoTime() < deadline) {
        String line = out.readLine();
        if (line == null) {
          break;
        }
        Matcher running = RUNNING.matcher(line);
        if (running.find()) {
          url = running.group(1);
        }
        Matcher announced = KEY.matcher(line);
        if (announced.find()) {
          key = announced.group(1);
        }
      }
      assertThat(url).as(Files.readString(log)).isNotNull();
      assertThat(key).isNotNull();

      Api api = new Api(url, key);
      assertThat(api.get("/api/v1/advertisers").status()).isEqualTo(200);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("exit after SIGTERM").isEqualTo(143);
      String stderr = Files.readString(log);
      assertThat(stderr).contains("Levier is stopping").contains("Levier stopped");
    } finally {
      process.destroyForcibly();
      database.drop(settings);
      Files.deleteIfExists(log);
    }
  }
}
