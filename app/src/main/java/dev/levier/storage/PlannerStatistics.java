package dev.levier.storage;

import dev.levier.config.DatabaseSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics of tables that a journal fills fast up to date, by running
 * {@code ANALYZE} on them in the background when they have grown enough since the last time.
 *
 * <p>Why: conversion intake looks orders, customers and identities up by advertiser and key. While
 * the statistics say an advertiser has a handful of rows (a fresh database, or an advertiser that
 * joined after the last {@code ANALYZE}), PostgreSQL plans those lookups as a scan of all the
 * advertiser's rows, for every batch, and intake slows down as the advertiser grows. Autovacuum
 * analyzes a table only after 10% of it changed and looks once a minute: minutes of thousands of
 * sales a second, or never for a new advertiser on a big table. So the writer reports what it
 * inserted, per owner (advertiser), and a table is analyzed when any owner, or the whole, grew by
 * {@value #GROWTH_PERCENT}% since the last analysis (at least {@value #FIRST_ROWS} rows). One
 * analysis runs at a time, on its own thread; it samples a fixed number of rows whatever the size
 * of the table. H2 keeps its own statistics as rows change, so there this does nothing.
 */
public final class PlannerStatistics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);

  /** Rows an owner (or the table) must gain before its first analysis. */
  static final long FIRST_ROWS = 1_000;

  /** Growth, in percent of the rows at the last analysis, that calls for another. */
  static final long GROWTH_PERCENT = 20;

  private final Database database;
  private final String statement;
  private final boolean enabled;
  private final ExecutorService executor;
  private final AtomicBoolean analyzing = new AtomicBoolean();
  private final AtomicLong analyses = new AtomicLong();

  /** Per owner: rows counted by the last analysis, rows since. Guarded by {@code this}. */
  private final Map<String, long[]> owners = new HashMap<>();

  private long total;
  private long totalAtLastAnalysis;

  /**
   * @param tables the tables to analyze together, filled by the writer that reports to this, each
   *     with the columns its lookups filter on in parentheses when not all of them matter: an
   *     analysis of eight columns of {@code conversion} took a quarter of the time of all its
   *     columns (autovacuum still analyzes the others)
   */
  public PlannerStatistics(Database database, List<String> tables) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("name at least one table to keep statistics of");
    }
    this.database = database;
    this.statement = "ANALYZE " + String.join(", ", tables);
    this.enabled = database.kind() == DatabaseSettings.Kind.POSTGRESQL;
    this.executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("planner-statistics").daemon().factory());
  }

  /**
   * Counts rows a committed batch inserted for one owner; called by the writer threads. May start
   * an analysis in the background, and never waits for one.
   */
  public synchronized void inserted(String owner, long rows) {
    if (!enabled || rows <= 0) {
      return;
    }
    long[] counts = owners.computeIfAbsent(owner, k -> new long[2]);
    counts[1] += rows;
    total += rows;
    if (!grown(counts[0], counts[1]) && !grown(totalAtLastAnalysis, total - totalAtLastAnalysis)) {
      return;
    }
    if (!analyzing.compareAndSet(false, true)) {
      return; // the running analysis may miss these rows; the next growth brings them in
    }
    for (long[] c : owners.values()) {
      c[0] += c[1];
      c[1] = 0;
    }
    totalAtLastAnalysis = total;
    executor.execute(this::analyze);
  }

  private static boolean grown(long before, long since) {
    return since >= Math.max(FIRST_ROWS, before * GROWTH_PERCENT / 100);
  }

  private void analyze() {
    try {
      database.transaction(
          c -> {
            Sql.update(c, statement);
            return null;
          });
      analyses.incrementAndGet();
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("planner statistics not refreshed: " + statement);
    } finally {
      analyzing.set(false);
    }
  }

  /** How many analyses have finished. */
  public long analyses() {
    return analyses.get();
  }

  /** Whether an analysis is under way. */
  public boolean analyzing() {
    return analyzing.get();
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.atWarn().log("an analysis was still running at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
