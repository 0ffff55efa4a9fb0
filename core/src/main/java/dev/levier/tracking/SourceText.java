package dev.levier.tracking;

/**
 * The conventions shared by the line-based lists the tracking rules load (data-centre ranges,
 * country tables, bot tokens), so that every list is written and reported on the same way.
 */
final class SourceText {
  private SourceText() {}

  /** Longest part of a rejected input repeated in a message, so that error bodies stay small. */
  private static final int MAX_ECHO = 60;

  /**
   * What a line says: the text before any {@code #}, without surrounding white space; empty for a
   * blank or comment line.
   */
  static String content(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).strip();
  }

  /** An error that names the list and the line, the way an operator will look for it. */
  static IllegalArgumentException problem(String sourceName, int lineNumber, String message) {
    return new IllegalArgumentException(sourceName + " line " + lineNumber + ": " + message);
  }

  /** {@code text[from, to)} in single quotes, cut short if long. */
  static String quote(String text, int from, int to) {
    return to - from <= MAX_ECHO
        ? "'" + text.substring(from, to) + "'"
        : "'" + text.substring(from, from + MAX_ECHO) + "...'";
  }
}
