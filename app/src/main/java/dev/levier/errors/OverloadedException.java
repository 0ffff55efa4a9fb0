package dev.levier.errors;

/** Too much work in flight; the caller should retry after a short wait. */
public final class OverloadedException extends LevierException {
  private static final long serialVersionUID = 1L;

  private final int retryAfterSeconds;

  public OverloadedException(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public OverloadedException(String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
