package dev.levier.finance;

import java.util.Objects;

/** The one rule for the ids finance values carry, so that every message says it the same way. */
final class Ids {
  private Ids() {}

  /** Requires a present, non-blank id, naming the field when it is not. */
  static void require(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
  }
}
