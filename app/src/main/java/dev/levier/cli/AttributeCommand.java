package dev.levier.cli;

import dev.levier.attribution.ChannelCredit;
import dev.levier.attribution.Credits;
import dev.levier.attribution.ModelSpec;
import dev.levier.attribution.ModelSpecException;
import dev.levier.attribution.PathSummaryReader;
import dev.levier.attribution.Paths;
import dev.levier.http.CsvText;
import dev.levier.text.RefusedFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code levier attribute}: shares the conversions of a path-summary file between its channels
 * under one or more models, without a database, for analysts comparing models on exported data.
 */
@Command(
    name = "attribute",
    mixinStandardHelpOptions = true,
    description = {
      "Reads journeys summarised by path (header "
          + PathSummaryReader.HEADER
          + ", channels joined by ' > ')",
      "and prints what each channel earned under the model, as CSV: channel,conversions,value,",
      "sorted by channel. With several models (a comma-separated list, or all), prints",
      "channel,model,conversions,value: one row per channel and model, models in the order given.",
      "Numbers have at most 6 decimals. A file with bad lines is refused with their numbers."
    })
final class AttributeCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = {
        "last|first|linear|time-decay|position|role|markov|shapley|shapley-ordered,",
        "several joined by commas, or all."
      })
  String model = "";

  @Option(
      names = "--paths",
      required = true,
      paramLabel = "FILE",
      description = "The path-summary file (UTF-8).")
  Path paths = Path.of("");

  @Option(
      names = "--order",
      paramLabel = "K",
      description = "markov: how many past channels a state remembers, 1 to 4 (default 1).")
  @Nullable String order;

  @Option(
      names = "--half-life-days",
      paramLabel = "D",
      description = "time-decay: after how many days a touch counts half (default 7).")
  @Nullable String halfLifeDays;

  @Option(
      names = "--position",
      paramLabel = "F/M/L",
      description = "position: first/middle/last shares in percent (default 40/20/40).")
  @Nullable String position;

  @Option(
      names = "--roles",
      paramLabel = "I/A/C",
      description = "role: introducer/assist/closer shares in percent (default 30/20/50).")
  @Nullable String roles;

  @Option(
      names = "--multi-role",
      paramLabel = "sum|strongest",
      description = "role: what a channel holding several roles gets (default sum).")
  @Nullable String multiRole;

  @Override
  public Integer call() {
    List<ModelSpec> specs = specs();
    Paths read = read(paths);
    PrintWriter out = Main.out(spec);
    if (specs.size() == 1) {
      Credits credits = specs.get(0).toModel().attribute(read);
      out.println("channel,conversions,value");
      for (ChannelCredit credit : credits.byChannel()) {
        out.println(
            csv(credit.channel())
                + ","
                + number(credit.conversions())
                + ","
                + number(credit.value()));
      }
    } else {
      // Every model is computed before anything is printed, so a failing model prints no half
      // table.
      List<Credits> all = new ArrayList<>();
      for (ModelSpec each : specs) {
        all.add(each.toModel().attribute(read));
      }
      out.println("channel,model,conversions,value");
      for (String channel : read.channels().stream().sorted().toList()) {
        for (int m = 0; m < specs.size(); m++) {
          ChannelCredit credit = all.get(m).of(channel).orElse(new ChannelCredit(channel, 0, 0));
          out.println(
              csv(channel)
                  + ","
                  + specs.get(m).name()
                  + ","
                  + number(credit.conversions())
                  + ","
                  + number(credit.value()));
        }
      }
    }
    out.flush();
    return 0;
  }

  /** The models asked for, each with the options that were given; errors name the flag. */
  private List<ModelSpec> specs() {
    Map<String, String> options = new LinkedHashMap<>();
    put(options, "order", order);
    put(options, "half-life-days", halfLifeDays);
    put(options, "position", position);
    put(options, "roles", roles);
    put(options, "multi-role", multiRole);
    try {
      if (model.strip().equals("all")) {
        return ModelSpec.parseAll(options);
      }
      String[] names = model.split(",", -1);
      if (names.length == 1) {
        return List.of(ModelSpec.parse(names[0], options));
      }
      // In a list, an option is checked by its own model; it only has to belong to one of them.
      List<ModelSpec> all = ModelSpec.parseAll(options);
      List<ModelSpec> chosen = new ArrayList<>();
      for (String name : names) {
        ModelSpec one = ModelSpec.parse(name, Map.of());
        chosen.add(all.stream().filter(s -> s.kind() == one.kind()).findFirst().orElseThrow());
      }
      for (String option : options.keySet()) {
        ModelSpec.Kind owner = ModelSpec.modelOf(option);
        if (chosen.stream().noneMatch(s -> s.kind() == owner)) {
          throw new ModelSpecException(
              option, "applies only to " + owner + ", which is not among " + model);
        }
      }
      return chosen;
    } catch (ModelSpecException e) {
      throw new Main.UsageFailure("--" + e.option() + ": " + e.reason());
    }
  }

  private static void put(Map<String, String> options, String name, @Nullable String value) {
    if (value != null) {
      options.put(name, value);
    }
  }

  private static Paths read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return PathSummaryReader.read(in);
    } catch (NoSuchFileException e) {
      throw new Main.UsageFailure("--paths: no such file: " + file);
    } catch (IOException e) {
      throw new Main.UsageFailure("--paths: cannot read " + file + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      // The reader's own failures, read line by line, come wrapped.
      if (e.getCause() instanceof CharacterCodingException) {
        throw new Main.UsageFailure("--paths: " + file + " is not UTF-8 text");
      }
      throw new Main.UsageFailure("--paths: cannot read " + file + ": " + e.getCause());
    } catch (RefusedFileException e) {
      throw new Main.UsageFailure("--paths: " + file + ": " + e.getMessage());
    }
  }

  /** At most 6 decimals, without trailing zeros: {@code 3.166667}, {@code 2}. */
  static String number(double value) {
    return BigDecimal.valueOf(value)
        .setScale(6, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** A CSV field, quoted only when the channel name holds a comma, a quote or a line break. */
  static String csv(String field) {
    return CsvText.cell(field);
  }
}
