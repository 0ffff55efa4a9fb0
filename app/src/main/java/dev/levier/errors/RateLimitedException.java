package dev.levier.errors;

/** The caller's key sent more requests than its rate allows; it may retry after a wait. */
public final class RateLimitedException extends LevierException {
  private static final long serialVersionUID = 1L;

  private final int retryAfterSeconds;

  public RateLimitedException(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
