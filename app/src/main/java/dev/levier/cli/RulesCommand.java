package dev.levier.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.auth.Principal;
import dev.levier.clock.ServerClock;
import dev.levier.commission.CommissionSimulator;
import dev.levier.config.LevierConfig;
import dev.levier.errors.FieldError;
import dev.levier.errors.ValidationException;
import dev.levier.http.Json;
import dev.levier.http.Parsers;
import dev.levier.server.Levier;
import dev.levier.storage.Database;
import dev.levier.tracking.TrackingIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levier rules}: commission rule sets on the configured database, for the operator. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description =
        "Works with programmes' commission rule sets directly on the configured database.",
    subcommands = {RulesCommand.Simulate.class})
final class RulesCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = Main.out(spec);
    if (spec != null) {
      spec.commandLine().usage(out);
    }
    return 2;
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = {
        "Replays a period's stored sales under a rule set and prints what they would cost beside",
        "what they did cost, per publisher type and per publisher. No commission is changed.",
        "The rule set is a stored one (--rule-set) or a JSON file with its rules (--file)."
      })
  static final class Simulate implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    @Mixin DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--programme", required = true, paramLabel = "ID", description = "prg_...")
    String programme = "";

    @Option(
        names = "--rule-set",
        paramLabel = "ID",
        description = "A stored rule set of the programme (rst_...), draft or published.")
    @Nullable String ruleSet;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "A JSON file holding resolution, rules and caps, as the API takes them; not stored.")
    @Nullable Path file;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "INSTANT",
        description = "Start of the period (orders placed at or after), e.g. 2026-10-01T00:00:00Z.")
    String from = "";

    @Option(
        names = "--to",
        required = true,
        paramLabel = "INSTANT",
        description = "End of the period (orders placed before).")
    String to = "";

    @Option(names = "--json", description = "Print the result as JSON, as the API answers.")
    boolean json;

    @Override
    public Integer call() {
      if ((ruleSet == null) == (file == null)) {
        throw new Main.UsageFailure("give either --rule-set or --file");
      }
      Instant start = instant("--from", from);
      Instant end = instant("--to", to);
      if (!start.isBefore(end)) {
        throw new Main.UsageFailure("--to: must be after --from");
      }
      LevierConfig config = database.load(Map.of());
      PrintWriter out = Main.out(spec);
      try (Database db = Database.open(config.database(), null)) {
        Main.requireMigrated(db);
        Levier.Services services =
            Levier.Services.create(db, ServerClock.system(), new TrackingIndex(db));
        Principal operator = Principal.operator();
        CommissionSimulator.Result result =
            ruleSet != null
                ? services.simulator().simulate(operator, programme, ruleSet, start, end)
                : services.simulator().simulate(operator, programme, read(file), start, end);
        if (json) {
          out.println(new String(Json.write(result), StandardCharsets.UTF_8));
        } else {
          print(out, result);
        }
        out.flush();
        return 0;
      } catch (ValidationException e) {
        StringBuilder message = new StringBuilder("the rule set is not valid:");
        for (FieldError error : e.errors()) {
          message.append("\n  ").append(error.field()).append(": ").append(error.reason());
        }
        throw new Main.UsageFailure(message.toString());
      }
    }

    private static ObjectNode read(@Nullable Path path) {
      if (path == null) {
        throw new Main.UsageFailure("--file: missing");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(path);
      } catch (IOException e) {
        throw new Main.UsageFailure("--file: cannot read " + path + ": " + e.getMessage());
      }
      try {
        if (Json.parse(bytes) instanceof ObjectNode object) {
          return object;
        }
      } catch (RuntimeException e) {
        throw new Main.UsageFailure("--file: " + path + " is not JSON: " + e.getMessage());
      }
      throw new Main.UsageFailure("--file: " + path + " must hold a JSON object");
    }

    private static Instant instant(String option, String text) {
      try {
        return Parsers.instant(text);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageFailure(option + ": " + e.getMessage());
      }
    }

    private static void print(PrintWriter out, CommissionSimulator.Result result) {
      out.printf(
          Locale.ROOT,
          "%s on %s, orders from %s to %s, in %s: %d sales replayed%s%n",
          result.ruleSetId(),
          result.programmeId(),
          result.from(),
          result.to(),
          result.currency(),
          result.conversions(),
          result.otherCurrency() == 0
              ? ""
              : " ("
                  + result.otherCurrency()
                  + " in another currency without an exchange rate left out)");
      String row = "%-12s %-22s %11s %14s %14s %14s%n";
      out.printf(Locale.ROOT, row, "type", "publisher", "sales", "paid", "would pay", "change");
      for (CommissionSimulator.TypeCost type : result.byPublisherType()) {
        out.printf(
            Locale.ROOT,
            row,
            type.publisherType(),
            "(all)",
            type.conversions(),
            type.before(),
            type.after(),
            type.change());
        for (CommissionSimulator.Cost cost : result.byPublisher()) {
          if (cost.publisherType().equals(type.publisherType())) {
            out.printf(
                Locale.ROOT,
                row,
                "",
                cost.publisherId(),
                cost.conversions(),
                cost.before(),
                cost.after(),
                cost.change());
          }
        }
      }
      out.printf(
          Locale.ROOT,
          row,
          "total",
          "",
          result.conversions(),
          result.before(),
          result.after(),
          result.change());
    }
  }
}
