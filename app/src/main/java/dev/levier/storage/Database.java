package dev.levier.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.levier.config.DatabaseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

/**
 * The database: a connection pool, the migrations, and transactions. The same code and the same
 * migrations run on the embedded H2 default and on PostgreSQL.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final DatabaseSettings settings;
  private final Flyway flyway;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** On H2, forces each write to the disk before it is acknowledged; null on PostgreSQL. */
  private final @Nullable H2Fsync h2Fsync;

  private Database(
      HikariDataSource dataSource, DatabaseSettings settings, @Nullable MeterRegistry registry) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.h2Fsync = settings.kind() == DatabaseSettings.Kind.H2 ? new H2Fsync(registry) : null;
    this.flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .placeholders(Map.of("identity_cache", identityCache(settings.kind())))
            .javaMigrations(javaMigrations().toArray(JavaMigration[]::new))
            .load();
  }

  /**
   * The migrations written in Java, beside the SQL files of {@code db/migration}: those that must
   * find what they change in the database's catalogue (V17, V21), or compute what SQL cannot
   * compute alike on both databases (V20).
   */
  public static List<JavaMigration> javaMigrations() {
    return List.of(
        JournalForeignKeys.onH2(), new CustomerIdsMigration(), JournalForeignKeys.onPostgres());
  }

  /**
   * How many values of an identity column the database holds in memory: many on H2, where each
   * refill is a commit written to disk; PostgreSQL's default of one elsewhere, where a cache per
   * connection would give ids out of insert order (V15).
   */
  private static String identityCache(DatabaseSettings.Kind kind) {
    return switch (kind) {
      case H2 -> "1000";
      case POSTGRESQL -> "1";
    };
  }

  /**
   * Opens the pool. It connects at once, so a wrong URL, user or password fails here with the
   * driver's message rather than on the first request.
   */
  public static Database open(DatabaseSettings settings, @Nullable MeterRegistry registry) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("levier-db");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    if (registry != null) {
      config.setMetricRegistry(registry);
    }
    if (settings.kind() == DatabaseSettings.Kind.POSTGRESQL) {
      // Batches of inserts become multi-row statements: the journal writes in batches.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    try {
      return new Database(new HikariDataSource(config), settings, registry);
    } catch (RuntimeException e) {
      throw new StorageException(
          "cannot connect to the database at " + settings.url() + ": " + rootMessage(e), e);
    }
  }

  public DatabaseSettings.Kind kind() {
    return settings.kind();
  }

  /**
   * The SQL that draws the next value of a sequence: the one statement the two databases spell
   * differently.
   */
  public String nextValueSql(String sequence) {
    return switch (settings.kind()) {
      case H2 -> "SELECT NEXT VALUE FOR " + sequence;
      case POSTGRESQL -> "SELECT nextval('" + sequence + "')";
    };
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Applies the pending migrations and returns how many ran. */
  public int migrate() {
    return flyway.migrate().migrationsExecuted;
  }

  /**
   * Applies the pending migrations up to {@code version} only: how a test puts data into an older
   * schema to see a later migration carry it over.
   */
  int migrateTo(String version) {
    return Flyway.configure()
        .configuration(flyway.getConfiguration())
        .target(version)
        .load()
        .migrate()
        .migrationsExecuted;
  }

  /** Migrations known to this build but not yet applied to the database. */
  public int pendingMigrations() {
    MigrationInfo[] pending = flyway.info().pending();
    return pending.length;
  }

  /** The applied schema version, or "none". */
  public String schemaVersion() {
    MigrationInfo current = flyway.info().current();
    return current == null ? "none" : current.getVersion().getVersion();
  }

  /** Whether a connection can be had and answers a trivial query within a second. */
  public boolean isReachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Runs the work in one transaction: committed when it returns, rolled back when it throws. A
   * {@link RuntimeException} thrown by the work (a domain failure) passes through unchanged after
   * the rollback. When it returns, what the work wrote is on the disk (on H2, see {@link H2Fsync};
   * PostgreSQL forces its log at commit).
   */
  public <T extends @Nullable Object> T transaction(SqlWork<T> work) {
    return commit(work, true).result();
  }

  /**
   * Runs the work in one transaction like {@link #transaction}, but returns once it is committed,
   * before it is on the disk: the caller acknowledges what it wrote (or read) only after {@link
   * Committed#forceNow} or once {@link Committed#forceLater} completes, and with the latter may
   * meanwhile run its next transaction, which sees this one. So a journal's writer prepares its
   * next batch while the last one is written out and forced. On PostgreSQL, which forces its log at
   * commit, the future is complete on return.
   */
  public <T extends @Nullable Object> Committed<T> transactionForcedLater(SqlWork<T> work) {
    return commit(work, false);
  }

  /**
   * Runs the work, commits, and either forces what it wrote before returning ({@code forceNow}; a
   * transaction that only read forces nothing) or leaves that to the caller.
   */
  private <T extends @Nullable Object> Committed<T> commit(SqlWork<T> work, boolean forceNow) {
    try (Connection connection = dataSource.getConnection()) {
      try {
        T result = work.run(connection);
        H2Fsync fsync = h2Fsync;
        boolean wrote = fsync != null && H2Fsync.wrote(connection);
        connection.commit();
        if (fsync == null) {
          return new Committed<>(result, Committed.DONE);
        }
        if (forceNow) {
          if (wrote) {
            fsync.committed(connection);
          }
          return new Committed<>(result, Committed.DONE);
        }
        return new Committed<>(result, fsync.pending(connection, wrote));
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException("database error: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a change to configuration in one transaction, then tells the listener, so that what the
   * hot paths hold in memory is rebuilt before the caller gets its answer.
   */
  public <T extends @Nullable Object> T change(ChangeListener listener, SqlWork<T> work) {
    T result = transaction(work);
    listener.configurationChanged();
    return result;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      if (h2Fsync != null) {
        h2Fsync.close();
      }
      dataSource.close();
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
