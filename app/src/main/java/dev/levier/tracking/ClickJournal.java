package dev.levier.tracking;

import dev.levier.storage.BulkInsert;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click journal: the redirect hands each click to a bounded queue and answers at once; one
 * writer thread drains the queue into the {@code click} table in batches, one transaction per
 * batch. The writer starts a batch as soon as a click is there, so a click waits only for the batch
 * before it to commit: it is durable within the bound documented in BENCHMARKS.md (well under 200
 * ms) while the journal keeps up. When the queue is full, {@link #offer} refuses: the visitor is
 * still redirected and the refusal is counted, never silent.
 */
public final class ClickJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickJournal.class);
  private static final int MAX_BATCH = 2_000;
  private static final int GATHER = 500;

  /**
   * How long a batch waits for more clicks when few are queued. Every commit costs the database a
   * new piece of file, and H2 keeps a descriptor in memory for each piece that still holds clicks
   * (about 128 bytes, for as long as the database lives): fewer, larger commits cost less CPU per
   * click and grow that memory more slowly. Part of the durability bound in BENCHMARKS.md.
   */
  private static final long LINGER_MILLIS = 50;

  /**
   * The bounds of {@code levier_clicks_durable_after_seconds}'s buckets. Counts by bucket, unlike
   * percentiles kept in the server, add up over any window and across servers; the one at 200 ms
   * counts the batches that kept the documented bound.
   */
  private static final Duration[] DURABLE_BUCKETS =
      LongStream.of(
              10, 25, 50, 75, 100, 125, 150, 175, 200, 250, 300, 400, 500, 750, 1_000, 2_000, 5_000)
          .mapToObj(Duration::ofMillis)
          .toArray(Duration[]::new);

  private static final String[] COLUMNS = {
    "id",
    "secret",
    "occurred_at",
    "occurred_quarter",
    "link_id",
    "partnership_id",
    "publisher_id",
    "programme_id",
    "advertiser_id",
    "sub1",
    "sub2",
    "sub3",
    "sub4",
    "sub5",
    "visitor_id",
    "device",
    "country",
    "referrer",
    "user_agent",
    "ip_truncated",
    "deep_link",
    "commissionable",
    "flags",
    "experiment_group"
  };

  private final Database database;
  private final ArrayBlockingQueue<Waiting> queue;
  private final Object offerLock = new Object();
  private final Object flushLock = new Object();
  private final Thread writer;
  private final Counter recorded;
  private final Counter refused;
  private final Counter failed;
  private final Timer batchTimer;
  private final DistributionSummary batchSizes;
  private final Timer durability;
  private final Runnable betweenBatches;
  private final LongSupplier ticker;
  private long enqueued;
  private long flushed;

  /** Someone waits for clicks to be stored (a sale about to be attributed): do not linger. */
  private boolean awaited;

  private volatile boolean accepting = true;
  private volatile boolean running = true;

  /**
   * A click in the queue, with when it was handed over on the JVM's monotonic clock: the wait for
   * the disk is measured from there, not from the click's time, which comes from the server's clock
   * and is the admin's to set under {@code clock=simulated}.
   */
  private record Waiting(ClickEvent click, long sinceNanos) {}

  /**
   * @param betweenBatches work the writer does while it waits for more clicks or has none (the
   *     embedded database's upkeep): short, and never throwing
   */
  public ClickJournal(
      Database database, int capacity, MeterRegistry registry, Runnable betweenBatches) {
    this(database, capacity, registry, betweenBatches, System::nanoTime);
  }

  /**
   * @param ticker the monotonic clock, in nanoseconds, that times a click's wait from its hand-over
   *     (lingering, and {@code levier_clicks_durable_after_seconds}); a test's to move
   */
  ClickJournal(
      Database database,
      int capacity,
      MeterRegistry registry,
      Runnable betweenBatches,
      LongSupplier ticker) {
    this.database = database;
    this.ticker = ticker;
    this.betweenBatches = betweenBatches;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.recorded = Counter.builder("levier.clicks").tag("outcome", "journaled").register(registry);
    this.refused =
        Counter.builder("levier.clicks")
            .tag("outcome", "refused")
            .description("clicks redirected but not recorded because the journal was full")
            .register(registry);
    this.failed =
        Counter.builder("levier.clicks")
            .tag("outcome", "failed")
            .description("clicks the database refused to store, logged one by one")
            .register(registry);
    this.batchTimer =
        Timer.builder("levier.journal.batch").tag("journal", "click").register(registry);
    this.batchSizes =
        DistributionSummary.builder("levier.journal.batch.size")
            .tag("journal", "click")
            .register(registry);
    this.durability =
        Timer.builder("levier.clicks.durable.after")
            .description(
                "from a click's redirect to the commit that stored it, for the oldest click of"
                    + " each batch: the bound on how long a redirected click can be lost")
            .serviceLevelObjectives(DURABLE_BUCKETS)
            .register(registry);
    Gauge.builder("levier.journal.queue", queue, ArrayBlockingQueue::size)
        .tag("journal", "click")
        .register(registry);
    this.writer = Thread.ofPlatform().name("click-journal").daemon(false).unstarted(this::run);
    writer.start();
  }

  /**
   * Hands a click to the journal; false when the queue is full or the journal is closing. Never
   * blocks: it runs on the event loop.
   */
  public boolean offer(ClickEvent click) {
    synchronized (offerLock) {
      if (accepting && queue.offer(new Waiting(click, ticker.getAsLong()))) {
        enqueued++;
        return true;
      }
    }
    refused.increment();
    return false;
  }

  /** Counts a click that was redirected without being recorded. */
  public void refuse() {
    refused.increment();
  }

  /**
   * How many clicks have been accepted so far: a position to wait for with {@link #awaitFlushed}.
   */
  public long position() {
    synchronized (offerLock) {
      return enqueued;
    }
  }

  /**
   * Waits until every click accepted before {@code position} is in the database, so that a sale
   * never looks for a click that is still on its way. False on timeout.
   */
  public boolean awaitFlushed(long position, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (flushLock) {
      if (flushed < position) {
        awaited = true;
        flushLock.notifyAll();
      }
      while (flushed < position) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(flushLock, left);
      }
      return true;
    }
  }

  /** Clicks waiting in the queue. */
  public int backlog() {
    return queue.size();
  }

  /** Stops accepting, writes what is queued, and stops the writer. */
  @Override
  public void close() {
    accepting = false;
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      LOG.atWarn().addKeyValue("backlog", queue.size()).log("click journal did not drain in time");
    }
  }

  private void run() {
    List<Waiting> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Waiting first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          betweenBatches.run();
          continue;
        }
        batch.add(first);
        if (queue.size() < GATHER && running) {
          // From the first click's hand-over, not from now: a click that already waited behind a
          // slow batch is not held for a whole linger more.
          long deadline = first.sinceNanos() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
          if (!awaited()) {
            betweenBatches.run();
          }
          lingerUnlessAwaited(deadline);
        }
        queue.drainTo(batch, MAX_BATCH - 1);
        long start = System.nanoTime();
        List<ClickEvent> clicks = new ArrayList<>(batch.size());
        for (Waiting waiting : batch) {
          clicks.add(waiting.click());
        }
        write(clicks);
        batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        durability.record(ticker.getAsLong() - batch.get(0).sinceNanos(), TimeUnit.NANOSECONDS);
        batchSizes.record(batch.size());
        markFlushed(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean awaited() {
    synchronized (flushLock) {
      return awaited;
    }
  }

  /**
   * Lets more clicks arrive until the deadline ({@link #LINGER_MILLIS} after the batch's first),
   * unless a sale is waiting for the clicks already queued: then the batch goes at once, so
   * attribution never waits for the linger.
   */
  private void lingerUnlessAwaited(long deadline) throws InterruptedException {
    synchronized (flushLock) {
      while (!awaited && running) {
        long left = deadline - ticker.getAsLong();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(flushLock, left);
      }
      awaited = false;
    }
  }

  private void markFlushed(int count) {
    synchronized (flushLock) {
      flushed += count;
      flushLock.notifyAll();
    }
  }

  /**
   * Writes a batch in one transaction, retrying while the database is unreachable. A batch the
   * database refuses for its content is written row by row, so that one bad row costs only itself,
   * and that row is logged.
   */
  private void write(List<ClickEvent> batch) throws InterruptedException {
    long backoff = 100;
    while (true) {
      try {
        database.transaction(
            c -> {
              insert(c, batch);
              return null;
            });
        recorded.increment(batch.size());
        return;
      } catch (RuntimeException e) {
        if (isContentProblem(e)) {
          writeOneByOne(batch);
          return;
        }
        LOG.atWarn()
            .setCause(e)
            .addKeyValue("clicks", batch.size())
            .addKeyValue("retryInMs", backoff)
            .log("click batch not written; retrying");
        Thread.sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private void writeOneByOne(List<ClickEvent> batch) {
    for (ClickEvent click : batch) {
      try {
        database.transaction(
            c -> {
              insert(c, List.of(click));
              return null;
            });
        recorded.increment();
      } catch (RuntimeException e) {
        failed.increment();
        LOG.atError()
            .setCause(e)
            .addKeyValue("clickRow", click.row())
            .log("click refused by the database");
      }
    }
  }

  private static boolean isContentProblem(RuntimeException e) {
    Throwable cause = e.getCause();
    return cause instanceof SQLException sql
        && sql.getSQLState() != null
        && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"));
  }

  private static void insert(Connection c, List<ClickEvent> batch) throws SQLException {
    BulkInsert rows = new BulkInsert("click", COLUMNS);
    for (ClickEvent e : batch) {
      rows.add(
          e.row(),
          e.secret(),
          e.occurredAt(),
          Sql.quarter(e.occurredAt()),
          e.linkRowId(),
          e.partnershipRowId(),
          e.publisherRowId(),
          e.programmeRowId(),
          e.advertiserRowId(),
          Sql.text(e.subIds().get(1)),
          Sql.text(e.subIds().get(2)),
          Sql.text(e.subIds().get(3)),
          Sql.text(e.subIds().get(4)),
          Sql.text(e.subIds().get(5)),
          e.visitorId(),
          e.device().toString(),
          Sql.text(e.country() == null ? null : e.country().code()),
          Sql.text(e.referrer()),
          Sql.text(e.userAgent()),
          Sql.text(e.ipTruncated()),
          Sql.text(e.deepLink()),
          e.commissionable(),
          e.flags(),
          Sql.text(e.experimentGroup()));
    }
    rows.write(c);
    rollUp(c, batch);
  }

  /**
   * Adds the batch's clicks to the per-partnership, per-quarter counts in the same transaction, so
   * that the counts always agree with the clicks stored.
   */
  private static void rollUp(Connection c, List<ClickEvent> batch) throws SQLException {
    Map<Long, Map<Long, long[]>> counts = new HashMap<>();
    for (ClickEvent e : batch) {
      long[] entry =
          counts
              .computeIfAbsent(e.partnershipRowId(), k -> new HashMap<>())
              .computeIfAbsent(
                  Sql.quarter(e.occurredAt()),
                  k -> new long[] {0, e.programmeRowId(), e.publisherRowId(), 0});
      entry[0]++;
      if (!e.suspicious()) {
        entry[3]++;
      }
    }
    List<long[]> missing = new ArrayList<>();
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE click_rollup SET clicks = clicks + ?, valid_clicks = valid_clicks + ?"
                + " WHERE partnership_id = ? AND occurred_quarter = ?")) {
      for (Map.Entry<Long, Map<Long, long[]>> partnership : counts.entrySet()) {
        for (Map.Entry<Long, long[]> quarter : partnership.getValue().entrySet()) {
          long[] entry = quarter.getValue();
          update.setLong(1, entry[0]);
          update.setLong(2, entry[3]);
          update.setLong(3, partnership.getKey());
          update.setLong(4, quarter.getKey());
          if (update.executeUpdate() == 0) {
            missing.add(
                new long[] {
                  partnership.getKey(), quarter.getKey(), entry[1], entry[2], entry[0], entry[3]
                });
          }
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO click_rollup (partnership_id, occurred_quarter, programme_id,"
                + " publisher_id, clicks, valid_clicks) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (long[] row : missing) {
        for (int i = 0; i < row.length; i++) {
          insert.setLong(i + 1, row[i]);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
