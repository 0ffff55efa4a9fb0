package dev.levier.cli;

import dev.levier.config.DatabaseSettings;
import dev.levier.config.LevierConfig;
import dev.levier.server.Levier;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levier serve}: runs the server until SIGTERM or Ctrl-C, then stops gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the Levier server: management API, health and metrics.",
      "Uses the embedded H2 database under --data unless --db-url names PostgreSQL.",
      "Settings can also come from levier.properties and LEVIER_* environment variables."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Mixin DatabaseOptions database = new DatabaseOptions();

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port (default: 8080; 0 = any free port).")
  @Nullable String port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Interface to bind (default: 0.0.0.0).")
  @Nullable String host;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description = "Log line format (default: text).")
  @Nullable String logFormat;

  @Option(
      names = "--demo",
      description = "Load a small demo network and print a fresh admin API key.")
  boolean demo;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    DatabaseOptions.put(flags, "port", port);
    DatabaseOptions.put(flags, "host", host);
    DatabaseOptions.put(flags, "log.format", logFormat);
    LevierConfig config = database.load(flags);

    Levier levier = Levier.start(config, demo);
    serveUntilStopped(levier, () -> announce(levier, config));
    return 0;
  }

  /**
   * Serves until SIGTERM or Ctrl-C, then stops gracefully; {@code announce} runs once the stop is
   * wired, so that what it prints holds.
   */
  static void serveUntilStopped(Levier levier, Runnable announce) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  levier.close();
                  stopped.countDown();
                },
                "levier-shutdown"));
    announce.run();
    stopped.await();
  }

  private void announce(Levier levier, LevierConfig config) {
    PrintWriter out = Main.out(spec);
    String url = levier.baseUrl();
    out.println();
    out.println("Levier is running at " + url);
    out.println("  database: " + describe(config.database()));
    if (demo) {
      out.println(
          "  demo network loaded: 3 advertisers, 3 programmes, 6 publishers, 8 partnerships");
    }
    levier
        .announcedKey()
        .ifPresent(
            key -> {
              out.println("  admin API key (shown once, stored hashed): " + key.key());
              out.println();
              out.println("Try:");
              out.println(
                  "  curl -s -H 'Authorization: Bearer "
                      + key.key()
                      + "' "
                      + url
                      + "/api/v1/programmes");
            });
    out.println("  API description: " + url + "/api/v1/openapi.json");
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  static String describe(DatabaseSettings settings) {
    return switch (settings.kind()) {
      case H2 -> "embedded H2 (" + settings.url().split(";", 2)[0] + ")";
      case POSTGRESQL -> "PostgreSQL (" + settings.url() + ")";
    };
  }
}
