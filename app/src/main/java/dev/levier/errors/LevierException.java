package dev.levier.errors;

/**
 * A request that cannot be served as asked, for a reason the caller can act on. Each subclass maps
 * to one HTTP status in {@code dev.levier.http.Problems}, and to one exit message on the command
 * line.
 */
public abstract sealed class LevierException extends RuntimeException
    permits BadRequestException,
        ConflictException,
        ForbiddenException,
        NotFoundException,
        OverloadedException,
        RateLimitedException,
        UnauthorizedException,
        ValidationException {
  private static final long serialVersionUID = 1L;

  protected LevierException(String message) {
    super(message);
  }

  protected LevierException(String message, Throwable cause) {
    super(message, cause);
  }
}
