package dev.levier.text;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Numbers read from a field of a line of a file, each problem written down in plain words (naming
 * the column and quoting the text) so that a reader can report every bad line at once.
 */
public final class FileFields {

  private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern WHOLE = Pattern.compile("\\d+(\\.0*)?");

  private FileFields() {}

  /**
   * A whole number from zero to {@code max} ({@code 3}, or {@code 3.0} as data frames write it), or
   * -1 after recording in {@code problems} why the field is not one.
   */
  public static long count(String field, String name, long max, List<String> problems) {
    String text = field.strip();
    if (text.isEmpty()) {
      problems.add(name + " is missing");
      return -1;
    }
    if (WHOLE.matcher(text).matches()) {
      int dot = text.indexOf('.');
      String digits = dot < 0 ? text : text.substring(0, dot);
      if (digits.length() > 18 || Long.parseLong(digits) > max) {
        problems.add(name + " is too large: " + echo(text));
        return -1;
      }
      return Long.parseLong(digits);
    }
    if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
      problems.add(name + " must be zero or more, not " + echo(text));
    } else if (DECIMAL.matcher(text).matches()) {
      problems.add(name + " must be a whole number, not " + echo(text));
    } else {
      problems.add(name + " is not a number: " + echo(text));
    }
    return -1;
  }

  /** A finite decimal of zero or more, or -1 after recording why the field is not one. */
  public static double decimal(String field, String name, List<String> problems) {
    String text = field.strip();
    if (text.isEmpty()) {
      problems.add(name + " is missing");
      return -1;
    }
    if (DECIMAL.matcher(text).matches()) {
      double value = Double.parseDouble(text);
      if (Double.isInfinite(value)) {
        problems.add(name + " is too large: " + echo(text));
        return -1;
      }
      return value;
    }
    if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
      problems.add(name + " must be zero or more, not " + echo(text));
    } else {
      problems.add(name + " is not a number: " + echo(text));
    }
    return -1;
  }

  /** Text from the file, quoted and cut short so that one long line cannot flood the message. */
  public static String echo(String text) {
    return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
  }
}
