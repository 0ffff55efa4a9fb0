package dev.levier.server;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's periodic jobs, timers on its Vert.x instance, stopped together as the first step of
 * a stop: a job that fired while the server closed handed its work to a worker pool already shut
 * down (a {@link java.util.concurrent.RejectedExecutionException} logged at the end of {@code
 * levier demo --exit}), or to journals and a database being closed.
 */
final class PeriodicJobs {
  private final Vertx vertx;

  /** Guarded by this. */
  private final List<Long> timers = new ArrayList<>();

  /** Guarded by this. */
  private boolean stopped;

  PeriodicJobs(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs the job on an event loop every period, from one period on, until {@link #stop}. */
  synchronized void every(Duration period, Handler<Long> job) {
    if (stopped) {
      return;
    }
    timers.add(
        vertx.setPeriodic(
            period.toMillis(),
            id -> {
              // A firing already queued on the event loop when the timer was cancelled.
              if (!isStopped()) {
                job.handle(id);
              }
            }));
  }

  /** Cancels every timer; once this returns, no job starts again. */
  synchronized void stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  private synchronized boolean isStopped() {
    return stopped;
  }
}
