package dev.levier.rtb;

/**
 * A bid request that breaks the specification: the bid endpoint answers it 400 with no body (an
 * exchange reads no error body), and counts it by reason.
 */
public final class InvalidBidRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidBidRequest(String reason) {
    super(reason, null, false, false);
  }
}
