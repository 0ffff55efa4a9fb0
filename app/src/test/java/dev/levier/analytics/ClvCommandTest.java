package dev.levier.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.levier.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code levier clv fit} on the CDNOW sample, and on files it must refuse. */
class ClvCommandTest {

  private static final String RELATIVE = "shared/data/cdnow/cdnow_customers_summary.csv";

  private final Cli cli = Cli.withoutDatabase();

  /** The CDNOW summary beside the repository, found by walking up from the working directory. */
  private static Path cdnow() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(RELATIVE))) {
        return dir.resolve(RELATIVE);
      }
    }
    throw new IllegalStateException(
        "the CDNOW sample is missing: no " + RELATIVE + " in " + start + " or above it");
  }

  /**
   * The published maximum-likelihood values: Fader, Hardie and Lee (2005) for the BG/NBD, Fader and
   * Hardie's Gamma-Gamma note for the spend, each within 1%.
   */
  @Test
  void fitsTheCdnowSampleToThePublishedParameters() {
    int code = cli.run("clv", "fit", "--summary", cdnow().toString());

    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.err()).isEmpty();
    String[] lines = cli.out().strip().split("\\R");
    assertThat(lines[0]).isEqualTo("name,value");
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] fields = lines[i].split(",");
      assertThat(fields).hasSize(2);
      values.put(fields[0], Double.parseDouble(fields[1]));
    }
    assertThat(values.keySet()).containsExactly("r", "alpha", "a", "b", "p", "q", "gamma");
    Map<String, Double> published =
        Map.of(
            "r", 0.243, "alpha", 4.414, "a", 0.793, "b", 2.426, "p", 6.25, "q", 3.74, "gamma",
            15.44);
    published.forEach(
        (name, value) ->
            assertThat(values.get(name)).as(name).isCloseTo(value, withinPercentage(1)));
    // Six significant digits.
    assertThat(lines[1]).matches("r,0\\.\\d{6}");
  }

  @Test
  void refusesAFileWithBadLinesListingThem(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        "ID,x,t_x,T,zbar\n1,2,30.43,38.86,22.35\n2,two,1,38.86,5\n3,1,40,38.86,5\n",
        StandardCharsets.UTF_8);

    assertThat(cli.run("clv", "fit", "--summary", file.toString())).isEqualTo(2);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .isEqualToNormalizingNewlines(
            "levier: --summary: "
                + file
                + ": the customer summary is refused, 2 bad lines:\n"
                + "  line 3: x is not a number: 'two'\n"
                + "  line 4: t_x (recency) must be between 0 and T (age) = 38.86, not 40.0\n");
  }

  @Test
  void refusesDataThatCannotBeFitted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("none.csv");
    Files.writeString(file, "ID,x,t_x,T,zbar\n1,0,0,38.86,0\n2,0,0,38.86,0\n");

    assertThat(cli.run("clv", "fit", "--summary", file.toString())).isEqualTo(2);

    assertThat(cli.err())
        .contains("levier: --summary: " + file + ": BG/NBD: no customer made a repeat purchase");
  }

  @Test
  void refusesAMissingFileAndAFileThatIsNotText(@TempDir Path dir) throws IOException {
    assertThat(cli.run("clv", "fit", "--summary", dir.resolve("no.csv").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("levier: --summary: no such file: " + dir.resolve("no.csv"));

    Path binary = dir.resolve("binary.csv");
    Files.write(binary, new byte[] {'I', 'D', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThat(cli.run("clv", "fit", "--summary", binary.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--summary: " + binary + " is not UTF-8 text");
  }

  @Test
  void withoutASubcommandPrintsUsage() {
    assertThat(cli.run("clv")).isEqualTo(2);
    assertThat(cli.out()).contains("fit");
  }
}
