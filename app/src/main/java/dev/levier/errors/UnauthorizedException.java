package dev.levier.errors;

/**
 * The request did not prove who sent it. The challenge is what the 401 answer's {@code
 * WWW-Authenticate} header asks for: an API key by default, a signature for postbacks.
 */
public final class UnauthorizedException extends LevierException {
  private static final long serialVersionUID = 1L;

  /** The challenge of the management and conversion APIs: an API key as a bearer token. */
  public static final String BEARER = "Bearer realm=\"levier\"";

  /** The challenge of the postback: a signed query (docs/tracking.md says how to sign it). */
  public static final String SIGNED_QUERY = "Levier-Signature realm=\"levier-postback\"";

  private final String challenge;

  public UnauthorizedException(String message) {
    this(message, BEARER);
  }

  public UnauthorizedException(String message, String challenge) {
    super(message);
    this.challenge = challenge;
  }

  /** The value of the {@code WWW-Authenticate} header. */
  public String challenge() {
    return challenge;
  }
}
