package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.geo.CountryCode;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class ClickJournalTest {
  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.migrated(kind);
    database = scratch.database();
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  private static ClickEvent click(
      long row,
      Instant at,
      SubIds subIds,
      @Nullable String referrer,
      @Nullable String userAgent,
      @Nullable String experimentGroup) {
    return new ClickEvent(
        row,
        "s3cr3t" + Long.toString(row + 1_000_000_000L, 36).substring(0, 6) + "abcd",
        at,
        11,
        12,
        13,
        14,
        15,
        subIds,
        "v" + row,
        DeviceType.MOBILE,
        row % 2 == 0 ? CountryCode.of("FR") : null,
        referrer,
        userAgent,
        row % 3 == 0 ? null : "203.0.113.0",
        null,
        row % 2 == 0,
        row % 2 == 0 ? "" : "bot velocity",
        experimentGroup);
  }

  private record Stored(
      String secret,
      Instant occurredAt,
      @Nullable String sub1,
      @Nullable String sub5,
      @Nullable String country,
      @Nullable String referrer,
      @Nullable String userAgent,
      @Nullable String ip,
      boolean commissionable,
      String flags,
      @Nullable String experimentGroup) {}

  /**
   * Every column of every click of a batch comes back as it went in, whatever characters its free
   * text holds, and the batch's clicks are counted in the roll-up of the same transaction.
   */
  @Test
  void aBatchStoresEveryColumnAsGivenWhateverTheTextHolds() throws Exception {
    Instant at = Instant.parse("2026-11-27T05:40:12.345678Z");
    List<ClickEvent> clicks = new ArrayList<>();
    clicks.add(
        click(
            1,
            at,
            new SubIds("back\\slash", "a b", null, "\\N", "end\\"),
            "https://blog.example/a\tb?q=\\N",
            "Mozilla/5.0 \"quoted\"\tTabbed \\ backslash, comma; é 日本 😀",
            ClickEvent.TREATED));
    clicks.add(click(2, at.plusMillis(1), SubIds.NONE, null, null, null));
    clicks.add(
        click(3, at.plusMillis(2), SubIds.NONE, "line\nbreak\rreturn", "", ClickEvent.HELD_OUT));
    for (long row = 4; row <= 40; row++) {
      clicks.add(click(row, at.plusMillis(row), SubIds.NONE, null, "agent " + row, null));
    }

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ClickJournal journal = new ClickJournal(database, 1024, registry, () -> {})) {
      for (ClickEvent c : clicks) {
        assertThat(journal.offer(c)).isTrue();
      }
      assertThat(journal.awaitFlushed(journal.position(), Duration.ofSeconds(10))).isTrue();
    }
    assertThat(registry.get("levier.journal.batch.size").summary().max())
        .as("written in batches of more than one click")
        .isGreaterThan(1);

    for (ClickEvent c : clicks) {
      Stored stored =
          database
              .transaction(
                  conn ->
                      Sql.queryOne(
                          conn,
                          "SELECT secret, occurred_at, sub1, sub5, country, referrer, user_agent,"
                              + " ip_truncated, commissionable, flags, experiment_group"
                              + " FROM click WHERE id = ?",
                          r ->
                              new Stored(
                                  r.getString(1),
                                  r.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                                  r.getString(3),
                                  r.getString(4),
                                  r.getString(5),
                                  r.getString(6),
                                  r.getString(7),
                                  r.getString(8),
                                  r.getBoolean(9),
                                  r.getString(10),
                                  r.getString(11)),
                          c.row()))
              .orElseThrow();
      assertThat(stored)
          .isEqualTo(
              new Stored(
                  c.secret(),
                  c.occurredAt(),
                  c.subIds().get(1),
                  c.subIds().get(5),
                  c.country() == null ? null : c.country().code(),
                  c.referrer(),
                  c.userAgent(),
                  c.ipTruncated(),
                  c.commissionable(),
                  c.flags(),
                  c.experimentGroup()));
    }
    long counted =
        database
            .transaction(
                conn ->
                    Sql.queryOne(
                        conn,
                        "SELECT SUM(clicks) FROM click_rollup WHERE partnership_id = 12",
                        r -> r.getLong(1)))
            .orElseThrow();
    assertThat(counted).isEqualTo(clicks.size());
  }

  /**
   * A click the table refuses (a user agent longer than its column, which the redirect would have
   * cut) fails its whole batch, on PostgreSQL a whole COPY: the journal then writes the batch's
   * clicks one by one, so that only that click is lost, and counted as failed.
   */
  @Test
  void aClickTheTableRefusesCostsOnlyItselfNotItsBatch() throws Exception {
    Instant at = Instant.parse("2026-11-28T06:00:00Z");
    List<ClickEvent> clicks = new ArrayList<>();
    for (long row = 1; row <= 30; row++) {
      String agent = row == 17 ? "x".repeat(513) : "agent " + row;
      clicks.add(click(row, at.plusMillis(row), SubIds.NONE, null, agent, null));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ClickJournal journal = new ClickJournal(database, 1024, registry, () -> {})) {
      for (ClickEvent c : clicks) {
        assertThat(journal.offer(c)).isTrue();
      }
      assertThat(journal.awaitFlushed(journal.position(), Duration.ofSeconds(10))).isTrue();
    }
    assertThat(registry.get("levier.clicks").tag("outcome", "failed").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("levier.clicks").tag("outcome", "journaled").counter().count())
        .isEqualTo(29);
    List<Long> stored =
        database.transaction(
            conn -> Sql.query(conn, "SELECT id FROM click ORDER BY id", r -> r.getLong(1)));
    assertThat(stored).hasSize(29).doesNotContain(17L).contains(1L, 16L, 18L, 30L);
  }

  /**
   * Batches that follow one another closely are all in the table after the database is reopened,
   * each click counted once in the table, the roll-up and the metric, and each batch's wait for the
   * disk measured.
   */
  @Test
  void clicksOfBatchesInARowAreAllThereAfterReopeningEachCountedOnce() throws Exception {
    Instant at = Instant.now().minusSeconds(60);
    int count = 7_000;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ClickJournal journal = new ClickJournal(database, 8_192, registry, () -> {})) {
      for (long row = 1; row <= count; row++) {
        assertThat(journal.offer(click(row, at.plusMillis(row), SubIds.NONE, null, "ua", null)))
            .isTrue();
      }
      assertThat(journal.awaitFlushed(journal.position(), Duration.ofSeconds(30))).isTrue();
    }
    long batches = registry.get("levier.journal.batch.size").summary().count();
    assertThat(batches).as("several batches").isGreaterThan(2);
    assertThat(registry.get("levier.clicks.durable.after").timer().count()).isEqualTo(batches);
    assertThat(registry.get("levier.clicks").tag("outcome", "journaled").counter().count())
        .isEqualTo(count);

    database = scratch.reopen();
    long[] stored =
        database
            .transaction(
                conn ->
                    Sql.queryOne(
                        conn,
                        "SELECT (SELECT COUNT(DISTINCT id) FROM click),"
                            + " (SELECT SUM(clicks) FROM click_rollup WHERE partnership_id = 12)",
                        r -> new long[] {r.getLong(1), r.getLong(2)}))
            .orElseThrow();
    assertThat(stored).containsExactly(count, count);
  }

  /**
   * The wait for the disk that {@code levier_clicks_durable_after_seconds} shows counts from the
   * hand-over to the journal: it counted from the click's time, which under {@code clock=simulated}
   * (the demo) is hours or days away from the machine's, so the metric said nothing there.
   */
  @Test
  void theWaitForTheDiskCountsFromTheHandOverNotFromTheClicksTime() throws Exception {
    Instant simulated = Instant.now().minus(Duration.ofDays(30));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ClickJournal journal = new ClickJournal(database, 1024, registry, () -> {})) {
      for (long row = 1; row <= 10; row++) {
        assertThat(journal.offer(click(row, simulated, SubIds.NONE, null, "ua", null))).isTrue();
      }
      assertThat(journal.awaitFlushed(journal.position(), Duration.ofSeconds(30))).isTrue();
    }
    io.micrometer.core.instrument.Timer waited =
        registry.get("levier.clicks.durable.after").timer();
    assertThat(waited.count()).isPositive();
    assertThat(waited.max(java.util.concurrent.TimeUnit.SECONDS))
        .as("seconds, against the clicks' 30 days")
        .isLessThan(30);
  }

  /**
   * A click that waited in the queue while the writer was busy goes out without lingering again:
   * the linger counted from the moment the writer took the click, so one queued behind a batch that
   * took 150 ms waited those 150 ms, then the whole linger, then its own batch's write.
   */
  @Test
  void aClickThatAlreadyWaitedInTheQueueIsNotHeldForAnotherLinger() throws Exception {
    AtomicLong frozenAt = new AtomicLong(-1);
    LongSupplier ticker =
        () -> {
          long frozen = frozenAt.get();
          return frozen < 0 ? System.nanoTime() : frozen;
        };
    CountDownLatch writerBusy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holdOnce = new AtomicBoolean(true);
    Runnable betweenBatches =
        () -> {
          if (holdOnce.compareAndSet(true, false)) {
            writerBusy.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ClickJournal journal =
        new ClickJournal(database, 1024, registry, betweenBatches, ticker)) {
      assertThat(writerBusy.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(journal.offer(click(1, Instant.now(), SubIds.NONE, null, "ua", null))).isTrue();
      // The journal's clock now stands an hour after the hand-over: the click has waited far
      // longer than any linger, and a linger counted from the writer's "now" would never end.
      frozenAt.set(System.nanoTime() + Duration.ofHours(1).toNanos());
      release.countDown();
      io.micrometer.core.instrument.Counter journaled =
          registry.get("levier.clicks").tag("outcome", "journaled").counter();
      long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (journaled.count() < 1 && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }
      assertThat(journaled.count()).as("clicks written without anyone awaiting them").isEqualTo(1);
    }
  }
}
