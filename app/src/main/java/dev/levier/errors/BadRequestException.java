package dev.levier.errors;

/** The request cannot be read at all: malformed JSON, a bad cursor, an unknown query parameter. */
public final class BadRequestException extends LevierException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the part of the request at fault ({@code body}, a query parameter, a header)
   */
  public BadRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
