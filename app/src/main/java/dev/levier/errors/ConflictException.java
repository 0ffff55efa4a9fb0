package dev.levier.errors;

import org.jspecify.annotations.Nullable;

/**
 * The request is valid but conflicts with the current state: a stale version, a duplicate, or a
 * status change that is not allowed from where the object stands.
 */
public final class ConflictException extends LevierException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Integer currentVersion;

  public ConflictException(String message) {
    super(message);
    this.currentVersion = null;
  }

  private ConflictException(String message, int currentVersion) {
    super(message);
    this.currentVersion = currentVersion;
  }

  /** The object changed since the caller read it: optimistic concurrency lost. */
  public static ConflictException staleVersion(
      String kind, String id, int givenVersion, int currentVersion) {
    return new ConflictException(
        kind
            + " "
            + id
            + " is at version "
            + currentVersion
            + ", not "
            + givenVersion
            + "; read it again and reapply the change",
        currentVersion);
  }

  /** The version the object is at, when the conflict is a stale version. */
  public @Nullable Integer currentVersion() {
    return currentVersion;
  }
}
