package dev.levier.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The load generator, run as its own process so that its garbage collection, JIT compilation and
 * thread scheduling are not shared with the server it measures.
 *
 * <p>It reads a {@link Job} as JSON from standard input, opens a fixed number of keep-alive
 * connections, each driven by its own thread that sends the next request as soon as the previous
 * answer is read (a closed loop, like wrk), for a warm-up and then a bounded measured window. On
 * standard output it writes {@code window-start} and {@code window-end} when the measured window
 * opens and closes, so the caller can measure its own CPU time over the same window, then one line
 * {@code result <json>} with a {@link Report}.
 *
 * <p>Only requests that start and finish inside the measured window count towards throughput and
 * latency; failures (an answer other than 2xx, or a broken connection) count over the whole run,
 * warm-up included, since any failure makes the figures suspect. Latency is the time from writing
 * the request to reading the end of the answer. Because the loop is closed, a slow answer delays
 * the next request rather than queueing it, so the percentiles describe answers under saturation,
 * not what an open stream of users at a fixed rate would see (no coordinated-omission correction).
 */
public final class LoadGenerator {
  static final String WINDOW_START = "window-start";
  static final String WINDOW_END = "window-end";
  static final String RESULT = "result ";

  private final Job job;

  private LoadGenerator(Job job) {
    this.job = job;
  }

  /**
   * What to run.
   *
   * @param host the server's address
   * @param port the server's port
   * @param connections how many keep-alive connections, each with its own thread
   * @param virtualThreads whether those threads are virtual rather than platform threads
   * @param warmUpMillis how long to drive the server before measuring
   * @param measuredMillis how long the measured window lasts
   * @param requests complete HTTP/1.1 requests without a body; connection {@code i} sends request
   *     {@code (i + k) % n} as its {@code k}th, so every connection cycles through all of them
   */
  record Job(
      String host,
      int port,
      int connections,
      boolean virtualThreads,
      long warmUpMillis,
      long measuredMillis,
      List<String> requests) {}

  /**
   * What a run measured.
   *
   * @param requests successful requests that started and finished in the measured window
   * @param failures failed requests over the whole run
   * @param seconds the length of the measured window
   * @param latencyHistogram the latency of the counted requests in nanoseconds, as HdrHistogram's
   *     compressed encoding in Base64
   * @param cpuNanos the CPU time this process used during the measured window
   * @param failureSamples the first failure of up to five connections
   */
  record Report(
      long requests,
      long failures,
      double seconds,
      String latencyHistogram,
      long cpuNanos,
      List<String> failureSamples) {

    Histogram latency() {
      try {
        return Histogram.decodeFromCompressedByteBuffer(
            ByteBuffer.wrap(Base64.getDecoder().decode(latencyHistogram)), 0);
      } catch (java.util.zip.DataFormatException e) {
        throw new IllegalStateException("the latency histogram cannot be decoded", e);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Job job = json.readValue(System.in, Job.class);
    PrintStream out = System.out;
    Report report = new LoadGenerator(job).run(out);
    out.println(RESULT + json.writeValueAsString(report));
    out.flush();
  }

  private Report run(PrintStream out) throws InterruptedException {
    List<byte[]> requests =
        job.requests().stream().map(r -> r.getBytes(StandardCharsets.US_ASCII)).toList();
    List<Worker> workers = new ArrayList<>(job.connections());
    CountDownLatch connected = new CountDownLatch(job.connections());
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2]; // start and end of the measured window, set before go opens
    List<Thread> threads = new ArrayList<>(job.connections());
    Thread.Builder builder = job.virtualThreads() ? Thread.ofVirtual() : Thread.ofPlatform();
    for (int i = 0; i < job.connections(); i++) {
      Worker worker = new Worker(i, requests, connected, go, window);
      workers.add(worker);
      threads.add(builder.name("load-" + i).start(worker));
    }
    if (!connected.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("connections not established within 30 s");
    }
    window[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(job.warmUpMillis());
    window[1] = window[0] + TimeUnit.MILLISECONDS.toNanos(job.measuredMillis());
    go.countDown();
    sleepUntil(window[0]);
    long cpuAtStart = processCpuNanos();
    out.println(WINDOW_START);
    out.flush();
    sleepUntil(window[1]);
    long cpu = processCpuNanos() - cpuAtStart;
    out.println(WINDOW_END);
    out.flush();
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram latency = new Histogram(3);
    long count = 0;
    long failures = 0;
    List<String> samples = new ArrayList<>();
    for (Worker worker : workers) {
      latency.add(worker.latency);
      count += worker.measured;
      failures += worker.failures;
      String first = worker.firstFailure;
      if (first != null && samples.size() < 5) {
        samples.add(first);
      }
    }
    ByteBuffer encoded = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int length = latency.encodeIntoCompressedByteBuffer(encoded);
    String histogram =
        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(encoded.array(), length));
    return new Report(count, failures, job.measuredMillis() / 1000.0, histogram, cpu, samples);
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private final class Worker implements Runnable {
    private final int index;
    private final List<byte[]> requests;
    private final CountDownLatch connected;
    private final CountDownLatch go;
    private final long[] window;
    final Histogram latency = new Histogram(3);
    long measured;
    long failures;
    @Nullable String firstFailure;

    Worker(
        int index,
        List<byte[]> requests,
        CountDownLatch connected,
        CountDownLatch go,
        long[] window) {
      this.index = index;
      this.requests = requests;
      this.connected = connected;
      this.go = go;
      this.window = window;
    }

    @Override
    public void run() {
      HttpConnection connection = null;
      try {
        connection = HttpConnection.open(job.host(), job.port());
      } catch (IOException e) {
        fail("connect: " + e);
      } finally {
        connected.countDown();
      }
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long windowStart = window[0];
      long windowEnd = window[1];
      int next = index;
      while (connection != null) {
        long before = System.nanoTime();
        if (before >= windowEnd) {
          break;
        }
        byte[] request = requests.get(next++ % requests.size());
        try {
          int status = connection.exchange(request);
          long after = System.nanoTime();
          if (status < 200 || status > 299) {
            fail("HTTP " + status);
          } else if (before >= windowStart && after <= windowEnd) {
            latency.recordValue(after - before);
            measured++;
          }
        } catch (IOException e) {
          fail(e.toString());
          closeQuietly(connection);
          connection = reconnect();
        }
      }
      if (connection != null) {
        closeQuietly(connection);
      }
    }

    private @Nullable HttpConnection reconnect() {
      try {
        return HttpConnection.open(job.host(), job.port());
      } catch (IOException e) {
        fail("reconnect: " + e);
        return null;
      }
    }

    private void fail(String what) {
      failures++;
      if (firstFailure == null) {
        firstFailure = what;
      }
    }

    private void closeQuietly(HttpConnection connection) {
      try {
        connection.close();
      } catch (IOException e) {
        fail("close: " + e);
      }
    }
  }
}
