package dev.levier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaultsNeedNothingSetUp() {
    LevierConfig config = ConfigLoader.load(Map.of(), Map.of(), null, dir);

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.dataDir()).isEqualTo(dir.resolve("levier-data"));
    assertThat(config.database().kind()).isEqualTo(DatabaseSettings.Kind.H2);
    assertThat(config.database().url())
        .startsWith("jdbc:h2:file:" + dir.resolve("levier-data").resolve("levier"));
    assertThat(config.migrateOnStart()).isTrue();
    assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.publicUrl(8080)).isEqualTo("http://localhost:8080");
    assertThat(config.eventLoops())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Test
  void httpRunsOnAtLeastOneEventLoop() {
    assertThat(ConfigLoader.load(Map.of("http.event-loops", "1"), Map.of(), null, dir).eventLoops())
        .isEqualTo(1);
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of(), Map.of("LEVIER_HTTP_EVENT_LOOPS", "0"), null, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid setting: http.event-loops = '0' (from environment LEVIER_HTTP_EVENT_LOOPS):"
                + " must be a whole number from 1 to 256");
  }

  /** A setting as the H2 database itself reports it. */
  private static Optional<String> h2Setting(Database database, String name) {
    return database.transaction(
        c ->
            Sql.queryOne(
                c,
                "SELECT setting_value FROM information_schema.settings WHERE setting_name = ?",
                r -> r.getString(1),
                name));
  }

  @Test
  void theEmbeddedDefaultRunsWithAFourMegabytePageCache() {
    LevierConfig config = ConfigLoader.load(Map.of(), Map.of(), null, dir);

    Database database = Database.open(config.database(), null);
    try {
      // What the store itself holds to, in MB (not only the setting as given).
      assertThat(h2Setting(database, "info.CACHE_MAX_SIZE")).contains("4");
      // Commits are written by the forcing before they are acknowledged, in a round shared by
      // the commits of the moment, not one by one as they return; H2's own compaction stays off
      // beside H2FileUpkeep's rounds.
      MVStore store =
          database.transaction(
              c ->
                  ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
                      .getDatabase()
                      .getStore()
                      .getMvStore());
      assertThat(store.getAutoCommitDelay()).isEqualTo(500);
      assertThat(h2Setting(database, "AUTO_COMPACT_FILL_RATE")).contains("0");
    } finally {
      database.close();
    }
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
    Files.writeString(
        dir.resolve("levier.properties"), "port=7000\nhost=127.0.0.1\ndb.pool-size=3\n");

    LevierConfig config =
        ConfigLoader.load(
            Map.of("port", "9000"),
            Map.of("LEVIER_PORT", "8000", "LEVIER_DB_POOL_SIZE", "5", "PATH", "/usr/bin"),
            null,
            dir);

    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.database().poolSize()).isEqualTo(5);
    assertThat(config.host()).isEqualTo("127.0.0.1");
  }

  @Test
  void postgresIsChosenByTheUrl() {
    LevierConfig config =
        ConfigLoader.load(
            Map.of(
                "db.url",
                "jdbc:postgresql://db.internal:5432/levier",
                "db.user",
                "app",
                "db.password",
                "s3cret"),
            Map.of(),
            null,
            dir);

    assertThat(config.database().kind()).isEqualTo(DatabaseSettings.Kind.POSTGRESQL);
    assertThat(config.database().toString()).doesNotContain("s3cret");
  }

  @Test
  void aWrongValueNamesTheSettingItsSourceTheValueAndWhatIsAllowed() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of(), Map.of("LEVIER_PORT", "eighty"), null, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid setting: port = 'eighty' (from environment LEVIER_PORT): must be a whole number from 0 to 65535");
  }

  @Test
  void conversionWritersMustLeaveAConnectionToTheRest() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("db.pool-size", "4", "tracking.conversion-writers", "4"),
                    Map.of(),
                    null,
                    dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid setting: tracking.conversion-writers = '4' (from flag --tracking-conversion-writers):"
                + " must be below db.pool-size (4), so the API and the click journal keep a connection");
    assertThat(
            ConfigLoader.load(
                    Map.of("db.pool-size", "4", "tracking.conversion-writers", "3"),
                    Map.of(),
                    null,
                    dir)
                .tracking()
                .conversionWriters())
        .isEqualTo(3);
    assertThat(ConfigLoader.load(Map.of(), Map.of(), null, dir).tracking().conversionWriters())
        .as("H2")
        .isEqualTo(1);
    Map<String, String> postgres = Map.of("db.url", "jdbc:postgresql://db.internal/levier");
    assertThat(ConfigLoader.load(postgres, Map.of(), null, dir).tracking().conversionWriters())
        .isEqualTo(2);
    Map<String, String> smallPool = new java.util.HashMap<>(postgres);
    smallPool.put("db.pool-size", "2");
    assertThat(ConfigLoader.load(smallPool, Map.of(), null, dir).tracking().conversionWriters())
        .as("a pool of two keeps one connection for the rest")
        .isEqualTo(1);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ConfigException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    Map.of("port", "70000", "db.url", "jdbc:mysql://x/y", "log.format", "xml"),
                    Map.of("LEVIER_DB_POOL_SIZE", "0"),
                    null,
                    dir));

    assertThat(failure.problems())
        .hasSize(4)
        .anyMatch(p -> p.startsWith("port = '70000' (from flag --port)"))
        .anyMatch(
            p -> p.startsWith("db.url = 'jdbc:mysql://x/y'") && p.contains("jdbc:postgresql:"))
        .anyMatch(p -> p.startsWith("log.format = 'xml'") && p.endsWith("must be text or json"))
        .anyMatch(p -> p.startsWith("db.pool-size = '0' (from environment LEVIER_DB_POOL_SIZE)"));
  }

  @Test
  void unknownSettingsAreRefusedWhereverTheyComeFrom() throws IOException {
    Files.writeString(dir.resolve("custom.properties"), "prot=8080\n");

    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of(), Map.of(), dir.resolve("custom.properties"), dir))
        .hasMessageContaining("unknown setting 'prot'")
        .hasMessageContaining("known settings: host, port");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("LEVIER_PROT", "1"), null, dir))
        .hasMessageContaining("unknown environment variable LEVIER_PROT");
  }

  @Test
  void aNamedFileMustExist() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of(), Map.of("LEVIER_CONFIG", "missing.properties"), null, dir))
        .hasMessageContaining("config file")
        .hasMessageContaining("does not exist");
  }

  @Test
  void thePasswordIsNeverEchoed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("public-url", "ftp://x", "db.password", "hunter2"), Map.of(), null, dir))
        .hasMessageNotContaining("hunter2")
        .hasMessageContaining("public-url");
  }

  @Test
  void theNoticeSecretIsLongEnoughAndNeverRepeatedAndTheVendorIdIsAnIabId() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("rtb.notice-secret", "short-secret", "rtb.vendor-id", "0"),
                    Map.of(),
                    null,
                    dir))
        .hasMessageNotContaining("short-secret")
        .hasMessageContaining("rtb.notice-secret")
        .hasMessageContaining("at least 32 characters")
        .hasMessageContaining("rtb.vendor-id");
    LevierConfig config =
        ConfigLoader.load(
            Map.of("rtb.notice-secret", "x".repeat(40), "rtb.vendor-id", "1234"),
            Map.of(),
            null,
            dir);
    assertThat(config.rtb().vendorId()).isEqualTo(1234);
    assertThat(config.rtb().toString()).doesNotContain("xxxx");
    assertThat(ConfigLoader.load(Map.of(), Map.of(), null, dir).rtb())
        .isEqualTo(new RtbSettings("", null));
  }

  @Test
  void theEmbeddedDatabasesPageCacheIsChosenInMegabytesAndBoundedByTheHeap() {
    assertThat(ConfigLoader.load(Map.of(), Map.of(), null, dir).database().url())
        .as("default")
        .contains(";CACHE_SIZE=4096");
    assertThat(
            ConfigLoader.load(Map.of("db.h2-cache-mb", "16"), Map.of(), null, dir).database().url())
        .contains(";CACHE_SIZE=16384")
        .doesNotContain("CACHE_SIZE=4096");

    long quarterOfHeapMb = (Runtime.getRuntime().maxMemory() >> 20) / 4;
    String tooLarge = Long.toString(Math.min(quarterOfHeapMb + 1, 65_537));
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of(), Map.of("LEVIER_DB_H2_CACHE_MB", tooLarge), null, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "Invalid setting: db.h2-cache-mb = '"
                + tooLarge
                + "' (from environment LEVIER_DB_H2_CACHE_MB): must be ");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("db.h2-cache-mb", "0"), Map.of(), null, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be a whole number from 1 to 65536");

    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("db.h2-cache-mb", "16", "db.url", "jdbc:h2:mem:x"), Map.of(), null, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "db.h2-cache-mb sets the page cache of the default embedded database only; with db.url"
                + " given, put ;CACHE_SIZE=<kilobytes> in the URL instead");
  }

  @Test
  void envNamesFollowTheSettingNames() throws IOException {
    Files.writeString(dir.resolve("levier.properties"), "");
    assertThat(ConfigLoader.envName("db.pool-size")).isEqualTo("LEVIER_DB_POOL_SIZE");
    for (String setting : ConfigLoader.SETTINGS.keySet()) {
      LevierConfig config =
          ConfigLoader.load(
              Map.of(), Map.of(ConfigLoader.envName(setting), sample(setting)), null, dir);
      assertThat(config).as(setting).isNotNull();
    }
  }

  private static String sample(String setting) {
    return switch (setting) {
      case "host" -> "127.0.0.1";
      case "port" -> "8081";
      case "data" -> "elsewhere";
      case "db.url" -> "jdbc:h2:mem:x";
      case "db.user", "db.password" -> "x";
      case "db.pool-size" -> "2";
      case "db.h2-cache-mb" -> "8";
      case "db.connection-timeout-ms" -> "1000";
      case "db.migrate-on-start" -> "false";
      case "http.max-body-bytes" -> "4096";
      case "http.max-in-flight" -> "10";
      case "http.event-loops" -> "3";
      case "http.rate-limit", "http.rate-burst" -> "50";
      case "tracking.ip-country-file", "tracking.bot-agents-file", "tracking.datacenter-file" ->
          "levier.properties";
      case "tracking.trust-forwarded-for" -> "true";
      case "tracking.click-queue" -> "2048";
      case "tracking.conversion-queue" -> "128";
      case "tracking.conversion-writers" -> "1";
      case "tracking.max-clicks-per-ip-minute", "tracking.max-clicks-per-visitor-minute" -> "9";
      case "log.format" -> "json";
      case "shutdown.grace-seconds" -> "1";
      case "public-url" -> "https://track.example";
      case "clock" -> "simulated";
      case "rtb.notice-secret" -> "a-secret-of-at-least-thirty-two-characters";
      case "rtb.vendor-id" -> "1234";
      default -> throw new AssertionError("add a sample for " + setting);
    };
  }
}
