package dev.levier.money;

/**
 * A money amount or currency code that cannot be accepted exactly as given.
 *
 * <p>The message is a plain-words reason meant to be shown to whoever sent the value (for example
 * in an API error body), so it says what was wrong and what is accepted instead, never a stack
 * trace detail. It stays an {@link IllegalArgumentException} so that callers which only care about
 * "bad argument" need no extra catch clause.
 */
public final class MoneyFormatException extends IllegalArgumentException {

  /** Longest part of a rejected input repeated in a message, so that error bodies stay small. */
  private static final int MAX_ECHO = 40;

  /**
   * Creates the exception with the reason as its message.
   *
   * @param reason what was wrong with the value, in words meant for the person who sent it
   */
  public MoneyFormatException(String reason) {
    super(reason);
  }

  /**
   * Quotes a rejected input for a message, cut short when long: the input may come from anyone and
   * echoing megabytes back would turn an error body into an amplifier.
   */
  static String quote(String input) {
    if (input.length() <= MAX_ECHO) {
      return '"' + input + '"';
    }
    return '"' + input.substring(0, MAX_ECHO) + "...\"";
  }
}
