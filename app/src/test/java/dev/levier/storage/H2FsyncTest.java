package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class H2FsyncTest {
  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.empty(kind, registry);
    database = scratch.database();
    database.transaction(
        c -> Sql.update(c, "CREATE TABLE probe (id BIGINT PRIMARY KEY, note VARCHAR(40))"));
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  private static void insert(Database into, long id) {
    into.transaction(c -> Sql.update(c, "INSERT INTO probe (id, note) VALUES (?, 'x')", id));
  }

  private static long rows(Database in) {
    return in.transaction(c -> Sql.queryOne(c, "SELECT COUNT(*) FROM probe", r -> r.getLong(1)))
        .orElseThrow();
  }

  private long syncs() {
    Timer timer = registry.find("levier.h2.sync").timer();
    return timer == null ? -1 : timer.count();
  }

  @Test
  void aTransactionThatWroteIsForcedToTheDiskAndOneThatOnlyReadIsNot() {
    if (kind == TestDatabase.POSTGRESQL) {
      insert(database, 1);
      // PostgreSQL forces its own log at commit; there is nothing to count.
      assertThat(registry.find("levier.h2.sync").timer()).isNull();
      return;
    }
    long before = syncs();

    insert(database, 1);
    assertThat(syncs()).isEqualTo(before + 1);

    assertThat(rows(database)).isEqualTo(1);
    assertThat(syncs()).as("a read writes nothing to force").isEqualTo(before + 1);

    assertThatThrownBy(
            () ->
                database.transaction(
                    c -> {
                      Sql.update(c, "INSERT INTO probe (id, note) VALUES (2, 'x')");
                      throw new IllegalStateException("changed my mind");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(syncs()).as("a rolled-back transaction has nothing to force").isEqualTo(before + 1);
    assertThat(rows(database)).isEqualTo(1);
  }

  @Test
  void concurrentCommitsShareSyncsAndEveryOneIsThere() throws Exception {
    long before = syncs();
    int writers = 4;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long first = (long) w * each;
        done.add(
            pool.submit(
                () -> {
                  for (long id = first; id < first + each; id++) {
                    insert(database, id);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(rows(database)).isEqualTo((long) writers * each);
    if (kind == TestDatabase.H2) {
      assertThat(syncs() - before).isBetween(1L, (long) writers * each);
    } else {
      assertThat(syncs()).as("no H2 syncs on PostgreSQL").isEqualTo(-1);
    }
  }

  /** The store behind the embedded database: what H2 holds in memory and has not yet written. */
  private static MVStore store(Database of) {
    return of.transaction(
        c ->
            ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
                .getDatabase()
                .getStore()
                .getMvStore());
  }

  /**
   * The bug: with H2 writing commits in the background (its default write delay of 500 ms, which a
   * {@code db.url} without {@code WRITE_DELAY=0} gets), a commit was acknowledged once the file was
   * forced, but its pages were still in memory, not in the file: {@code kill -9} within the next
   * half second lost it.
   */
  @Test
  void aCommitIsWrittenToTheFileBeforeItIsAcknowledgedWhateverTheWriteDelay() {
    Assumptions.assumeTrue(kind == TestDatabase.H2, "H2's store");
    MVStore store = store(database);
    assertThat(store.getAutoCommitDelay()).as("the tests run H2 as the server does").isPositive();

    insert(database, 1);

    assertThat(store.hasUnsavedChanges()).isFalse();
  }

  @Test
  void aTransactionForcedLaterIsAnsweredOnlyOnceOnTheDiskAndSoIsAReadThatMayHaveSeenIt() {
    Committed<Integer> write =
        database.transactionForcedLater(
            c -> Sql.update(c, "INSERT INTO probe (id, note) VALUES (1, 'x')"));
    Committed<Long> read =
        database.transactionForcedLater(
            c -> Sql.queryOne(c, "SELECT COUNT(*) FROM probe", r -> r.getLong(1)).orElseThrow());
    assertThat(write.result()).isEqualTo(1);
    assertThat(read.result()).as("the next transaction sees the commit at once").isEqualTo(1);

    CompletableFuture<Void> writeOnDisk = write.forceLater();
    read.forceLater().join();

    assertThat(writeOnDisk).as("forced in order").isDone();
    assertThat(writeOnDisk).isNotCompletedExceptionally();
    if (kind == TestDatabase.H2) {
      assertThat(store(database).hasUnsavedChanges()).isFalse();
      assertThat(syncs()).isPositive();
    }

    Committed<Integer> another =
        database.transactionForcedLater(
            c -> Sql.update(c, "INSERT INTO probe (id, note) VALUES (2, 'x')"));
    another.forceNow();
    if (kind == TestDatabase.H2) {
      assertThat(store(database).hasUnsavedChanges()).as("forced in the caller's thread").isFalse();
    }
    database = scratch.reopen();
    assertThat(rows(database)).isEqualTo(2);
  }

  @Test
  void manyWritersForcedLaterAreAllAnsweredAndAllThereAfterReopening() throws Exception {
    int writers = 4;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    try {
      List<Future<List<CompletableFuture<Void>>>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long first = (long) w * each;
        done.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Void>> mine = new ArrayList<>();
                  for (long id = first; id < first + each; id++) {
                    long row = id;
                    mine.add(
                        database
                            .transactionForcedLater(
                                c ->
                                    Sql.update(
                                        c, "INSERT INTO probe (id, note) VALUES (?, 'x')", row))
                            .forceLater());
                  }
                  return mine;
                }));
      }
      for (Future<List<CompletableFuture<Void>>> f : done) {
        durable.addAll(f.get());
      }
    } finally {
      pool.shutdown();
    }
    CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).join();
    if (kind == TestDatabase.H2) {
      assertThat(syncs()).as("forcings shared").isBetween(1L, (long) writers * each);
    }
    database = scratch.reopen();
    assertThat(rows(database)).isEqualTo((long) writers * each);
  }

  /**
   * When another process's H2 server holds the file (a CLI command beside a running server), the
   * session cannot reach the file itself and asks the server to force it.
   */
  @Test
  void aSessionOfAnotherProcessesServerAsksItToForceTheFile() throws SQLException {
    Assumptions.assumeTrue(kind == TestDatabase.H2, "an H2 server");
    String url = scratch.settings().url();
    String path = url.substring("jdbc:h2:file:".length(), url.indexOf(';'));
    database.close();
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
    try {
      SimpleMeterRegistry remoteRegistry = new SimpleMeterRegistry();
      DatabaseSettings remote =
          new DatabaseSettings(
              "jdbc:h2:tcp://localhost:"
                  + server.getPort()
                  + "/"
                  + path
                  + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
              scratch.settings().user(),
              scratch.settings().password(),
              2,
              Duration.ofSeconds(5));
      try (Database client = Database.open(remote, remoteRegistry)) {
        insert(client, 7);
        assertThat(rows(client)).isEqualTo(1);
        Timer timer = remoteRegistry.find("levier.h2.sync").timer();
        assertThat(timer).isNotNull();
        // The remote session cannot tell a read from a write: both asked, neither failed.
        assertThat(timer.count()).isEqualTo(2);
      }
    } finally {
      server.stop();
      database = scratch.reopen();
    }
    assertThat(rows(database)).isEqualTo(1);
  }
}
