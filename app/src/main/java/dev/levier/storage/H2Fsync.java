package dev.levier.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Writes and forces the embedded H2 file to the disk after every transaction that wrote, before the
 * caller acknowledges it, so that an accepted click, sale or change survives a power cut and not
 * only the end of the process.
 *
 * <p>Why: H2 keeps a commit in memory until its store writes the changed pages to the file (at once
 * with {@code WRITE_DELAY=0}, else from its background thread), and even then leaves them in the
 * operating system's cache; nothing in H2 forces the file while the database is open. PostgreSQL
 * forces its log at each commit ({@code fsync} and {@code synchronous_commit} on by default); this
 * gives H2 the same promise, whatever write delay the URL names: a forcing first has H2 write every
 * change made so far ({@link MVStore#commit()}, which returns once the pages are in the file), then
 * forces the file.
 *
 * <p>Commits that return while a forcing runs share the next one: each takes a ticket after its
 * commit, and one forcing covers every ticket taken before it began, so concurrent writers (the two
 * journals, the API) pay for about one write of the changed pages and one forcing per round, not
 * one each. A writer that need not wait ({@link Committed#forceLater}) leaves the writing and the
 * forcing to a thread of this class and goes on with its next transaction meanwhile: with H2's
 * write delay on, the pages are then serialised beside the writer instead of by it.
 */
final class H2Fsync implements AutoCloseable {
  /** Tickets taken by commits that wrote, in order. */
  private final AtomicLong committed = new AtomicLong();

  private final ReentrantLock forceLock = new ReentrantLock();

  /** Every commit with a ticket up to this one is on the disk. Guarded by {@link #forceLock}. */
  private long forced;

  private final @Nullable Timer syncs;

  /** Commits waiting for {@link #forcer}; guarded by itself. */
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  /** Started with the first {@link #forceLater}; guarded by {@link #waiting}. */
  private @Nullable Thread forcer;

  /** Guarded by {@link #waiting}. */
  private boolean closed;

  private record Waiting(long ticket, MVStore store, CompletableFuture<Void> durable) {}

  H2Fsync(@Nullable MeterRegistry registry) {
    this.syncs =
        registry == null
            ? null
            : Timer.builder("levier.h2.sync")
                .description(
                    "forcings of the embedded H2 file to the disk after commits that wrote, each"
                        + " with the writing of the pages changed since the last")
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
   * forcing that began after the commit has finished, else after one more.
   */
  void committed(Connection connection) throws SQLException {
    long ticket = committed.incrementAndGet();
    MVStore store = localStore(connection);
    if (store == null) {
      awaitForced(ticket, () -> checkpointSync(connection));
      return;
    }
    awaitForced(ticket, () -> force(store));
  }

  /**
   * Called right after a commit: how to have the transaction on the disk, and with it everything
   * committed before it, either in the caller's thread or in a thread of this class. A transaction
   * that only read waits for those earlier commits all the same, since it may have read them and
   * its caller may acknowledge what it read (a replayed sale). A session of another process's
   * server is forced before this returns.
   */
  Committed.Forcing pending(Connection connection, boolean wrote) throws SQLException {
    MVStore store = localStore(connection);
    if (store == null) {
      if (wrote) {
        committed(connection);
      }
      return Committed.DONE;
    }
    long ticket = wrote ? committed.incrementAndGet() : committed.get();
    return new Committed.Forcing() {
      @Override
      public void now() {
        forceHere(ticket, store);
      }

      @Override
      public CompletableFuture<Void> later() {
        return forceLater(ticket, store);
      }
    };
  }

  private void forceHere(long ticket, MVStore store) {
    try {
      awaitForced(ticket, () -> force(store));
    } catch (SQLException e) {
      throw new StorageException("could not force the embedded database: " + e.getMessage(), e);
    }
  }

  private CompletableFuture<Void> forceLater(long ticket, MVStore store) {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    synchronized (waiting) {
      if (!closed) {
        waiting.add(new Waiting(ticket, store, durable));
        if (forcer == null) {
          Thread started = Thread.ofPlatform().name("h2-force").daemon(true).unstarted(this::run);
          forcer = started;
          started.start();
        }
        waiting.notifyAll();
        return durable;
      }
    }
    // Closing: the forcing thread may be gone, so force here.
    try {
      forceHere(ticket, store);
      durable.complete(null);
    } catch (RuntimeException e) {
      durable.completeExceptionally(e);
    }
    return durable;
  }

  /** Forces what waits, then stops the forcing thread. */
  @Override
  public void close() {
    Thread running;
    synchronized (waiting) {
      closed = true;
      waiting.notifyAll();
      running = forcer;
    }
    if (running != null) {
      try {
        running.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<Waiting> round = new ArrayList<>();
    while (true) {
      synchronized (waiting) {
        while (waiting.isEmpty() && !closed) {
          try {
            waiting.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
          }
        }
        if (waiting.isEmpty()) {
          return;
        }
        round.addAll(waiting);
        waiting.clear();
      }
      Waiting last = round.get(0);
      for (Waiting w : round) {
        last = w.ticket() > last.ticket() ? w : last;
      }
      MVStore store = last.store();
      try {
        awaitForced(last.ticket(), () -> force(store));
        round.forEach(w -> w.durable().complete(null));
      } catch (SQLException | RuntimeException e) {
        round.forEach(w -> w.durable().completeExceptionally(e));
      }
      round.clear();
    }
  }

  /** How to write and force: the file of this process's store, or another process's server. */
  private interface ForceAction {
    void run() throws SQLException;
  }

  private void awaitForced(long ticket, ForceAction action) throws SQLException {
    forceLock.lock();
    try {
      if (forced >= ticket) {
        return;
      }
      long covered = committed.get();
      long start = System.nanoTime();
      action.run();
      forced = covered;
      if (syncs != null) {
        syncs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    } finally {
      forceLock.unlock();
    }
  }

  private static @Nullable MVStore localStore(Connection connection) throws SQLException {
    Session session = connection.unwrap(JdbcConnection.class).getSession();
    return session instanceof SessionLocal local
        ? local.getDatabase().getStore().getMvStore()
        : null;
  }

  private static void force(MVStore store) {
    try {
      store.commit();
      store.sync();
    } catch (MVStoreException e) {
      // The commit is in memory, perhaps in the file, but perhaps not on the disk: the caller must
      // not acknowledge it. A retry finds the rows already there (a sale then answers as a replay).
      throw new StorageException(
          "the embedded database committed but could not write and force its file to the disk: "
              + e.getMessage(),
          e);
    }
  }

  /** The file belongs to another process's H2 server: ask it to write and force the file. */
  private static void checkpointSync(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT SYNC");
    }
  }
}
