package dev.levier.errors;

/** No valid API key came with the request. */
public final class UnauthorizedException extends LevierException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message) {
    super(message);
  }
}
