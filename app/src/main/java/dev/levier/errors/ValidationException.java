package dev.levier.errors;

import java.util.List;

/** The request was read but some fields are wrong; nothing was changed. */
public final class ValidationException extends LevierException {
  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(summary(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one field error");
    }
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String reason) {
    return new ValidationException(List.of(new FieldError(field, reason)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.size() == 1) {
      FieldError e = errors.get(0);
      return e.field() + ": " + e.reason();
    }
    return errors.size() + " fields are invalid";
  }
}
