package dev.levier.conversion;

import java.util.Objects;

/**
 * One reason to hold a conversion for review, with what was seen in plain words, so that whoever
 * reviews it (advertiser or network) can decide without reading the raw events.
 *
 * @param kind the kind of suspicion, stable for filters and reports
 * @param detail what was seen, in a sentence; not empty
 */
public record FraudSignal(FraudKind kind, String detail) {

  /**
   * @throws IllegalArgumentException if the detail is blank
   */
  public FraudSignal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    if (detail.isBlank()) {
      throw new IllegalArgumentException("a fraud signal needs a detail in words");
    }
  }

  /** Kind then detail: {@code bot: click ABC was flagged as a robot}. */
  @Override
  public String toString() {
    return kind + ": " + detail;
  }
}
