package dev.levier.testing;

import dev.levier.config.DatabaseSettings;
import dev.levier.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A database of its own for one storage test: made empty on the kind under test, opened, and on
 * {@link #close} closed and dropped. Tests that stop and start the database in the middle use
 * {@link #reopen}, which opens the same files or schema again.
 */
public final class ScratchDatabase implements AutoCloseable {
  private final TestDatabase kind;
  private final DatabaseSettings settings;
  private final @Nullable MeterRegistry registry;
  private Database database;

  private ScratchDatabase(TestDatabase kind, @Nullable MeterRegistry registry) {
    this.kind = kind;
    this.settings = kind.create();
    this.registry = registry;
    this.database = Database.open(settings, registry);
  }

  /** An empty database with no tables, its metrics (if any) in {@code registry}. */
  public static ScratchDatabase empty(TestDatabase kind, @Nullable MeterRegistry registry) {
    return new ScratchDatabase(kind, registry);
  }

  /** A database with Levier's schema migrated to the latest version. */
  public static ScratchDatabase migrated(TestDatabase kind) {
    ScratchDatabase scratch = new ScratchDatabase(kind, null);
    scratch.database.migrate();
    return scratch;
  }

  public Database database() {
    return database;
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** Closes the database if it is open and opens the same one again. */
  public Database reopen() {
    database.close();
    database = Database.open(settings, registry);
    return database;
  }

  @Override
  public void close() {
    database.close();
    kind.drop(settings);
  }
}
