package dev.levier.conversion;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Checks shared by the identifiers and free texts of this package, with messages fit for an API
 * error body.
 *
 * <p>Lengths are counted in UTF-16 code units, as {@link String#length()} counts them. That is
 * never fewer than the characters a database counts, so a value that passes here always fits a
 * column of the same size.
 */
final class Text {

  /** Longest part of a rejected input repeated in a message, so that error bodies stay small. */
  private static final int MAX_ECHO = 40;

  private Text() {}

  /**
   * Requires an identifier sent by an advertiser or a publisher: not empty, at most {@code max}
   * long, no leading or trailing white space, and no control, format or line-separator character.
   *
   * <p>Such values are refused rather than trimmed or cleaned, because identifiers are matched
   * exactly (an order ID is unique per advertiser): quietly storing {@code "A1"} for {@code "A1 "}
   * would give the sender back a value it never sent, and invisible characters would let two IDs
   * that look the same differ.
   *
   * @param what the field, as named in the message ({@code "order id"})
   * @throws IllegalArgumentException with a reason that names the field
   */
  static String requireId(String what, String value, int max) {
    String problem = problemWithId(what, value, max);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  static @Nullable String problemWithId(String what, String value, int max) {
    if (value.isEmpty()) {
      return what + " must not be empty";
    }
    String length = problemWithLength(what, value, max);
    if (length != null) {
      return length;
    }
    int unprintable = firstUnprintable(value);
    if (unprintable >= 0) {
      return what
          + " contains "
          + describe(value.codePointAt(unprintable))
          + " at position "
          + (unprintable + 1)
          + "; only printable characters are allowed";
    }
    if (Character.isWhitespace(value.codePointAt(0))
        || Character.isSpaceChar(value.codePointAt(0))
        || Character.isWhitespace(value.codePointBefore(value.length()))
        || Character.isSpaceChar(value.codePointBefore(value.length()))) {
      return what + " " + quote(value) + " starts or ends with white space";
    }
    return null;
  }

  /**
   * Requires a free text (a product name, a brand): at most {@code max} long and free of control
   * characters, which have no place in a label and can break logs and CSV exports. Spaces and
   * letters of any script are fine.
   *
   * @throws IllegalArgumentException with a reason that names the field
   */
  static String requireText(String what, String value, int max) {
    String problem = problemWithText(what, value, max);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  static @Nullable String problemWithText(String what, String value, int max) {
    String length = problemWithLength(what, value, max);
    if (length != null) {
      return length;
    }
    int control = firstControl(value);
    if (control >= 0) {
      return what
          + " contains "
          + describe(value.charAt(control))
          + " at position "
          + (control + 1)
          + "; control characters are not allowed";
    }
    return null;
  }

  private static @Nullable String problemWithLength(String what, String value, int max) {
    if (value.length() > max) {
      return what + " is " + value.length() + " characters long; at most " + max + " are allowed";
    }
    return null;
  }

  /** Index of the first ISO control character (C0, DEL, C1), or -1. */
  static int firstControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Index of the first character that cannot be seen or that breaks a line: control and format
   * characters (zero-width spaces, direction overrides), line and paragraph separators, and
   * surrogates that are not part of a pair; -1 if there is none.
   */
  private static int firstUnprintable(String value) {
    int i = 0;
    while (i < value.length()) {
      int cp = value.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  /** Names a character that cannot be shown as itself: {@code a control character (U+000A)}. */
  static String describe(int codePoint) {
    String kind =
        switch (Character.getType(codePoint)) {
          case Character.CONTROL -> "a control character";
          case Character.FORMAT -> "an invisible formatting character";
          case Character.SURROGATE -> "a broken surrogate pair";
          default -> "a line separator";
        };
    return kind + " (U+" + String.format(Locale.ROOT, "%04X", codePoint) + ")";
  }

  /**
   * Quotes a rejected input for a message, cut short when long: the input may come from anyone, and
   * echoing megabytes back would turn an error body into an amplifier.
   */
  static String quote(String input) {
    return input.length() <= MAX_ECHO
        ? '"' + input + '"'
        : '"' + input.substring(0, MAX_ECHO) + "...\"";
  }
}
