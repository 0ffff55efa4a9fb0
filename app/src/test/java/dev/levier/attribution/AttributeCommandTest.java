package dev.levier.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Cli;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code levier attribute} on the example of the issue: {@code direct} (2 conversions worth 40, 1
 * null), {@code search > email} (3 worth 60, 2 null), {@code search > social > email} (5 worth 100,
 * 4 null). The expected tables are golden files next to the paths, worked out by hand.
 */
class AttributeCommandTest {

  private final Cli cli = Cli.withoutDatabase();

  private static Path resource(String name) {
    URL url =
        Objects.requireNonNull(
            AttributeCommandTest.class.getResource("/attribution/" + name), name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String example() {
    return resource("issue-example.csv").toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"first", "last", "linear", "position", "role"})
  void printsTheGoldenTableOfEachHeuristic(String model) throws IOException {
    int code = cli.run("attribute", "--model", model, "--paths", example());

    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out())
        .isEqualToNormalizingNewlines(
            Files.readString(resource("issue-example." + model + ".csv"), StandardCharsets.UTF_8));
    assertThat(cli.err()).isEmpty();
  }

  /**
   * The three-path example of S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1:
   * Markov chain concept)", analyzecore.com, 2016: removal effects 0.5, 1 and 1 share one
   * conversion worth 1000 as 0.2, 0.4 and 0.4.
   */
  @Test
  void markovReproducesBrylsExampleThroughTheCommandLine(@TempDir Path dir) throws IOException {
    Path paths = dir.resolve("bryl.csv");
    Files.writeString(
        paths,
        "path;total_conversions;total_conversion_value;total_null\n"
            + "c1 > c2 > c3;1;1000;0\n"
            + "c1;0;0;1\n"
            + "c2 > c3;0;0;1\n");

    assertThat(cli.run("attribute", "--model", "markov", "--paths", paths.toString()))
        .as(cli.err())
        .isZero();

    assertThat(cli.out())
        .isEqualToNormalizingNewlines(
            "channel,conversions,value\nc1,0.2,200\nc2,0.4,400\nc3,0.4,400\n");
  }

  /**
   * The worked example of the issue after K. Zhao, S. H. Mahboobi, S. R. Bagheri, "Shapley Value
   * Methods for Attribution Modeling in Online Advertising" (2018): {@code a} (4) and {@code a > b}
   * (6) give a 7 and b 3; the ordered variant agrees on the totals.
   */
  @Test
  void shapleyGivesSevenAndThreeThroughTheCommandLine(@TempDir Path dir) throws IOException {
    Path paths = dir.resolve("shapley.csv");
    Files.writeString(
        paths,
        "path;total_conversions;total_conversion_value;total_null\na;4;40;0\na > b;6;60;0\n");

    assertThat(
            cli.run("attribute", "--model", "shapley,shapley-ordered", "--paths", paths.toString()))
        .as(cli.err())
        .isZero();

    assertThat(cli.out())
        .isEqualToNormalizingNewlines(
            "channel,model,conversions,value\n"
                + "a,shapley,7,70\n"
                + "a,shapley-ordered,7,70\n"
                + "b,shapley,3,30\n"
                + "b,shapley-ordered,3,30\n");
  }

  @Test
  void everyModelRunsOnTheIssuesExample() {
    assertThat(cli.run("attribute", "--model", "all", "--paths", example())).as(cli.err()).isZero();

    // Nine models, four channels, and a header.
    assertThat(cli.out().lines().count()).isEqualTo(1 + 9 * 4);
    assertThat(cli.out()).contains("direct,markov,").contains("social,shapley,1.666667,");
  }

  @Test
  void optionsChangeTheirModel() {
    assertThat(
            cli.run(
                "attribute", "--model", "position", "--position", "20/60/20", "--paths", example()))
        .isZero();
    // search > email splits 50/50; search > social > email gives 1, 3 and 1.
    assertThat(cli.out()).contains("search,2.5,50\n", "social,3,60\n", "email,2.5,50\n");

    assertThat(
            cli.run(
                "attribute",
                "--model",
                "time-decay",
                "--half-life-days",
                "1",
                "--paths",
                example()))
        .isZero();
    // One day apart with a one-day half-life: weights 1/2 and 1 (search > email), 1/4, 1/2, 1.
    assertThat(cli.out())
        .contains("search,1.714286,34.285714\n", "social,1.428571,28.571429\n")
        .contains("email,4.857143,97.142857\n");
  }

  @Test
  void severalModelsPrintOneRowPerChannelAndModel() {
    int code = cli.run("attribute", "--model", "first,last,linear", "--paths", example());

    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out())
        .isEqualToNormalizingNewlines(
            """
            channel,model,conversions,value
            direct,first,2,40
            direct,last,2,40
            direct,linear,2,40
            email,first,0,0
            email,last,8,160
            email,linear,3.166667,63.333333
            search,first,8,160
            search,last,0,0
            search,linear,3.166667,63.333333
            social,first,0,0
            social,last,0,0
            social,linear,1.666667,33.333333
            """);
  }

  @Test
  void channelNamesWithACommaAreQuoted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("paths.csv");
    Files.writeString(file, PathSummaryReader.HEADER + "\nnews, \"daily\" > email;4;10;0\n");

    assertThat(cli.run("attribute", "--model", "first", "--paths", file.toString())).isZero();

    assertThat(cli.out()).contains("\n\"news, \"\"daily\"\"\",4,10\n", "\nemail,0,0\n");
  }

  @Test
  void malformedRowsAreRefusedWithTheirLineNumbers(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("paths.csv");
    Files.writeString(
        file,
        PathSummaryReader.HEADER
            + "\ndirect;2;40;1\nsearch >  > email;3;60;2\nsearch;-3;60;2\nsocial;1;1\n");

    assertThat(cli.run("attribute", "--model", "last", "--paths", file.toString())).isEqualTo(2);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .contains("levier: --paths: " + file + ": the path summary is refused, 3 bad lines:")
        .contains("line 3: channel 2 of the path is empty ('search >  > email')")
        .contains("line 4: total_conversions must be zero or more, not '-3'")
        .contains("line 5: expected 4 fields");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(
        file,
        (PathSummaryReader.HEADER + "\nt\u00e9l\u00e9;1;1;0\n")
            .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(cli.run("attribute", "--model", "last", "--paths", file.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--paths: " + file + " is not UTF-8 text");
  }

  @Test
  void aMissingFileOrABadOptionStopsWithItsFlag(@TempDir Path dir) {
    assertThat(cli.run("attribute", "--model", "last", "--paths", dir.resolve("no.csv").toString()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--paths: no such file: " + dir.resolve("no.csv"));

    assertThat(cli.run("attribute", "--model", "u-shaped", "--paths", example())).isEqualTo(2);
    assertThat(cli.err()).contains("--model: 'u-shaped' is not one of last|first|linear");

    assertThat(
            cli.run(
                "attribute", "--model", "position", "--position", "40/20/30", "--paths", example()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--position: the shares first/middle/last must add up to 100");

    assertThat(cli.run("attribute", "--model", "linear", "--order", "2", "--paths", example()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--order: applies only to markov, not to linear");

    assertThat(cli.run("attribute", "--model", "markov", "--order", "x", "--paths", example()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--order: must be a whole number from 1 to 4, not 'x'");

    assertThat(
            cli.run(
                "attribute", "--model", "last,linear", "--roles", "30/20/50", "--paths", example()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--roles: applies only to role, which is not among last,linear");

    assertThat(cli.run("attribute", "--model", "last")).isEqualTo(2);
    assertThat(cli.err()).contains("--paths");
  }

  @Test
  void hasHelp() {
    assertThat(cli.run("attribute", "--help")).isZero();
    assertThat(cli.out()).contains("Usage: levier attribute", "--model", "channel,model");
  }
}
