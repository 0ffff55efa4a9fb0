package dev.levier.text;

import java.util.List;

/**
 * A file refused as a whole, with its bad lines and why, so that whoever exported it can fix them
 * in one go. Readers stop keeping errors after a limit but go on counting them (see {@link
 * BadLines}), so the message says how many there are in all.
 */
public final class RefusedFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The first bad lines, in file order. */
  private final List<LineError> errors;

  /** How many bad lines the file has, including those not kept. */
  private final long total;

  /**
   * One bad line.
   *
   * @param line the line number in the file, the header being line 1
   * @param reason what is wrong, in plain words
   */
  public record LineError(long line, String reason) {
    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }

  /**
   * @param what what the file is, in a few words ("the path summary")
   */
  public RefusedFileException(String what, List<LineError> errors, long total) {
    super(message(what, errors, total));
    if (errors.isEmpty() || total < errors.size()) {
      throw new IllegalArgumentException("at least one error, and no more kept than counted");
    }
    this.errors = List.copyOf(errors);
    this.total = total;
  }

  /** The first bad lines, in file order. */
  public List<LineError> errors() {
    return errors;
  }

  /** How many bad lines the file has in all. */
  public long total() {
    return total;
  }

  private static String message(String what, List<LineError> errors, long total) {
    StringBuilder text =
        new StringBuilder(what)
            .append(" is refused, ")
            .append(total)
            .append(total == 1 ? " bad line:" : " bad lines:");
    for (LineError error : errors) {
      text.append("\n  ").append(error);
    }
    if (total > errors.size()) {
      text.append("\n  and ").append(total - errors.size()).append(" more");
    }
    return text.toString();
  }
}
