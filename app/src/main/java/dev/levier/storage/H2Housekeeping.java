package dev.levier.storage;

import dev.levier.config.DatabaseSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded H2 file while Levier runs. H2 writes every commit as a new piece of its
 * file (a chunk) and keeps a descriptor of each live chunk in memory; only its background writer
 * ever drops dead chunks and rewrites sparse ones, and with {@code WRITE_DELAY=0} (which makes a
 * commit reach the file before it returns, so that an acknowledged sale survives {@code kill -9})
 * that writer never runs. Without this, the file and the heap grew with every commit for as long as
 * the server lived: 20,000 commits of five rows left 20,010 chunks, 7% full, in a 430 MB file. This
 * does what the background writer would: every {@link #PERIOD}, when the chunks are less than
 * {@value #TARGET_FILL_RATE}% full, it rewrites the live pages of the sparsest ones, at most
 * {@value #WRITE_BUDGET_BYTES} bytes a pass, so that a pass stays short beside the journals'
 * commits. H2 leaves chunks younger than its retention time (45 s) alone. Nothing on PostgreSQL, or
 * when another process holds the file.
 */
public final class H2Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

  static final Duration PERIOD = Duration.ofSeconds(1);

  /** H2's own default for its background compaction. */
  static final int TARGET_FILL_RATE = 90;

  static final int WRITE_BUDGET_BYTES = 4 << 20;

  private final Database database;
  private final ScheduledExecutorService executor;
  private final Counter passes;
  private final Timer compacting;
  private final AtomicInteger chunksFillRate = new AtomicInteger(100);
  private final AtomicLong fileBytes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private @Nullable ScheduledFuture<?> schedule;

  private H2Housekeeping(Database database, MeterRegistry registry) {
    this.database = database;
    this.passes =
        Counter.builder("levier.h2.compactions")
            .description("passes that rewrote sparse chunks of the embedded database's file")
            .register(registry);
    this.compacting = Timer.builder("levier.h2.compaction").register(registry);
    registry.gauge("levier.h2.chunks.fill.percent", chunksFillRate);
    registry.gauge("levier.h2.file.bytes", fileBytes);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("h2-housekeeping").daemon().factory());
  }

  /** Starts the housekeeping of an embedded H2 database; null for any other. */
  public static @Nullable H2Housekeeping start(Database database, MeterRegistry registry) {
    if (database.kind() != DatabaseSettings.Kind.H2) {
      return null;
    }
    H2Housekeeping housekeeping = new H2Housekeeping(database, registry);
    long period = PERIOD.toMillis();
    housekeeping.schedule =
        housekeeping.executor.scheduleWithFixedDelay(
            housekeeping::passQuietly, period, period, TimeUnit.MILLISECONDS);
    return housekeeping;
  }

  /** One pass; true if it rewrote something. For tests and the scheduler. */
  boolean pass() throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      MVStore store = storeOf(c);
      if (store == null || store.isClosed()) {
        return false;
      }
      long start = System.nanoTime();
      boolean rewrote = store.compact(TARGET_FILL_RATE, WRITE_BUDGET_BYTES);
      if (rewrote) {
        // The rewritten pages are written, and the chunks they left become free, at the next
        // store: make it now rather than at the next commit.
        store.commit();
        passes.increment();
        compacting.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
      chunksFillRate.set(store.getFileStore().getChunksFillRate());
      fileBytes.set(store.getFileStore().size());
      return rewrote;
    }
  }

  private void passQuietly() {
    try {
      pass();
    } catch (SQLException | RuntimeException e) {
      // Logged and retried at the next pass: the file only stays larger meanwhile.
      if (failures.incrementAndGet() % 60 == 1) {
        LOG.atWarn().setCause(e).log("H2 housekeeping pass failed");
      }
    }
  }

  /** The store behind an embedded connection; null when the file is another process's. */
  private static @Nullable MVStore storeOf(Connection c) throws SQLException {
    Session session = c.unwrap(JdbcConnection.class).getSession();
    if (!(session instanceof SessionLocal local)) {
      return null;
    }
    var store = local.getDatabase().getStore();
    return store == null ? null : store.getMvStore();
  }

  @Override
  public void close() {
    ScheduledFuture<?> scheduled = schedule;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
