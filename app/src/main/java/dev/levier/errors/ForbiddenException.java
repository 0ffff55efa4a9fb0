package dev.levier.errors;

/** The caller is known but its role may not do this (a publisher creating an advertiser). */
public final class ForbiddenException extends LevierException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }
}
