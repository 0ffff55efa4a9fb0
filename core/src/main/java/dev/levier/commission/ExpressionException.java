package dev.levier.commission;

/**
 * An expression condition was refused when it was checked: it does not parse, names a variable or
 * function that does not exist, mixes types, is not a {@code bool}, or is too long. The message
 * starts with the position, {@code line 1, column 12: undeclared reference to 'custmer.status'}, so
 * that an API can answer 422 and point at the mistake.
 */
public final class ExpressionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String reason;

  /**
   * @param line the line of the mistake, from 1
   * @param column the column of the mistake on that line, from 1, counted in Unicode code points
   * @param reason what is wrong, without the position
   */
  public ExpressionException(int line, int column, String reason) {
    super("line " + line + ", column " + column + ": " + reason);
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "a position starts at line 1, column 1, not " + line + ", " + column);
    }
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** The line of the mistake, from 1. */
  public int line() {
    return line;
  }

  /** The column of the mistake on its line, from 1, in Unicode code points. */
  public int column() {
    return column;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }
}
