package dev.levier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line against each database, as an operator would use it. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class CliTest {
  @Parameter TestDatabase database;

  private DatabaseSettings settings;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void setUp() {
    settings = database.create();
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    database.drop(settings);
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--db-url",
            settings.url(),
            "--db-user",
            settings.user(),
            "--db-password",
            settings.password()));
    return Main.run(all.toArray(String[]::new));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void migrateAppliesOnceThenHasNothingToDo() {
    assertThat(run("migrate")).isZero();
    int count = dev.levier.testing.Migrations.count();
    String latest = dev.levier.testing.Migrations.latest();
    assertThat(stdout())
        .contains(
            "applied "
                + count
                + " migration"
                + (count == 1 ? "" : "s")
                + "; schema version "
                + latest);
    assertThat(run("migrate")).isZero();
    assertThat(stdout()).contains("applied 0 migrations; schema version " + latest);
  }

  @Test
  void keysCreatePrintsTheKeyAsTheLastLine() {
    run("migrate");
    assertThat(run("keys", "create", "--role", "admin", "--label", "ops")).isZero();
    String[] lines = stdout().strip().split("\n");
    assertThat(lines[lines.length - 1]).matches("lvk_[A-Za-z0-9_-]{43}");
    assertThat(lines[0]).startsWith("created admin key key_");

    assertThat(run("keys", "list")).isZero();
    assertThat(stdout()).contains("admin").contains("ops").doesNotContain(lines[lines.length - 1]);
  }

  @Test
  void keysCreateRefusesWhatCannotBe() {
    run("migrate");
    assertThat(run("keys", "create", "--role", "root")).isEqualTo(2);
    assertThat(stderr()).contains("--role").contains("admin|advertiser|publisher");

    assertThat(run("keys", "create", "--role", "advertiser")).isEqualTo(1);
    assertThat(stderr()).contains("ownerId").contains("required");

    assertThat(run("keys", "create", "--role", "advertiser", "--owner", "adv_0000000000000000"))
        .isEqualTo(1);
    assertThat(stderr()).contains("not found");
  }

  @Test
  void keysNeedAMigratedDatabase() {
    assertThat(run("keys", "create", "--role", "admin")).isEqualTo(2);
    assertThat(stderr()).contains("pending migrations").contains("levier migrate");
  }

  @Test
  void compactShrinksTheEmbeddedFileAndKeepsEveryRow() throws Exception {
    assertThat(run("migrate")).isZero();
    long keys = 0;
    if (database == TestDatabase.H2) {
      // Many small commits, as the journals make them: each leaves a piece of the file behind.
      for (int i = 0; i < 300; i++) {
        assertThat(run("keys", "create", "--role", "admin", "--label", "k" + i)).isZero();
        keys++;
      }
    }

    int code = run("compact");

    if (database == TestDatabase.POSTGRESQL) {
      assertThat(code).isEqualTo(2);
      assertThat(stderr()).contains("embedded H2 database only");
      return;
    }
    assertThat(code).as(stderr()).isZero();
    java.util.regex.Matcher sizes =
        java.util.regex.Pattern.compile("([0-9.,]+) MB -> ([0-9.,]+) MB").matcher(stdout());
    assertThat(sizes.find()).as(stdout()).isTrue();
    double before = Double.parseDouble(sizes.group(1).replace(",", ""));
    double after = Double.parseDouble(sizes.group(2).replace(",", ""));
    assertThat(after).isLessThan(before);
    assertThat(run("keys", "list")).isZero();
    assertThat(stdout().lines().filter(line -> line.contains("key_")).count())
        .isGreaterThanOrEqualTo(keys);
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"--help"},
          {"serve", "--help"},
          {"demo", "--help"},
          {"migrate", "--help"},
          {"compact", "--help"},
          {"keys", "--help"},
          {"keys", "create", "--help"},
          {"keys", "list", "--help"}
        }) {
      out.reset();
      assertThat(Main.run(command)).as(String.join(" ", command)).isZero();
      assertThat(stdout()).as(String.join(" ", command)).contains("Usage: levier");
    }
  }

  @Test
  void theDemoRefusesAWrongSizeBeforeStartingAnything() {
    assertThat(Main.run("demo", "--customers", "10", "--exit")).isEqualTo(2);
    assertThat(stderr()).contains("--customers must be from 50 to 1000000, was 10");
    assertThat(Main.run("demo", "--days", "0", "--exit")).isEqualTo(2);
    assertThat(stderr()).contains("--days must be from 1 to 366, was 0");
    assertThat(Main.run("demo", "--url", "http://localhost:1", "--exit")).isEqualTo(2);
    assertThat(stderr()).contains("--url needs an admin key of that server: --key lvk_...");
  }

  @Test
  void aBadSettingStopsWithItsName() {
    assertThat(Main.run("serve", "--port", "http", "--data", "target/unused")).isEqualTo(2);
    assertThat(stderr())
        .contains("port = 'http' (from flag --port): must be a whole number from 0 to 65535");
  }
}
