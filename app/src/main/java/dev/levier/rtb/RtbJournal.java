package dev.levier.rtb;

import dev.levier.attribution.Attributions;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bidder's notices leave behind, written in batches off the event loop: billed spend (one
 * row per bid, so a notice counted twice is stored once) and the programmatic touches of the
 * journeys (impressions and clicks of known visitors, as {@code touchpoint} rows the conversion
 * intake already reads). One transaction per batch, every {@link #FLUSH_EVERY_MS} ms; a bid settled
 * from its notice URL alone is stored at once ({@link #spendOnce}). Budgets count spend in memory
 * at once; storage follows within a flush, and what was not flushed is lost with the process (see
 * docs/rtb.md for what that means for budgets).
 */
public final class RtbJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtbJournal.class);
  static final long FLUSH_EVERY_MS = 200;
  static final String CLICK_CHANNEL = "programmatic";
  static final String IMPRESSION_CHANNEL = "programmatic-view";
  private static final int MAX_QUEUED = 1_000_000;
  private static final int BATCH = 5_000;

  /** A billed bid. */
  record Spend(
      String bidId,
      long lineItemRow,
      long campaignRow,
      LocalDate day,
      long micros,
      CurrencyUnit currency,
      Instant at) {}

  /** A programmatic touch of a visitor's journey. */
  record Touch(long advertiserRow, String visitorId, String channel, Instant at) {}

  private final Database database;
  private final Attributions attributions;
  private final ConcurrentLinkedQueue<Spend> spends = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Touch> touches = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("rtb-journal").factory());

  private final java.util.concurrent.ScheduledFuture<?> flushing;

  public RtbJournal(Database database, Attributions attributions) {
    this.database = database;
    this.attributions = attributions;
    this.flushing =
        writer.scheduleWithFixedDelay(
            this::flushQuietly, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  /** Queues billed spend; false when the queue is full (counted, never blocking). */
  boolean spend(Spend spend) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      refused.incrementAndGet();
      return false;
    }
    spends.add(spend);
    return true;
  }

  boolean touch(Touch touch) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      refused.incrementAndGet();
      return false;
    }
    touches.add(touch);
    return true;
  }

  /** Rows refused because the queue was full. */
  public long refused() {
    return refused.get();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.atError().setCause(e).log("programmatic spend and touches not stored; retrying");
    }
  }

  /** Writes what is queued; the rows of a failed batch go back to the queue. */
  public synchronized void flush() {
    while (!spends.isEmpty() || !touches.isEmpty()) {
      List<Spend> spendBatch = new ArrayList<>();
      List<Touch> touchBatch = new ArrayList<>();
      for (Spend s = spends.poll();
          s != null;
          s = spendBatch.size() < BATCH ? spends.poll() : null) {
        spendBatch.add(s);
      }
      for (Touch t = touches.poll();
          t != null;
          t = touchBatch.size() < BATCH ? touches.poll() : null) {
        touchBatch.add(t);
      }
      try {
        write(spendBatch, touchBatch);
      } catch (RuntimeException e) {
        spends.addAll(spendBatch);
        touches.addAll(touchBatch);
        throw e;
      }
      queued.addAndGet(-(spendBatch.size() + touchBatch.size()));
      Set<Long> advertisers = new HashSet<>();
      for (Touch t : touchBatch) {
        advertisers.add(t.advertiserRow());
      }
      // Committed: conversions that come next look these touches up.
      advertisers.forEach(attributions::touchpointsReported);
    }
  }

  /**
   * Stores a billed bid at once, and says whether it was new: for a notice whose bid is no longer
   * in memory, where only storage knows whether it was billed already (the bid id is the key, so
   * two nodes billing one bid store it once).
   */
  boolean spendOnce(Spend spend) {
    try {
      return database.transaction(c -> insertSpend(c, List.of(spend)) > 0);
    } catch (StorageException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  /** Inserts the bids not stored yet; returns how many were new (when the driver tells). */
  private static int insertSpend(Connection c, List<Spend> batch) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO rtb_spend (bid_id, line_item_id, campaign_id, spend_day,"
                + " price_micros, currency, billed_at, occurred_quarter)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM rtb_spend WHERE bid_id = ?)")) {
      for (Spend spend : batch) {
        s.setString(1, spend.bidId());
        s.setLong(2, spend.lineItemRow());
        s.setLong(3, spend.campaignRow());
        s.setObject(4, spend.day());
        s.setLong(5, spend.micros());
        s.setString(6, spend.currency().code());
        s.setObject(7, spend.at().atOffset(ZoneOffset.UTC));
        s.setLong(8, Sql.quarter(spend.at()));
        s.setString(9, spend.bidId());
        if (batch.size() == 1) {
          return s.executeUpdate();
        }
        s.addBatch();
      }
      int inserted = 0;
      for (int count : s.executeBatch()) {
        inserted += Math.max(count, 0);
      }
      return inserted;
    }
  }

  private void write(List<Spend> spendBatch, List<Touch> touchBatch) {
    database.transaction(
        c -> {
          if (!spendBatch.isEmpty()) {
            insertSpend(c, spendBatch);
          }
          if (!touchBatch.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO touchpoint (advertiser_id, identity_kind, identity_value, channel,"
                        + " occurred_at, occurred_quarter, received_at) VALUES (?, 'visitor', ?, ?,"
                        + " ?, ?, ?)")) {
              Instant now = Instant.now();
              for (Touch touch : touchBatch) {
                s.setLong(1, touch.advertiserRow());
                s.setString(2, touch.visitorId());
                s.setString(3, touch.channel());
                s.setObject(4, touch.at().atOffset(ZoneOffset.UTC));
                s.setLong(5, Sql.quarter(touch.at()));
                s.setObject(6, now.atOffset(ZoneOffset.UTC));
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          return null;
        });
  }

  /** Stops the writer after a last flush. */
  @Override
  public void close() {
    flushing.cancel(false);
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
