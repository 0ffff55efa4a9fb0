package dev.levier.text;

/**
 * The state every reader of a header-and-rows file keeps: which line it is at, and the bad lines so
 * far, each with its reason. A reader adds what it collects and how it reads a header and a row.
 */
public abstract class NumberedLines implements HeaderedLines.Visitor {
  private final BadLines errors;
  private long number;

  protected NumberedLines(int keptErrors) {
    this.errors = new BadLines(keptErrors);
  }

  /** Records what is wrong with the current line (all of it, in one reason). */
  public final void error(String reason) {
    errors.add(number, reason);
  }

  public final BadLines errors() {
    return errors;
  }

  /** The number of the line being read, from 1. */
  public final long number() {
    return number;
  }

  @Override
  public final void at(long lineNumber) {
    number = lineNumber;
  }
}
