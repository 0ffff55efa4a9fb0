package dev.levier.storage;

import dev.levier.config.DatabaseSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites, a little at a time, the pieces of the embedded H2 file that hold mostly dead pages, so
 * that neither the file nor H2's memory grows with the number of commits.
 *
 * <p>Why: the server runs H2 with its own compaction off ({@code AUTO_COMPACT_FILL_RATE=0}): H2's
 * background thread would rewrite chunks, and move them, whenever it saw fit, holding up every
 * commit meanwhile, where these rounds are small and come between the click journal's batches.
 * Every forcing of the file ({@code H2Fsync}) writes a new chunk; in tables that only grow (the
 * journals'), nearly every chunk keeps a page or two that stay current, so no chunk is ever freed.
 * The file then grew three to fifteen times faster than the data it holds (about 7 KB a row when
 * rows come a few at a time), and H2 keeps a descriptor in memory for every chunk (about 130
 * bytes), so the heap grew with the number of commits, not with the data (BENCHMARKS.md, "Memory
 * over ten minutes").
 *
 * <p>Each round moves the live pages of the oldest, emptiest chunks (at most {@link
 * #REWRITE_BYTES}) into one new chunk and commits it; the old chunks are freed once H2's retention
 * time has passed. Commits wait while a round writes, hence small rounds, run by the click
 * journal's writer while it waits for more clicks (so that no click's commit waits for one), as
 * often as the file needs them and at most a fifth of the time. H2 runs the same rewrite from its
 * own background thread when its compaction is on, so it is safe beside the writers. On PostgreSQL
 * there is nothing to do: autovacuum reclaims space.
 */
public final class H2FileUpkeep {
  private static final Logger LOG = LoggerFactory.getLogger(H2FileUpkeep.class);

  /** Live bytes a round may rewrite: commits wait about 20 ms a megabyte on two slow cores. */
  static final int REWRITE_BYTES = 1 << 20;

  /**
   * Below this share of live pages in the file's chunks a round rewrites; above it the file is
   * dense enough (H2's own default for its background compaction).
   */
  static final int TARGET_FILL_PERCENT = 90;

  /** Time to the next round after one that found nothing to rewrite. */
  static final Duration IDLE_PAUSE = Duration.ofSeconds(1);

  /**
   * After a round that rewrote, the pause is this many times the round's length (at least {@link
   * #MIN_PAUSE}): rounds take at most a fifth of the time. A tenth halved what they take out at
   * 10,000 clicks a second and gave H2's sale intake nothing back (BENCHMARKS.md, "Memory over ten
   * minutes").
   */
  static final int PAUSE_FACTOR = 4;

  static final Duration MIN_PAUSE = Duration.ofMillis(100);

  private final MVStore store;
  private final Timer rounds;
  private final Counter failures;
  private final AtomicLong rewritten = new AtomicLong();
  private long nextRoundAt = System.nanoTime() + IDLE_PAUSE.toNanos();

  private H2FileUpkeep(MVStore store, MeterRegistry registry) {
    this.store = store;
    this.rounds =
        Timer.builder("levier.h2.compaction")
            .description("rounds that rewrote live pages of old chunks of the embedded H2 file")
            .register(registry);
    this.failures =
        Counter.builder("levier.h2.compaction.failures")
            .description("rounds that failed; logged")
            .register(registry);
    Gauge.builder("levier.h2.file", store, s -> s.getFileStore().size())
        .baseUnit("bytes")
        .description("size of the embedded H2 file")
        .register(registry);
    Gauge.builder("levier.h2.chunks", this, H2FileUpkeep::chunks)
        .description("chunks of the embedded H2 file; H2 keeps a descriptor of each in memory")
        .register(registry);
  }

  /**
   * The upkeep of the embedded H2 database opened by this process; empty on PostgreSQL, or when
   * another process owns the H2 file (its server then keeps it).
   */
  public static Optional<H2FileUpkeep> open(Database database, MeterRegistry registry) {
    if (database.kind() != DatabaseSettings.Kind.H2) {
      return Optional.empty();
    }
    try (Connection c = database.dataSource().getConnection()) {
      if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
        LOG.atInfo().log("the H2 file is open in another process, which keeps it; no upkeep here");
        return Optional.empty();
      }
      return Optional.of(new H2FileUpkeep(session.getDatabase().getStore().getMvStore(), registry));
    } catch (SQLException e) {
      throw new StorageException("cannot reach the embedded database: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a round when one is due. The click journal's writer calls this between its batches, while
   * it waits for more clicks or has none: a round then holds up no click's commit, and the journal
   * that leaves the most half-empty chunks behind paces their rewriting.
   */
  public synchronized void roundIfDue() {
    long start = System.nanoTime();
    if (start - nextRoundAt < 0) {
      return;
    }
    boolean rewrote = false;
    try {
      rewrote = round();
    } catch (RuntimeException e) {
      failures.increment();
      LOG.atWarn().setCause(e).log("the embedded H2 file was not compacted this round");
    }
    long took = System.nanoTime() - start;
    nextRoundAt =
        System.nanoTime()
            + (rewrote ? Math.max(MIN_PAUSE.toNanos(), PAUSE_FACTOR * took) : IDLE_PAUSE.toNanos());
  }

  /**
   * One round: rewrites up to {@link #REWRITE_BYTES} of live pages when the chunks are below {@link
   * #TARGET_FILL_PERCENT} full, and commits them. True when it rewrote something.
   */
  boolean round() {
    if (store.isClosed()) {
      return false;
    }
    long start = System.nanoTime();
    long sizeBefore = store.getFileStore().size();
    // False when nothing qualifies, or when a commit held the store: the next round tries again.
    if (!store.compact(TARGET_FILL_PERCENT, REWRITE_BYTES)) {
      return false;
    }
    store.commit();
    // On the disk before the old chunks' space can be reused, as every commit is (H2Fsync).
    store.sync();
    rounds.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    rewritten.incrementAndGet();
    // Lazily: counting the chunks walks all of them.
    LOG.atDebug()
        .addKeyValue("fileBytesBefore", sizeBefore)
        .addKeyValue("fileBytes", () -> store.getFileStore().size())
        .addKeyValue("chunks", this::chunks)
        .log("rewrote live pages of old chunks");
    return true;
  }

  /** How many chunks the file has, as H2 reports them. */
  double chunks() {
    if (store.isClosed()) {
      return Double.NaN;
    }
    String[] count = new String[1];
    store
        .getFileStore()
        .populateInfo(
            (name, value) -> {
              if (name.equals("info.CHUNK_COUNT")) {
                count[0] = value;
              }
            });
    return count[0] == null ? Double.NaN : Double.parseDouble(count[0]);
  }

  /** Rounds that rewrote something. */
  long roundsThatRewrote() {
    return rewritten.get();
  }
}
