package dev.levier.cli;

import dev.levier.config.DatabaseSettings;
import dev.levier.config.LevierConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code levier compact}: rewrites the embedded H2 file into the space its live data needs. The
 * server runs H2 with its own background compaction off ({@code AUTO_COMPACT_FILL_RATE=0}); the
 * server's upkeep ({@code H2FileUpkeep}) merges half-empty pieces of the file a little at a time so
 * that their space is used again, but the file never shrinks while the server runs (BENCHMARKS.md,
 * "Memory over ten minutes"). Compacting needs the file to itself: with a server running, this
 * refuses.
 */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrites the embedded H2 database file into the space its data needs.",
      "Stop the server first: the file must not be in use."
    })
final class CompactCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Mixin DatabaseOptions database = new DatabaseOptions();

  @Override
  public Integer call() throws SQLException {
    LevierConfig config = database.load(Map.of());
    DatabaseSettings settings = config.database();
    if (settings.kind() != DatabaseSettings.Kind.H2) {
      throw new Main.UsageFailure(
          "compact works on the embedded H2 database only; PostgreSQL reclaims its space itself"
              + " (autovacuum)");
    }
    long before;
    long start = System.nanoTime();
    try (Connection c =
        DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
      if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal)) {
        throw new Main.UsageFailure(
            "the database is open in another process (a running server?); stop it, then compact");
      }
      before = fileSize(c);
      try (Statement s = c.createStatement()) {
        s.execute("SHUTDOWN COMPACT");
      }
    }
    long after;
    try (Connection c =
        DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
      after = fileSize(c);
    }
    PrintWriter out = Main.out(spec);
    out.println(
        String.format(
            Locale.ROOT,
            "compacted the embedded database: %,.1f MB -> %,.1f MB in %.1f s",
            before / 1e6,
            after / 1e6,
            (System.nanoTime() - start) / 1e9));
    out.flush();
    return 0;
  }

  private static long fileSize(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT setting_value FROM information_schema.settings WHERE setting_name = ?")) {
      s.setString(1, "info.FILE_SIZE");
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("H2 did not report its file size");
        }
        return Long.parseLong(r.getString(1));
      }
    }
  }
}
