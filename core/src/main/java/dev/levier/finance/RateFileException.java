package dev.levier.finance;

import java.util.List;

/**
 * A rate file refused as a whole, with every bad row and why, so that the sender can fix the file
 * in one go rather than one error per upload.
 */
public final class RateFileException extends IllegalArgumentException {

  /** How many row errors the message lists before summing up the rest. */
  private static final int LISTED = 10;

  /** The bad rows, in file order. */
  private final List<RowError> errors;

  /**
   * One bad row.
   *
   * @param row the line number in the file, the header being line 1
   * @param reason what is wrong, in plain words
   */
  public record RowError(int row, String reason) {
    @Override
    public String toString() {
      return "row " + row + ": " + reason;
    }
  }

  public RateFileException(List<RowError> errors) {
    super(message(errors));
    this.errors = List.copyOf(errors);
  }

  /** Every bad row, in file order. */
  public List<RowError> errors() {
    return errors;
  }

  private static String message(List<RowError> errors) {
    StringBuilder text =
        new StringBuilder("the rate file is refused, ")
            .append(errors.size())
            .append(errors.size() == 1 ? " error" : " errors")
            .append(": ");
    for (int i = 0; i < Math.min(LISTED, errors.size()); i++) {
      if (i > 0) {
        text.append("; ");
      }
      text.append(errors.get(i));
    }
    if (errors.size() > LISTED) {
      text.append("; and ").append(errors.size() - LISTED).append(" more");
    }
    return text.toString();
  }
}
