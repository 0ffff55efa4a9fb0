package dev.levier.cli;

import dev.levier.config.LevierConfig;
import dev.levier.demo.DemoDriver;
import dev.levier.demo.DemoSummary;
import dev.levier.demo.DemoSummaryText;
import dev.levier.server.Levier;
import dev.levier.simulation.Market;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code levier demo}: a simulated market with known truth played through the real API, and what
 * Levier found in it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a market whose truth is known (advertisers, publishers of every type, customers,"
          + " returns, planted fraud) over the last days of the previous month, plays it through"
          + " the HTTP API of a Levier it starts (or of --url), and prints what Levier found"
          + " beside the truth. The server keeps running for exploration unless --exit.",
      "See docs/demo.md."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Mixin DatabaseOptions database = new DatabaseOptions();

  @Option(
      names = "--customers",
      paramLabel = "N",
      defaultValue = "20000",
      description = "Customers in the market (default: ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--days",
      paramLabel = "D",
      defaultValue = "30",
      description = "Days simulated, ending with the previous month (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Random seed; the same seed gives the same market (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "0",
      description =
          "Simulated minutes played per second, to watch it live; 0 plays as fast as the server"
              + " answers (default).")
  int speed;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "16",
      description = "Requests at once (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Play against this running server instead of starting one; it must run with"
              + " clock=simulated and tracking.trust-forwarded-for=true.")
  @Nullable String url;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "An admin API key of the --url server.")
  @Nullable String key;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port of the server it starts (default: 8080; 0 = any free port).")
  @Nullable String port;

  @Option(names = "--exit", description = "Stop after the summary instead of serving on.")
  boolean exit;

  @Override
  public Integer call() throws InterruptedException {
    if (customers < 50 || customers > 1_000_000) {
      throw new Main.UsageFailure("--customers must be from 50 to 1000000, was " + customers);
    }
    if (days < 1 || days > 366) {
      throw new Main.UsageFailure("--days must be from 1 to 366, was " + days);
    }
    if (inFlight < 1 || inFlight > 256) {
      throw new Main.UsageFailure("--in-flight must be from 1 to 256, was " + inFlight);
    }
    PrintWriter out = Main.out(spec);
    PrintWriter err =
        spec == null
            ? new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8)
            : spec.commandLine().getErr();
    Market market =
        Market.generate(DemoDriver.settings(customers, days, seed, java.time.Instant.now()));

    if (url != null) {
      String admin = key;
      if (admin == null || admin.isBlank()) {
        throw new Main.UsageFailure("--url needs an admin key of that server: --key lvk_...");
      }
      DemoSummary summary =
          new DemoDriver(new DemoDriver.Options(url, admin, inFlight, speed), market, err).run();
      DemoSummaryText.print(summary, out);
      return 0;
    }

    // Thousands of requests a second: only warnings reach the log while the demo runs.
    if (System.getProperty("levier.log.level") == null) {
      System.setProperty("levier.log.level", "WARN");
    }
    Map<String, String> flags = new LinkedHashMap<>();
    DatabaseOptions.put(flags, "port", port);
    flags.put("clock", "simulated");
    flags.put("tracking.trust-forwarded-for", "true");
    flags.put("http.rate-limit", "1000000");
    flags.put("http.rate-burst", "1000000");
    if (database.data == null && database.dbUrl == null) {
      try {
        flags.put("data", Files.createTempDirectory("levier-demo-").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    LevierConfig config = database.load(flags);
    Levier levier = Levier.start(config, false);
    String admin =
        levier.announcedKey().orElseGet(() -> levier.services().keys().rotateDemoAdminKey()).key();
    err.println(
        "levier demo: Levier is running at "
            + levier.baseUrl()
            + ", database: "
            + ServeCommand.describe(config.database()));
    DemoSummary summary;
    try {
      summary =
          new DemoDriver(
                  new DemoDriver.Options(levier.baseUrl(), admin, inFlight, speed), market, err)
              .run();
    } catch (RuntimeException e) {
      levier.close();
      throw e;
    }
    DemoSummaryText.print(summary, out);
    if (exit) {
      levier.close();
      return 0;
    }
    ServeCommand.serveUntilStopped(
        levier,
        () -> {
          out.println();
          out.println("Levier keeps running at " + levier.baseUrl() + " for you to explore:");
          out.println("  admin API key (shown once, stored hashed): " + admin);
          out.println(
              "  curl -s -H 'Authorization: Bearer "
                  + admin
                  + "' "
                  + levier.baseUrl()
                  + "/api/v1/demo/summary");
          out.println("Press Ctrl-C to stop.");
          out.flush();
        });
    return 0;
  }
}
