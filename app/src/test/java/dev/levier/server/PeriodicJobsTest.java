package dev.levier.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeriodicJobsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void jobsRunEveryPeriodUntilStopped() throws Exception {
    PeriodicJobs jobs = new PeriodicJobs(vertx);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch ranTwice = new CountDownLatch(2);
    jobs.every(
        Duration.ofMillis(5),
        id -> {
          runs.incrementAndGet();
          ranTwice.countDown();
        });
    assertThat(ranTwice.await(30, TimeUnit.SECONDS)).isTrue();
    jobs.stop();
    int atStop = runs.get();
    // Many periods later: nothing ran after stop() returned.
    Thread.sleep(200);
    assertThat(runs.get()).isEqualTo(atStop);
  }

  /**
   * {@code levier demo --exit} ended with a RejectedExecutionException logged at ERROR: the
   * minute's automatic approval fired while the server closed and handed its work to a worker pool
   * already shut down. Stopped first, no job reaches the closing pool.
   */
  @Test
  void aStoppedJobNeverHandsWorkToTheWorkerPoolWhileVertxCloses() throws Exception {
    List<Throwable> unhandled = new CopyOnWriteArrayList<>();
    vertx.exceptionHandler(unhandled::add);
    PeriodicJobs jobs = new PeriodicJobs(vertx);
    CountDownLatch ran = new CountDownLatch(3);
    jobs.every(
        Duration.ofMillis(1),
        id -> vertx.executeBlocking(() -> null, false).onComplete(done -> ran.countDown()));
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    jobs.stop();
    jobs.every(Duration.ofMillis(1), id -> unhandled.add(new AssertionError("started after stop")));
    vertx.close().await();
    assertThat(unhandled).isEmpty();
  }
}
