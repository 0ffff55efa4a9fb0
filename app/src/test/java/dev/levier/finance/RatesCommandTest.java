package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.testing.Api;
import dev.levier.testing.Cli;
import dev.levier.testing.NetworkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code levier rates load} on the database a server wrote, once the server has stopped. */
class RatesCommandTest extends NetworkTest {
  private static List<String> stored(DatabaseSettings settings) {
    try (Database db = Database.open(settings, null)) {
      return db.transaction(
          c ->
              Sql.query(
                  c,
                  "SELECT base, quote, \"day\", rate, loaded_by FROM exchange_rate"
                      + " ORDER BY \"day\", base, quote",
                  r ->
                      r.getObject("day", java.time.LocalDate.class)
                          + " "
                          + r.getString("base")
                          + "/"
                          + r.getString("quote")
                          + " "
                          + r.getBigDecimal("rate").stripTrailingZeros().toPlainString()
                          + " "
                          + r.getString("loaded_by")));
    }
  }

  @Test
  void loadsAFileReplacingRatesAndRefusesABadOneWhole(@TempDir Path dir) throws IOException {
    Api.Response api =
        server
            .admin()
            .post(
                "/api/v1/rates",
                Map.of(
                    "rates",
                    List.of(
                        Map.of(
                            "date", "2026-03-02", "base", "EUR", "quote", "GBP", "rate", "0.85"))));
    assertThat(api.status()).as(api.toString()).isEqualTo(200);
    server.stop();
    DatabaseSettings db = server.database();
    Cli cli = new Cli(db);

    Path good = dir.resolve("rates.csv");
    Files.writeString(
        good, "date,base,quote,rate\n2026-03-02,EUR,GBP,0.8571\n2026-03-02,EUR,USD,1.0823\n");
    int code = cli.run("rates", "load", "--file", good.toString());

    assertThat(code).as(cli.err()).isZero();
    assertThat(cli.out()).contains("loaded 2 rates from");
    assertThat(stored(db))
        .containsExactly("2026-03-02 EUR/GBP 0.8571 cli", "2026-03-02 EUR/USD 1.0823 cli");

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "date,base,quote,rate\n2026-03-03,EUR,GBP,0.86\n2026-03-03,EUR,EUR,1\n");
    assertThat(cli.run("rates", "load", "--file", bad.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("the rate file is refused", "rows[3].quote");
    assertThat(stored(db)).hasSize(2);

    assertThat(cli.run("rates", "load", "--file", bad.toString(), "--valid-only")).isZero();
    assertThat(cli.out()).contains("loaded 1 rate from", "skipped:", "rows[3].quote");
    assertThat(stored(db)).contains("2026-03-03 EUR/GBP 0.86 cli").hasSize(3);

    Path header = dir.resolve("header.csv");
    Files.writeString(header, "day,base,quote,rate\n2026-03-03,EUR,GBP,0.86\n");
    assertThat(cli.run("rates", "load", "--file", header.toString())).isEqualTo(2);
    assertThat(cli.err()).contains("unknown column 'day'");

    assertThat(cli.run("rates", "load", "--file", dir.resolve("none.csv").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("--file: cannot read");
  }
}
