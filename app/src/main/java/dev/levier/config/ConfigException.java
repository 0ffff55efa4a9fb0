package dev.levier.config;

import java.util.List;

/**
 * One or more settings are wrong; the message names each setting, its value and what is allowed.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.size() == 1) {
      return "Invalid setting: " + problems.get(0);
    }
    return "Invalid settings:\n  - " + String.join("\n  - ", problems);
  }
}
