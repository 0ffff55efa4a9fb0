package dev.levier.conversion;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations written for people, in attribution notes and fraud signals. */
final class Durations {
  private Durations() {}

  /**
   * Every non-zero unit, largest first, so that nothing is hidden by rounding: a touch 30 days and
   * one second old is written {@code 30 days 1 second}, never {@code 30 days}, next to a 30-day
   * window.
   */
  static String words(Duration duration) {
    Duration d = duration.abs();
    if (d.isZero()) {
      return "0 seconds";
    }
    StringBuilder out = new StringBuilder();
    append(out, d.toDays(), "day");
    append(out, d.toHoursPart(), "hour");
    append(out, d.toMinutesPart(), "minute");
    int seconds = d.toSecondsPart();
    int nanos = d.toNanosPart();
    if (nanos != 0) {
      BigDecimal exact = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(exact.stripTrailingZeros().toPlainString()).append(" seconds");
    } else {
      append(out, seconds, "second");
    }
    return out.toString();
  }

  /** A window as an adjective: {@code 30-day window}, or {@code window of 2 hours}. */
  static String window(Duration window) {
    if (!window.isZero() && window.getNano() == 0 && window.getSeconds() % 86_400 == 0) {
      return window.toDays() + "-day window";
    }
    return "window of " + words(window);
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount == 0) {
      return;
    }
    if (out.length() > 0) {
      out.append(' ');
    }
    out.append(amount).append(' ').append(unit).append(amount == 1 ? "" : "s");
  }
}
