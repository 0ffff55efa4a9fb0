package dev.levier.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Where a server's time went, from a Java Flight Recorder file: the execution samples ({@code
 * jdk.ExecutionSample}, Java code on a CPU) grouped by thread, by the innermost frame outside the
 * JDK (which library or part of Levier was running, its JDK callees included), by the innermost
 * Levier method, and by the method on top of the stack; with the garbage collections and the
 * allocation the recording saw. Kernel time and time in native code are not in these samples.
 *
 * <p>Run: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.JfrSummary FILE.jfr
 * [--thread REGEX] [--top N]}; {@code --thread} keeps only the threads whose name matches.
 */
public final class JfrSummary {
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private JfrSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrSummary FILE.jfr [--thread REGEX] [--top N]");
      System.exit(2);
      return;
    }
    Pattern thread = null;
    int top = 15;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--thread" -> thread = Pattern.compile(args[++i]);
        case "--top" -> top = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    summarize(Path.of(args[0]), thread, top, System.out);
  }

  /** Samples grouped four ways, each weighted by the CPU time it stands for when known. */
  private static final class Tally {
    final Map<String, Long> byThread = new HashMap<>();
    final Map<String, Long> byLibrary = new HashMap<>();
    final Map<String, Long> byLevier = new HashMap<>();
    final Map<String, Long> byLevierCaller = new HashMap<>();
    final Map<String, Long> bySelf = new HashMap<>();
    long count;
    long weight;

    void add(String thread, List<RecordedFrame> frames, long w) {
      count++;
      weight += w;
      byThread.merge(DIGITS.matcher(thread).replaceAll("N"), w, Long::sum);
      bySelf.merge(frames.isEmpty() ? "(no stack)" : method(frames.get(0)), w, Long::sum);
      byLibrary.merge(innermostLibrary(frames), w, Long::sum);
      byLevier.merge(innermostLevier(frames, "dev.levier."), w, Long::sum);
      byLevierCaller.merge(innermostLevierCaller(frames), w, Long::sum);
    }
  }

  static void summarize(Path file, @Nullable Pattern threadFilter, int top, PrintStream out)
      throws IOException {
    Tally cpuTime = new Tally();
    Tally execution = new Tally();
    Map<String, Long> allocatedByClass = new HashMap<>();
    Map<String, Long> allocatedByThread = new HashMap<>();
    long gcCount = 0;
    Duration gcPauses = Duration.ZERO;
    Duration longestPause = Duration.ZERO;
    Instant first = null;
    Instant last = null;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        Instant at = event.getStartTime();
        if (first == null || at.isBefore(first)) {
          first = at;
        }
        if (last == null || at.isAfter(last)) {
          last = at;
        }
        String type = event.getEventType().getName();
        switch (type) {
          case "jdk.ExecutionSample", "jdk.CPUTimeSample" -> {
            boolean cpu = type.equals("jdk.CPUTimeSample");
            String name = threadName(event, cpu ? "eventThread" : "sampledThread");
            if (threadFilter != null && !threadFilter.matcher(name).find()) {
              continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
            if (cpu) {
              long period = event.getDuration("samplingPeriod").toNanos();
              cpuTime.add(name, frames, Math.max(1, period));
            } else {
              execution.add(name, frames, 1);
            }
          }
          case "jdk.GarbageCollection" -> {
            gcCount++;
            Duration pause = event.getDuration("sumOfPauses");
            gcPauses = gcPauses.plus(pause);
            if (pause.compareTo(longestPause) > 0) {
              longestPause = pause;
            }
          }
          case "jdk.ObjectAllocationSample" -> {
            String name = threadName(event, "eventThread");
            if (threadFilter != null && !threadFilter.matcher(name).find()) {
              continue;
            }
            long weight = event.getLong("weight");
            jdk.jfr.consumer.RecordedClass allocated = event.getClass("objectClass");
            allocatedByClass.merge(
                allocated == null ? "?" : allocated.getName(), weight, Long::sum);
            allocatedByThread.merge(DIGITS.matcher(name).replaceAll("N"), weight, Long::sum);
          }
          default -> {}
        }
      }
    }
    double seconds =
        first == null || last == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
    Tally shown = cpuTime.count > 0 ? cpuTime : execution;
    out.printf(
        Locale.ROOT,
        "JFR %s: %.1f s; %,d CPU-time samples (%.2f s of CPU), %,d execution samples%s;"
            + " shares below are of the %s%n",
        file.getFileName(),
        seconds,
        cpuTime.count,
        cpuTime.weight / 1e9,
        execution.count,
        threadFilter == null ? "" : " on threads matching /" + threadFilter + "/",
        shown == cpuTime
            ? "CPU-time samples (jdk.CPUTimeSample, weighted by their period; native and kernel"
                + " time of Java threads included, GC threads not)"
            : "execution samples (Java code only)");
    out.printf(
        Locale.ROOT,
        "GC: %d collections, pauses %.0f ms in all, longest %.1f ms%n",
        gcCount,
        gcPauses.toNanos() / 1e6,
        longestPause.toNanos() / 1e6);
    long allocated = allocatedByThread.values().stream().mapToLong(Long::longValue).sum();
    if (seconds > 0) {
      out.printf(
          Locale.ROOT,
          "Allocation (JFR's sampled estimate): %.0f MB/s%n",
          allocated / 1e6 / seconds);
    }
    table(out, "thread", shown.byThread, shown.weight, top);
    table(out, "innermost frame outside the JDK (package)", shown.byLibrary, shown.weight, top);
    table(out, "innermost Levier method", shown.byLevier, shown.weight, top);
    table(
        out,
        "innermost Levier method outside dev.levier.storage (who ran the SQL)",
        shown.byLevierCaller,
        shown.weight,
        top);
    table(out, "method on top of the stack (self time)", shown.bySelf, shown.weight, top);
    table(out, "allocated by thread (bytes)", allocatedByThread, allocated, top);
    table(out, "allocated by class (bytes)", allocatedByClass, allocated, top);
  }

  private static String threadName(RecordedEvent event, String field) {
    RecordedThread thread = event.getThread(field);
    if (thread == null) {
      return "?";
    }
    String name = thread.getJavaName();
    return name == null ? thread.getOSName() : name;
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static boolean isJdk(String type) {
    return type.startsWith("java.")
        || type.startsWith("jdk.")
        || type.startsWith("sun.")
        || type.startsWith("com.sun.");
  }

  private static String innermostLibrary(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (!isJdk(type)) {
        String[] parts = type.split("\\.");
        int keep = Math.min(parts.length - 1, 3);
        return String.join(".", java.util.Arrays.copyOf(parts, Math.max(1, keep)));
      }
    }
    return frames.isEmpty() ? "(no stack)" : "(JDK only)";
  }

  private static String innermostLevier(List<RecordedFrame> frames, String prefix) {
    for (RecordedFrame frame : frames) {
      if (frame.getMethod().getType().getName().startsWith(prefix)) {
        return method(frame);
      }
    }
    return "(no Levier frame)";
  }

  private static String innermostLevierCaller(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("dev.levier.") && !type.startsWith("dev.levier.storage.")) {
        return method(frame);
      }
    }
    return "(no Levier frame)";
  }

  private static void table(
      PrintStream out, String title, Map<String, Long> counts, long total, int top) {
    out.println();
    out.println("| " + title + " | share |");
    out.println("|---|---:|");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "| `%s` | %.1f%% |%n",
                    e.getKey(),
                    100.0 * e.getValue() / Math.max(1, total)));
  }
}
