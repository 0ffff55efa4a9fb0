package dev.levier.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The load generator, run as its own process so that its garbage collection, JIT compilation and
 * thread scheduling are not shared with the server it measures.
 *
 * <p>It reads a {@link Job} as JSON from standard input, opens a fixed number of keep-alive
 * connections, each driven by its own thread, for a warm-up and then a bounded measured window. On
 * standard output it writes {@code window-start} and {@code window-end} when the measured window
 * opens and closes, so the caller can measure its own CPU time over the same window, then one line
 * {@code result <json>} with a {@link Report}.
 *
 * <p>Two ways of driving the server:
 *
 * <ul>
 *   <li><b>Closed loop</b> ({@code ratePerSecond} 0), like wrk: each connection sends its next
 *       request as soon as the previous answer is read. Only requests that start and finish inside
 *       the measured window count towards throughput and latency. Latency is the time from writing
 *       the request to reading the end of the answer; a slow answer delays the next request rather
 *       than queueing it, so the percentiles describe answers under saturation, not what an open
 *       stream of users would see (no coordinated-omission correction).
 *   <li><b>Open loop</b> ({@code ratePerSecond} above 0), like wrk2: the requests have intended
 *       send times fixed in advance, spread evenly over the connections, each connection sending at
 *       a fixed interval of {@code connections / ratePerSecond}. One thread drives all the
 *       connections through a selector (see {@link OpenLoop}), so the client adds little CPU and no
 *       thread scheduling of its own. A connection sends at its intended time, or as soon as its
 *       previous answer is in when that answer was late, and latency is measured from the
 *       <em>intended</em> time, so waiting behind a slow answer or a pause counts (coordinated
 *       omission corrected). Requests whose intended time falls in the measured window count,
 *       however late they finish. HTTP/1.1 without pipelining carries one request at a time per
 *       connection, so the interval must stay above the usual latency for the rate to hold.
 * </ul>
 *
 * <p>Answers are counted by status over the whole run, warm-up included, so that a caller can
 * compare what the server acknowledged with what it stored. A status in {@code successStatuses}
 * (any 2xx when empty) is a success; one in {@code toleratedStatuses} is counted apart (such as 503
 * from a full journal) and is not a failure; anything else, or a broken connection, is a failure.
 *
 * <p>A request may be a template: {@code {n}} becomes a number unique within the run (such as an
 * order id), {@code {r:N}} a random number from 0 to N - 1 drawn once per request (the same at each
 * place in that request, such as a customer reference and its e-mail address), {@code {now}} the
 * current UTC time to the second in ISO-8601, and {@code {length}} the length in bytes of the body
 * (what follows the blank line), for the {@code Content-Length} header. Requests without these
 * tokens are sent as prepared bytes.
 */
public final class LoadGenerator {
  static final String WINDOW_START = "window-start";
  static final String WINDOW_END = "window-end";
  static final String RESULT = "result ";

  private final Job job;
  private final AtomicLong sequence = new AtomicLong();

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
   * @param ratePerSecond 0 for a closed loop; otherwise the total rate of an open loop
   * @param successStatuses the statuses that count as success; empty means any 2xx
   * @param toleratedStatuses statuses counted apart, neither success nor failure
   * @param requests complete HTTP/1.1 requests, possibly templates (see the class comment);
   *     connection {@code i} sends request {@code (i + k) % n} as its {@code k}th, so every
   *     connection cycles through all of them
   */
  record Job(
      String host,
      int port,
      int connections,
      boolean virtualThreads,
      long warmUpMillis,
      long measuredMillis,
      int ratePerSecond,
      List<Integer> successStatuses,
      List<Integer> toleratedStatuses,
      List<String> requests) {

    /** A closed-loop job that takes any 2xx as success. */
    static Job closed(
        String host,
        int port,
        int connections,
        boolean virtualThreads,
        long warmUpMillis,
        long measuredMillis,
        List<String> requests) {
      return new Job(
          host,
          port,
          connections,
          virtualThreads,
          warmUpMillis,
          measuredMillis,
          0,
          List.of(),
          List.of(),
          requests);
    }
  }

  /**
   * What a run measured.
   *
   * @param requests successful requests counted in the measured window (see the class comment)
   * @param tolerated answers with a tolerated status counted in the measured window
   * @param failures failed requests over the whole run
   * @param seconds the length of the measured window
   * @param latencyHistogram the latency of the counted successful requests in nanoseconds, as
   *     HdrHistogram's compressed encoding in Base64
   * @param cpuNanos the CPU time this process used during the measured window
   * @param failureSamples the first failure of up to five connections
   * @param statuses every answer of the whole run, warm-up included, by status
   * @param intended for an open loop, the requests whose intended time fell in the window
   */
  record Report(
      long requests,
      long tolerated,
      long failures,
      double seconds,
      String latencyHistogram,
      long cpuNanos,
      List<String> failureSamples,
      Map<String, Long> statuses,
      long intended) {

    Histogram latency() {
      try {
        return Histogram.decodeFromCompressedByteBuffer(
            ByteBuffer.wrap(Base64.getDecoder().decode(latencyHistogram)), 0);
      } catch (java.util.zip.DataFormatException e) {
        throw new IllegalStateException("the latency histogram cannot be decoded", e);
      }
    }

    /** Answers of the whole run with this status. */
    long answered(int status) {
      return statuses.getOrDefault(Integer.toString(status), 0L);
    }

    double requestsPerSecond() {
      return requests / seconds;
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

  private Report run(PrintStream out) throws InterruptedException, IOException {
    List<Template> requests = job.requests().stream().map(Template::parse).toList();
    CountDownLatch connected = new CountDownLatch(job.connections());
    CountDownLatch go = new CountDownLatch(1);
    // The start of the run, the start and the end of the measured window, set before go opens.
    long[] window = new long[3];
    List<Tally> tallies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    if (job.ratePerSecond() > 0) {
      OpenLoop loop = new OpenLoop(requests, go, window);
      tallies.add(loop.tally);
      threads.add(Thread.ofPlatform().name("open-loop").start(loop));
    } else {
      Thread.Builder builder = job.virtualThreads() ? Thread.ofVirtual() : Thread.ofPlatform();
      for (int i = 0; i < job.connections(); i++) {
        Worker worker = new Worker(i, requests, connected, go, window);
        tallies.add(worker.tally);
        threads.add(builder.name("load-" + i).start(worker));
      }
      if (!connected.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("connections not established within 30 s");
      }
    }
    window[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    window[1] = window[0] + TimeUnit.MILLISECONDS.toNanos(job.warmUpMillis());
    window[2] = window[1] + TimeUnit.MILLISECONDS.toNanos(job.measuredMillis());
    go.countDown();
    sleepUntil(window[1]);
    long cpuAtStart = processCpuNanos();
    out.println(WINDOW_START);
    out.flush();
    sleepUntil(window[2]);
    long cpu = processCpuNanos() - cpuAtStart;
    out.println(WINDOW_END);
    out.flush();
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram latency = new Histogram(3);
    long count = 0;
    long tolerated = 0;
    long failures = 0;
    long intended = 0;
    Map<String, Long> statuses = new TreeMap<>();
    List<String> samples = new ArrayList<>();
    for (Tally tally : tallies) {
      latency.add(tally.latency);
      count += tally.measured;
      tolerated += tally.measuredTolerated;
      failures += tally.failures;
      intended += tally.intended;
      tally.statuses.forEach((status, n) -> statuses.merge(Integer.toString(status), n, Long::sum));
      String first = tally.firstFailure;
      if (first != null && samples.size() < 5) {
        samples.add(first);
      }
    }
    ByteBuffer encoded = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
    int length = latency.encodeIntoCompressedByteBuffer(encoded);
    String histogram = Base64.getEncoder().encodeToString(Arrays.copyOf(encoded.array(), length));
    return new Report(
        count,
        tolerated,
        failures,
        job.measuredMillis() / 1000.0,
        histogram,
        cpu,
        samples,
        statuses,
        intended);
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

  private boolean isSuccess(int status) {
    return job.successStatuses().isEmpty()
        ? status >= 200 && status <= 299
        : job.successStatuses().contains(status);
  }

  /**
   * A request ready to send: fixed bytes, or parts to fill in with {@code {n}}, {@code {r:N}},
   * {@code {now}} and {@code {length}} on every send.
   */
  private static final class Template {
    private static final String[] TOKENS = {"{n}", "{now}", "{length}", "{r:"};
    private final byte @Nullable [] fixed;
    private final List<Object> head; // byte[] literals and String tokens, up to the body
    private final List<Object> body;

    private Template(byte @Nullable [] fixed, List<Object> head, List<Object> body) {
      this.fixed = fixed;
      this.head = head;
      this.body = body;
    }

    static Template parse(String request) {
      boolean templated = false;
      for (String token : TOKENS) {
        templated |= request.contains(token);
      }
      if (!templated) {
        return new Template(request.getBytes(StandardCharsets.UTF_8), List.of(), List.of());
      }
      int split = request.indexOf("\r\n\r\n");
      if (split < 0) {
        throw new IllegalArgumentException("a request must end its headers with a blank line");
      }
      return new Template(
          null, parts(request.substring(0, split + 4)), parts(request.substring(split + 4)));
    }

    private static List<Object> parts(String text) {
      List<Object> parts = new ArrayList<>();
      int from = 0;
      while (from < text.length()) {
        int next = -1;
        String found = null;
        for (String token : TOKENS) {
          int at = text.indexOf(token, from);
          if (at >= 0 && (next < 0 || at < next)) {
            next = at;
            found = token;
          }
        }
        if (found == null) {
          parts.add(text.substring(from).getBytes(StandardCharsets.UTF_8));
          break;
        }
        if (next > from) {
          parts.add(text.substring(from, next).getBytes(StandardCharsets.UTF_8));
        }
        if (found.equals("{r:")) {
          int close = text.indexOf('}', next);
          if (close < 0) {
            throw new IllegalArgumentException("{r: without its closing brace");
          }
          parts.add(new RandomBelow(Integer.parseInt(text.substring(next + 3, close))));
          from = close + 1;
        } else {
          parts.add(found);
          from = next + found.length();
        }
      }
      return parts;
    }
  }

  /** The token {@code {r:N}}: a random number below {@code bound}. */
  private record RandomBelow(int bound) {
    RandomBelow {
      if (bound < 1) {
        throw new IllegalArgumentException("{r:N} needs N of 1 or more");
      }
    }
  }

  /** Per-connection buffers that templates are written into. */
  private final class Writer {
    private final java.util.SplittableRandom random;
    byte[] bytes = new byte[4096];
    int length;
    private long draw;
    private byte[] bodyBytes = new byte[4096];
    private long nowSecond = -1;
    private byte[] nowText = new byte[0];

    /** Writes the request into {@link #bytes}, or answers its fixed bytes. */
    byte[] render(Template template) {
      byte[] fixed = template.fixed;
      if (fixed != null) {
        length = fixed.length;
        return fixed;
      }
      long n = sequence.incrementAndGet();
      draw = random.nextLong() >>> 1;
      int bodyLength = 0;
      for (Object part : template.body) {
        byte[] piece = piece(part, n, 0);
        bodyBytes = ensure(bodyBytes, bodyLength + piece.length);
        System.arraycopy(piece, 0, bodyBytes, bodyLength, piece.length);
        bodyLength += piece.length;
      }
      length = 0;
      for (Object part : template.head) {
        byte[] piece = piece(part, n, bodyLength);
        bytes = ensure(bytes, length + piece.length);
        System.arraycopy(piece, 0, bytes, length, piece.length);
        length += piece.length;
      }
      bytes = ensure(bytes, length + bodyLength);
      System.arraycopy(bodyBytes, 0, bytes, length, bodyLength);
      length += bodyLength;
      return bytes;
    }

    private byte[] piece(Object part, long n, int bodyLength) {
      if (part instanceof byte[] literal) {
        return literal;
      }
      if (part instanceof RandomBelow r) {
        return Long.toString(draw % r.bound()).getBytes(StandardCharsets.US_ASCII);
      }
      return switch ((String) part) {
        case "{n}" -> Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        case "{length}" -> Integer.toString(bodyLength).getBytes(StandardCharsets.US_ASCII);
        default -> now();
      };
    }

    private byte[] now() {
      long second = System.currentTimeMillis() / 1000;
      if (second != nowSecond) {
        nowSecond = second;
        nowText = Instant.ofEpochSecond(second).toString().getBytes(StandardCharsets.US_ASCII);
      }
      return nowText;
    }

    Writer(long seed) {
      this.random = new java.util.SplittableRandom(seed);
    }

    private static byte[] ensure(byte[] array, int size) {
      return array.length >= size ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }
  }

  /** What one driver saw: answers by status, latencies, failures. */
  private final class Tally {
    final Histogram latency = new Histogram(3);
    final Map<Integer, Long> statuses = new HashMap<>();
    long measured;
    long measuredTolerated;
    long intended;
    long failures;
    @Nullable String firstFailure;

    /** Counts an answer of the whole run. */
    void answered(int status) {
      statuses.merge(status, 1L, Long::sum);
      if (!isSuccess(status) && !job.toleratedStatuses().contains(status)) {
        fail("HTTP " + status);
      }
    }

    /** Counts an answer of the measured window. */
    void count(int status, long nanos) {
      if (isSuccess(status)) {
        latency.recordValue(nanos);
        measured++;
      } else if (job.toleratedStatuses().contains(status)) {
        measuredTolerated++;
      }
    }

    void fail(String what) {
      failures++;
      if (firstFailure == null) {
        firstFailure = what;
      }
    }
  }

  /** A closed-loop connection on its own thread. */
  private final class Worker implements Runnable {
    private final int index;
    private final List<Template> requests;
    private final CountDownLatch connected;
    private final CountDownLatch go;
    private final long[] window;
    private final Writer writer;
    final Tally tally = new Tally();
    private @Nullable HttpConnection connection;

    Worker(
        int index,
        List<Template> requests,
        CountDownLatch connected,
        CountDownLatch go,
        long[] window) {
      this.index = index;
      this.writer = new Writer(index * 7_919L + 1);
      this.requests = requests;
      this.connected = connected;
      this.go = go;
      this.window = window;
    }

    @Override
    public void run() {
      try {
        connection = HttpConnection.open(job.host(), job.port());
      } catch (IOException e) {
        tally.fail("connect: " + e);
      } finally {
        connected.countDown();
      }
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long windowStart = window[1];
      long windowEnd = window[2];
      int next = index;
      while (connection != null) {
        long before = System.nanoTime();
        if (before >= windowEnd) {
          break;
        }
        int status = send(requests.get(next++ % requests.size()));
        long after = System.nanoTime();
        if (status > 0 && before >= windowStart && after <= windowEnd) {
          tally.count(status, after - before);
        }
      }
      HttpConnection open = connection;
      if (open != null) {
        closeQuietly(open);
      }
    }

    /** Sends one request; the status, or 0 if the connection failed (and was replaced). */
    private int send(Template template) {
      HttpConnection open = connection;
      if (open == null) {
        return 0;
      }
      try {
        byte[] bytes = writer.render(template);
        int status = open.exchange(bytes, writer.length);
        tally.answered(status);
        return status;
      } catch (IOException e) {
        tally.fail(e.toString());
        closeQuietly(open);
        connection = reconnect();
        return 0;
      }
    }

    private @Nullable HttpConnection reconnect() {
      try {
        return HttpConnection.open(job.host(), job.port());
      } catch (IOException e) {
        tally.fail("reconnect: " + e);
        return null;
      }
    }

    private void closeQuietly(HttpConnection open) {
      try {
        open.close();
      } catch (IOException e) {
        tally.fail("close: " + e);
      }
    }
  }

  /**
   * The open loop: one thread drives every connection through a selector, like wrk2, so that the
   * client adds little CPU and no scheduling of its own to what it measures. Each connection has
   * its intended send times fixed in advance; when one comes due and the connection is free, the
   * request is written at once, and when the answer is complete its latency is taken from the
   * intended time. A connection still waiting for an answer sends its next request as soon as the
   * answer arrives, late, and that lateness counts.
   */
  private final class OpenLoop implements Runnable {
    private final List<Template> requests;
    private final CountDownLatch go;
    private final long[] window;
    final Tally tally = new Tally();
    private final java.nio.channels.Selector selector;
    private final Link[] links;

    /** One connection and its schedule. */
    private final class Link {
      final int index;
      final Writer writer;
      java.nio.channels.@Nullable SocketChannel channel;
      long first;
      long sent; // requests sent so far: the next is due at first + sent * interval
      long due;
      long inFlightDue = -1; // the intended time of the request in flight, or -1
      int next;
      ByteBuffer in = ByteBuffer.allocate(16 * 1024);

      Link(int index) {
        this.index = index;
        this.writer = new Writer(index * 7_919L + 1);
        this.next = index;
      }
    }

    OpenLoop(List<Template> requests, CountDownLatch go, long[] window) throws IOException {
      this.requests = requests;
      this.go = go;
      this.window = window;
      this.selector = java.nio.channels.Selector.open();
      this.links = new Link[job.connections()];
      for (int i = 0; i < links.length; i++) {
        links[i] = new Link(i);
        links[i].channel = open(links[i]);
      }
    }

    private java.nio.channels.SocketChannel open(Link link) throws IOException {
      java.nio.channels.SocketChannel channel =
          java.nio.channels.SocketChannel.open(
              new java.net.InetSocketAddress(job.host(), job.port()));
      channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      channel.register(selector, java.nio.channels.SelectionKey.OP_READ, link);
      return channel;
    }

    @Override
    public void run() {
      try {
        go.await();
        loop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        tally.fail("selector: " + e);
      } finally {
        for (Link link : links) {
          closeQuietly(link);
        }
        try {
          selector.close();
        } catch (IOException e) {
          tally.fail("close: " + e);
        }
      }
    }

    private void loop() throws IOException {
      double interval = job.connections() * 1e9 / job.ratePerSecond();
      long windowEnd = window[2];
      for (Link link : links) {
        link.first = window[0] + Math.round(link.index * 1e9 / job.ratePerSecond());
        link.due = link.first;
      }
      while (true) {
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        boolean active = false;
        for (Link link : links) {
          if (link.channel == null) {
            continue;
          }
          if (link.inFlightDue >= 0) {
            active = true;
          } else if (link.due < windowEnd) {
            active = true;
            if (link.due <= now) {
              send(link);
              link.sent++;
              link.due = link.first + Math.round(link.sent * interval);
            } else {
              nextDue = Math.min(nextDue, link.due);
            }
          }
        }
        if (!active) {
          return;
        }
        long wait = nextDue - System.nanoTime();
        int ready;
        if (wait > 2_000_000) {
          ready = selector.select(Math.min(1_000, wait / 1_000_000 - 1));
        } else {
          ready = selector.selectNow();
          if (ready == 0 && wait > 0) {
            LockSupport.parkNanos(Math.min(wait, 20_000));
            continue;
          }
        }
        if (ready > 0) {
          for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
            read((Link) key.attachment());
          }
          selector.selectedKeys().clear();
        }
      }
    }

    private void send(Link link) {
      java.nio.channels.SocketChannel channel = link.channel;
      if (channel == null) {
        return;
      }
      if (link.due >= window[1]) {
        tally.intended++;
      }
      byte[] bytes = link.writer.render(requests.get(link.next++ % requests.size()));
      ByteBuffer out = ByteBuffer.wrap(bytes, 0, link.writer.length);
      try {
        while (out.hasRemaining()) {
          channel.write(out); // a small request fits the socket's buffer: this does not spin
        }
        link.inFlightDue = link.due;
      } catch (IOException e) {
        broken(link, "write: " + e);
      }
    }

    private void read(Link link) {
      java.nio.channels.SocketChannel channel = link.channel;
      if (channel == null) {
        return;
      }
      try {
        if (!link.in.hasRemaining()) {
          link.in = ByteBuffer.allocate(link.in.capacity() * 2).put(link.in.flip());
        }
        if (channel.read(link.in) < 0) {
          broken(link, "the server closed the connection");
          return;
        }
        int status = complete(link.in);
        if (status == 0) {
          return; // not all of it yet
        }
        long done = System.nanoTime();
        link.in.clear();
        long due = link.inFlightDue;
        link.inFlightDue = -1;
        if (status < 0) {
          broken(link, "the server closed the keep-alive connection");
          return;
        }
        tally.answered(status);
        if (due >= window[1] && due < window[2]) {
          tally.count(status, done - due);
        }
      } catch (IOException e) {
        broken(link, "read: " + e);
      }
    }

    /**
     * The status of the complete answer in the buffer, 0 if it is not complete yet, or minus the
     * status when the server asks to close the connection. Only answers with a {@code
     * Content-Length} are read: Levier's and nginx's redirects and errors all have one.
     */
    private int complete(ByteBuffer in) throws IOException {
      // The buffers are made by ByteBuffer.allocate: the array starts at the buffer's start.
      byte[] b = Arrays.copyOfRange(in.array(), in.arrayOffset(), in.arrayOffset() + in.position());
      int end = b.length;
      int headerEnd = -1;
      for (int i = 3; i < end; i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          headerEnd = i + 1;
          break;
        }
      }
      if (headerEnd < 0) {
        return 0;
      }
      String head = new String(b, 0, headerEnd, StandardCharsets.ISO_8859_1);
      if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
        throw new IOException("not an HTTP/1.1 answer: " + head.lines().findFirst().orElse(""));
      }
      int status = Integer.parseInt(head.substring(9, 12));
      long length = -1;
      boolean close = false;
      for (String line : head.lines().toList()) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
          close = true;
        } else if (name.equals("transfer-encoding")) {
          throw new IOException("the open loop reads only answers with a Content-Length");
        }
      }
      if (status == 204 || status == 304) {
        length = 0; // no body, whatever the headers say (RFC 9110 §15.3.5)
      }
      if (length < 0) {
        throw new IOException("answer " + status + " without a Content-Length");
      }
      if (end < headerEnd + length) {
        return 0;
      }
      if (end > headerEnd + length) {
        throw new IOException("more bytes than the answer: the server answered twice");
      }
      return close ? -status : status;
    }

    /** Counts the failure, and replaces the connection; its schedule goes on. */
    private void broken(Link link, String what) {
      tally.fail(what);
      closeQuietly(link);
      link.inFlightDue = -1;
      link.in.clear();
      try {
        link.channel = open(link);
      } catch (IOException e) {
        tally.fail("reconnect: " + e);
        link.channel = null;
      }
    }

    private void closeQuietly(Link link) {
      java.nio.channels.SocketChannel channel = link.channel;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          tally.fail("close: " + e);
        }
      }
    }
  }
}
