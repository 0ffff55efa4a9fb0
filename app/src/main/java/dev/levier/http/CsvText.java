package dev.levier.http;

/** Cells of the CSV files Levier writes. */
public final class CsvText {

  private CsvText() {}

  /** A cell, quoted only when it holds a comma, a quote or a line break. */
  public static String cell(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /**
   * A cell of free text someone typed (a group name, a label): as {@link #cell}, and prefixed with
   * an apostrophe when it begins like a spreadsheet formula, so that opening the file runs nothing.
   */
  public static String text(String value) {
    if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
      return cell("'" + value);
    }
    return cell(value);
  }
}
