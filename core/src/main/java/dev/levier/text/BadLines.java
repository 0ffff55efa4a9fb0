package dev.levier.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The bad lines a reader found in a file: the first ones kept with their reasons, all of them
 * counted, so that a file is refused once with every line to fix.
 */
public final class BadLines {

  private final int kept;
  private final List<RefusedFileException.LineError> errors = new ArrayList<>();
  private long total;

  /**
   * @param kept how many bad lines to keep with their reasons; the others are only counted
   */
  public BadLines(int kept) {
    if (kept < 1) {
      throw new IllegalArgumentException("keep at least one bad line, not " + kept);
    }
    this.kept = kept;
  }

  /** Records what is wrong with a line (all of it, in one reason); a line number below 1 is 1. */
  public void add(long line, String reason) {
    total++;
    if (errors.size() < kept) {
      errors.add(new RefusedFileException.LineError(Math.max(1, line), reason));
    }
  }

  /** How many bad lines there are so far. */
  public long total() {
    return total;
  }

  /**
   * Refuses the file if any line was bad.
   *
   * @param what what the file is, in a few words ("the path summary")
   * @throws RefusedFileException listing the bad lines
   */
  public void refuseIfAny(String what) {
    if (total > 0) {
      throw new RefusedFileException(what, errors, total);
    }
  }
}
