package dev.levier.http;

import java.util.Map;

/** Whether the server can serve requests now, with the facts behind the answer. */
@FunctionalInterface
public interface Readiness {
  /** Checks the dependencies; may block. */
  Status check();

  /**
   * The outcome of a check.
   *
   * @param ready whether every check passed
   * @param details what each check found, shown in {@code /readyz}
   */
  record Status(boolean ready, Map<String, Object> details) {}
}
