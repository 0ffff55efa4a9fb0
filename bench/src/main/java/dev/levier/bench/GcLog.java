package dev.levier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses in a JVM's {@code -Xlog:gc:file=...:uptimemillis} log, such as {@code [81234ms] GC(52)
 * Pause Young (Normal) (G1 Evacuation Pause) 150M->41M(256M) 3.214ms}: when, what kind, and the
 * heap before and after.
 */
final class GcLog {
  private static final Pattern PAUSE =
      Pattern.compile(
          "^\\[(\\d+)ms\\] GC\\((\\d+)\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)"
              + " ([\\d.]+)ms\\s*$");

  private GcLog() {}

  /**
   * One pause.
   *
   * @param uptimeMillis when it happened, in milliseconds since the JVM started
   * @param id the collection's number
   * @param kind such as {@code Pause Young (Normal) (G1 Evacuation Pause)}
   * @param beforeBytes heap used before
   * @param afterBytes heap used after
   * @param heapBytes heap committed
   * @param pauseMillis how long the application stood still
   */
  record Pause(
      long uptimeMillis,
      long id,
      String kind,
      long beforeBytes,
      long afterBytes,
      long heapBytes,
      double pauseMillis) {

    double afterMiB() {
      return afterBytes / 1048576.0;
    }
  }

  /** Every pause in the file so far. */
  static List<Pause> read(Path file) throws IOException {
    List<Pause> pauses = new ArrayList<>();
    if (!Files.exists(file)) {
      return pauses;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        pauses.add(
            new Pause(
                Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)),
                m.group(3),
                bytes(m.group(4), m.group(5)),
                bytes(m.group(6), m.group(7)),
                bytes(m.group(8), m.group(9)),
                Double.parseDouble(m.group(10))));
      }
    }
    return pauses;
  }

  /** The pauses after collection number {@code afterId}. */
  static List<Pause> since(List<Pause> all, long afterId) {
    return all.stream().filter(p -> p.id() > afterId).toList();
  }

  /** The number of the latest collection, or -1. */
  static long lastId(List<Pause> all) {
    return all.isEmpty() ? -1 : all.get(all.size() - 1).id();
  }

  /** Count, total and longest pause, in a short text. */
  static String describe(List<Pause> pauses) {
    double total = pauses.stream().mapToDouble(Pause::pauseMillis).sum();
    double max = pauses.stream().mapToDouble(Pause::pauseMillis).max().orElse(0);
    return String.format(
        java.util.Locale.ROOT,
        "%d pauses, %.0f ms in all, longest %.1f ms",
        pauses.size(),
        total,
        max);
  }

  private static long bytes(String value, String unit) {
    long v = Long.parseLong(value);
    return switch (unit) {
      case "K" -> v << 10;
      case "M" -> v << 20;
      default -> v << 30;
    };
  }
}
