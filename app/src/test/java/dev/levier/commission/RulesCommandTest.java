package dev.levier.commission;

import static dev.levier.testing.Sales.click;
import static dev.levier.testing.Sales.now;
import static dev.levier.testing.Sales.partnership;
import static dev.levier.testing.Sales.programme;
import static dev.levier.testing.Sales.publishedRules;
import static dev.levier.testing.Sales.readmeRules;
import static dev.levier.testing.Sales.sale;
import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.cli.Main;
import dev.levier.config.DatabaseSettings;
import dev.levier.testing.NetworkTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code levier rules simulate} on the database a server wrote, once the server has stopped. */
class RulesCommandTest extends NetworkTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(DatabaseSettings db, String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--db-url", db.url(), "--db-user", db.user(), "--db-password", db.password()));
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return Main.run(all.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

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

    int code =
        run(
            db,
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

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("1 sales replayed", "content", network.pubX());
    // The published rules replayed on their own sale cost exactly what was paid.
    assertThat(table.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow())
        .containsPattern("22\\.00 +22\\.00 +0\\.00");

    Path flat = dir.resolve("flat.json");
    Files.writeString(flat, "{\"rules\":[{\"id\":\"all\",\"pay\":{\"percent\":\"5\"}}]}");
    assertThat(
            run(
                db,
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
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"after\":\"16.00\"");

    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"rules\":[{\"id\":\"all\",\"pay\":{\"percent\":\"500\"}}]}");
    assertThat(
            run(
                db,
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
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("rules[0].pay.percent");

    assertThat(
            run(
                db,
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
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--to");
  }
}
