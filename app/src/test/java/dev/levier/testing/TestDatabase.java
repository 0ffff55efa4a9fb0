package dev.levier.testing;

import dev.levier.config.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases every storage test runs on: the embedded H2 default (file mode, as in production)
 * and a real PostgreSQL. Each test gets a database of its own: a fresh H2 file, or a fresh schema
 * on PostgreSQL.
 *
 * <p>PostgreSQL is reached at {@code TEST_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/levier}, user and password {@code levier}). When it cannot be
 * reached, its runs are left out with a warning, unless {@code TEST_POSTGRES_REQUIRED=true} (as in
 * CI), where its absence fails the build.
 */
public enum TestDatabase {
  H2,
  POSTGRESQL;

  private static final String PG_URL =
      env("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/levier");
  private static final String PG_USER = env("TEST_POSTGRES_USER", "levier");
  private static final String PG_PASSWORD = env("TEST_POSTGRES_PASSWORD", "levier");
  private static final boolean PG_REQUIRED =
      Boolean.parseBoolean(env("TEST_POSTGRES_REQUIRED", "false"));
  private static volatile Boolean pgAvailable;

  /** The databases to run on here. */
  public static List<TestDatabase> available() {
    List<TestDatabase> all = new ArrayList<>();
    all.add(H2);
    if (postgresAvailable()) {
      all.add(POSTGRESQL);
    }
    return all;
  }

  /** Creates an empty database of this kind and returns how to reach it. */
  public DatabaseSettings create() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return switch (this) {
      case H2 -> {
        Path dir = Path.of("target", "test-dbs", name).toAbsolutePath();
        try {
          Files.createDirectories(dir);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        yield new DatabaseSettings(
            "jdbc:h2:file:"
                + dir.resolve("levier")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";WRITE_DELAY=500;AUTO_COMPACT_FILL_RATE=0",
            "levier",
            "",
            4,
            Duration.ofSeconds(5));
      }
      case POSTGRESQL -> {
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
            Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot create a test schema on " + PG_URL, e);
        }
        String separator = PG_URL.contains("?") ? "&" : "?";
        yield new DatabaseSettings(
            PG_URL + separator + "currentSchema=" + name,
            PG_USER,
            PG_PASSWORD,
            4,
            Duration.ofSeconds(5));
      }
    };
  }

  /** Removes a database made by {@link #create}; H2 files go with {@code target}. */
  public void drop(DatabaseSettings settings) {
    if (this == POSTGRESQL) {
      String url = settings.url();
      String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
      try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop test schema " + schema, e);
      }
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static synchronized boolean postgresAvailable() {
    if (pgAvailable == null) {
      boolean ok;
      try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
        ok = c.isValid(2);
      } catch (SQLException e) {
        ok = false;
        if (PG_REQUIRED) {
          throw new IllegalStateException(
              "TEST_POSTGRES_REQUIRED is set but PostgreSQL is not reachable at "
                  + PG_URL
                  + ": "
                  + e.getMessage(),
              e);
        }
        System.err.println(
            "WARNING: PostgreSQL not reachable at "
                + PG_URL
                + " ("
                + e.getMessage()
                + "); storage tests run on H2 only. Start it as .ci/run does to cover both.");
      }
      pgAvailable = ok;
    }
    return pgAvailable;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
