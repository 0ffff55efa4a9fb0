package dev.levier.commission;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.readmeRules;
import static dev.levier.testing.Sales.sale;
import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.Cli;
import dev.levier.testing.NetworkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code levier rules simulate} on the database a server wrote, once the server has stopped. */
class RulesCommandTest extends NetworkTest {
  @Test
  void simulatesAStoredRuleSetOrAFileAndRefusesBadRules(@TempDir Path dir) throws IOException {
    String programme = programme();
    String partnership = partnership(programme, network.pubX());
    Instant start = now().minusSeconds(60);
    String published = publishedRules(programme, readmeRules(), start);
    sale(programme, click(partnership), "cli-1", now());
    String end = now().plusSeconds(60).toString();
    server.stop();
    DatabaseSettings db = server.database();
    Cli cli = new Cli(db);

    int code =
        cli.run(
            "rules",
            "simulate",
            "--programme",
            programme,
            "--rule-set",
            published,
            "--from",
            start.toString(),
            "--to",
            end);

    assertThat(code).as(cli.err()).isZero();
    String table = cli.out();
    assertThat(table).contains("1 sales replayed", "content", network.pubX());
    // The published rules replayed on their own sale cost exactly what was paid.
    assertThat(table.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow())
        .containsPattern("22\\.00 +22\\.00 +0\\.00");

    Path flat = dir.resolve("flat.json");
    Files.writeString(flat, "{\"rules\":[{\"id\":\"all\",\"pay\":{\"percent\":\"5\"}}]}");
    assertThat(
            cli.run(
                "rules",
                "simulate",
                "--programme",
                programme,
                "--file",
                flat.toString(),
                "--from",
                start.toString(),
                "--to",
                end,
                "--json"))
        .isZero();
    assertThat(cli.out()).contains("\"after\":\"16.00\"");

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"rules\":[{\"id\":\"all\",\"pay\":{\"percent\":\"500\"}}]}");
    assertThat(
            cli.run(
                "rules",
                "simulate",
                "--programme",
                programme,
                "--file",
                broken.toString(),
                "--from",
                start.toString(),
                "--to",
                end))
        .isEqualTo(2);
    assertThat(cli.err()).contains("rules[0].pay.percent");

    assertThat(
            cli.run(
                "rules",
                "simulate",
                "--programme",
                programme,
                "--rule-set",
                published,
                "--from",
                end,
                "--to",
                start.toString()))
        .isEqualTo(2);
    assertThat(cli.err()).contains("--to");
  }
}
