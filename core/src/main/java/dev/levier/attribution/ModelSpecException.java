package dev.levier.attribution;

/**
 * A model name or option that cannot be used, with the option it concerns, so that the command line
 * can name its flag and the API its field.
 */
public final class ModelSpecException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String option;
  private final String reason;

  /**
   * @param option the option as {@link ModelSpec#parse} names it ({@code model}, {@code order},
   *     {@code half-life-days}, {@code position}, {@code roles}, {@code multi-role})
   * @param reason what is wrong, in plain words
   */
  public ModelSpecException(String option, String reason) {
    super(option + ": " + reason);
    this.option = option;
    this.reason = reason;
  }

  /** The option that is wrong. */
  public String option() {
    return option;
  }

  /** What is wrong with it. */
  public String reason() {
    return reason;
  }
}
