package dev.levier.cli;

import dev.levier.auth.Principal;
import dev.levier.config.LevierConfig;
import dev.levier.errors.BadRequestException;
import dev.levier.errors.FieldError;
import dev.levier.errors.ValidationException;
import dev.levier.finance.RateService;
import dev.levier.finance.Rates;
import dev.levier.storage.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levier rates}: exchange rates on the configured database, for the operator. */
@Command(
    name = "rates",
    mixinStandardHelpOptions = true,
    description = "Loads exchange rates directly into the configured database.",
    subcommands = {RatesCommand.Load.class})
final class RatesCommand implements Callable<Integer> {
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
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Loads a CSV file of rates with the header date,base,quote,rate, as the API does.",
        "A rate for a pair and day already loaded is replaced. One bad row refuses the file,",
        "unless --valid-only is given. Running servers pick the rates up within seconds."
      })
  static final class Load implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    @Mixin DatabaseOptions database = new DatabaseOptions();

    @Option(
        names = "--file",
        required = true,
        paramLabel = "FILE",
        description = "The CSV file, such as rates.csv.")
    Path file = Path.of("");

    @Option(
        names = "--valid-only",
        description = "Load the good rows and list the bad ones instead of refusing the file.")
    boolean validOnly;

    @Override
    public Integer call() {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new Main.UsageFailure("--file: cannot read " + file + ": " + e.getMessage());
      }
      LevierConfig config = database.load(Map.of());
      PrintWriter out = Main.out(spec);
      try (Database db = Database.open(config.database(), null)) {
        Main.requireMigrated(db);
        RateService rates = new RateService(db, Clock.systemUTC(), new Rates(db));
        RateService.LoadResult result = rates.loadCsv(Principal.operator(), bytes, validOnly);
        out.println(
            "loaded "
                + result.loaded()
                + (result.loaded() == 1 ? " rate" : " rates")
                + " from "
                + file
                + (result.skipped().isEmpty() ? "" : "; skipped:"));
        for (FieldError error : result.skipped()) {
          out.println("  " + error.field() + ": " + error.reason());
        }
        out.flush();
        return 0;
      } catch (ValidationException e) {
        throw new Main.UsageFailure(refused(e.errors()));
      } catch (BadRequestException e) {
        throw new Main.UsageFailure("the rate file is refused: " + e.getMessage());
      }
    }

    private static String refused(List<FieldError> errors) {
      StringBuilder message =
          new StringBuilder("the rate file is refused, nothing was loaded (")
              .append(errors.size())
              .append(errors.size() == 1 ? " error" : " errors")
              .append("; --valid-only loads the good rows):");
      for (FieldError error : errors) {
        message.append("\n  ").append(error.field()).append(": ").append(error.reason());
      }
      return message.toString();
    }
  }
}
