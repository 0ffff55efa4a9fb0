package dev.levier.finance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The CSV conventions of the finance files (RFC 4180): comma separated, CRLF line ends, a field
 * quoted when it holds a comma, a quote, a line break or leading or trailing space, with quotes
 * inside doubled.
 *
 * <p>Text fields that a spreadsheet would run as a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) are written with a leading apostrophe, since
 * these files are opened by advertisers and publishers in spreadsheets and some of their text comes
 * from outside. Amounts are written as plain decimals and never altered.
 */
final class Csv {
  private Csv() {}

  static final String EOL = "\r\n";

  /** Writes one record: the fields, already made safe, then a line end. */
  static void row(Appendable out, String... fields) {
    try {
      for (int i = 0; i < fields.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(fields[i]);
      }
      out.append(EOL);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write CSV", e);
    }
  }

  /** A text field, guarded against formulas and quoted when needed. */
  static String text(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    char first = value.charAt(0);
    String safe =
        first == '='
                || first == '+'
                || first == '-'
                || first == '@'
                || first == '\t'
                || first == '\r'
            ? "'" + value
            : value;
    return quoteIfNeeded(safe);
  }

  /** A number or a code we produce ourselves: written as it is, quoted only if it must be. */
  static String plain(String value) {
    return quoteIfNeeded(value);
  }

  private static String quoteIfNeeded(String value) {
    boolean needs =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0
            || (!value.isEmpty()
                && (Character.isWhitespace(value.charAt(0))
                    || Character.isWhitespace(value.charAt(value.length() - 1))));
    return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /**
   * Splits one line into fields, undoing quotes; fields are not trimmed.
   *
   * @return the fields, or null when a quote is not closed or text follows a closing quote
   */
  static @Nullable List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            return null;
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          return null;
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          field.append(line.charAt(i++));
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= n) {
        return fields;
      }
      i++; // the comma
    }
  }
}
