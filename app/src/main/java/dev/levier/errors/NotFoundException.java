package dev.levier.errors;

/**
 * No such object for this caller. Objects of another tenant answer this too, so that their
 * existence is not revealed.
 */
public final class NotFoundException extends LevierException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String kind, String id) {
    super(kind + " " + id + " not found");
  }
}
