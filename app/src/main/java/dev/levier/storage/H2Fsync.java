package dev.levier.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Forces the embedded H2 file to the disk after every transaction that wrote, before the caller
 * acknowledges it, so that an accepted click, sale or change survives a power cut and not only the
 * end of the process.
 *
 * <p>Why: with {@code WRITE_DELAY=0} H2 writes a commit's chunk to the file before the commit
 * returns, but leaves it in the operating system's cache; nothing in H2 forces it to the disk while
 * the database is open. PostgreSQL forces its log at each commit ({@code fsync} and {@code
 * synchronous_commit} on by default); this gives H2 the same promise.
 *
 * <p>Commits that return while a sync runs share the next one: each takes a ticket after its
 * commit, and one sync covers every ticket taken before it began, so concurrent writers (the two
 * journals, the API) pay for about one sync per round, not one each.
 */
final class H2Fsync {
  /** Tickets taken by commits that wrote, in order; a commit's chunk is in the file by then. */
  private final AtomicLong committed = new AtomicLong();

  private final ReentrantLock syncing = new ReentrantLock();

  /** Every commit with a ticket up to this one is on the disk. Guarded by {@link #syncing}. */
  private long synced;

  private final @Nullable Timer syncs;

  H2Fsync(@Nullable MeterRegistry registry) {
    this.syncs =
        registry == null
            ? null
            : Timer.builder("levier.h2.sync")
                .description(
                    "forcings of the embedded H2 file to the disk after commits that wrote")
                .register(registry);
  }

  /**
   * Whether the transaction open on the connection has written anything; asked before its commit. A
   * session of another process's H2 server (the file opened by a running server) cannot tell, and
   * is taken to have written.
   */
  static boolean wrote(Connection connection) throws SQLException {
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    return !(session instanceof SessionLocal local) || local.hasPendingTransaction();
  }

  /**
   * Returns once the transaction just committed on the connection is on the disk: at once when a
   * sync that began after the commit has finished, else after one more.
   */
  void committed(Connection connection) throws SQLException {
    long ticket = committed.incrementAndGet();
    syncing.lock();
    try {
      if (synced >= ticket) {
        return;
      }
      long covered = committed.get();
      long start = System.nanoTime();
      force(connection);
      synced = covered;
      if (syncs != null) {
        syncs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    } finally {
      syncing.unlock();
    }
  }

  private static void force(Connection connection) throws SQLException {
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    if (session instanceof SessionLocal local) {
      try {
        local.getDatabase().getStore().getMvStore().sync();
      } catch (MVStoreException e) {
        // The commit is in the file but perhaps not on the disk: the caller must not acknowledge
        // it. A retry finds the rows already there (a sale then answers as a replay).
        throw new StorageException(
            "the embedded database committed but could not force its file to the disk: "
                + e.getMessage(),
            e);
      }
      return;
    }
    // The file belongs to another process's H2 server: ask it to force the file.
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT SYNC");
    }
  }
}
