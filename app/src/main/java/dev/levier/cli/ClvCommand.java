package dev.levier.cli;

import dev.levier.analytics.BgNbd;
import dev.levier.analytics.CustomerSummary;
import dev.levier.analytics.CustomerSummaryReader;
import dev.levier.analytics.GammaGamma;
import dev.levier.analytics.IdentifiedCustomer;
import dev.levier.analytics.ModelFitException;
import dev.levier.text.RefusedFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code levier clv}: customer lifetime value models on exported customer summaries, without a
 * database, for analysts.
 */
@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    description = "Customer lifetime value models (BG/NBD and Gamma-Gamma) on a summary file.",
    subcommands = {ClvCommand.Fit.class})
final class ClvCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    if (spec != null) {
      spec.commandLine().usage(Main.out(spec));
    }
    return 2;
  }

  @Command(
      name = "fit",
      mixinStandardHelpOptions = true,
      description = {
        "Fits the BG/NBD purchase model on every customer, and the Gamma-Gamma",
        "spend model on those with repeat purchases, by maximum likelihood.",
        "Prints the seven parameters as CSV under the header name,value:",
        "r, alpha, a, b, p, q, gamma, to 6 significant digits. alpha is in the",
        "file's time unit, gamma in its currency unit. The file has the header",
        CustomerSummaryReader.HEADER + "; a file with bad lines is refused with their numbers."
      })
  static final class Fit implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    @Option(
        names = "--summary",
        required = true,
        paramLabel = "FILE",
        description = "The customer summary file (UTF-8).")
    Path summary = Path.of("");

    @Override
    public Integer call() {
      List<CustomerSummary> customers =
          read(summary).stream().map(IdentifiedCustomer::summary).toList();
      BgNbd purchases;
      GammaGamma spend;
      try {
        purchases = BgNbd.fit(customers);
        spend = GammaGamma.fit(customers);
      } catch (ModelFitException e) {
        // The file read, but its data cannot be fitted: still the input's fault, so exit 2.
        throw new Main.UsageFailure("--summary: " + summary + ": " + e.getMessage());
      }
      PrintWriter out = Main.out(spec);
      out.println("name,value");
      out.println("r," + number(purchases.r()));
      out.println("alpha," + number(purchases.alpha()));
      out.println("a," + number(purchases.a()));
      out.println("b," + number(purchases.b()));
      out.println("p," + number(spend.p()));
      out.println("q," + number(spend.q()));
      out.println("gamma," + number(spend.gamma()));
      out.flush();
      return 0;
    }
  }

  private static List<IdentifiedCustomer> read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return CustomerSummaryReader.read(in);
    } catch (NoSuchFileException e) {
      throw new Main.UsageFailure("--summary: no such file: " + file);
    } catch (IOException e) {
      throw new Main.UsageFailure("--summary: cannot read " + file + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      // The reader's own failures, read line by line, come wrapped.
      if (e.getCause() instanceof CharacterCodingException) {
        throw new Main.UsageFailure("--summary: " + file + " is not UTF-8 text");
      }
      throw new Main.UsageFailure("--summary: cannot read " + file + ": " + e.getCause());
    } catch (RefusedFileException e) {
      throw new Main.UsageFailure("--summary: " + file + ": " + e.getMessage());
    }
  }

  /**
   * Six significant digits, never in exponent form: estimates are not known better than that, and
   * spreadsheets read plain decimals everywhere.
   */
  static String number(double value) {
    return BigDecimal.valueOf(value)
        .round(new MathContext(6, RoundingMode.HALF_EVEN))
        .toPlainString();
  }
}
