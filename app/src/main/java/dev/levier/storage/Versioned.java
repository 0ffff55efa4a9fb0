package dev.levier.storage;

import dev.levier.errors.ConflictException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An object with a version that goes up by one on every change, and that can be archived. An update
 * names the version it was based on; a stale one is refused, so that two editors never overwrite
 * each other silently.
 */
public interface Versioned {
  int version();

  @Nullable Instant archivedAt();

  /** Refuses an update of an archived object, or one based on another version than the current. */
  static void requireEditable(String kind, String id, Versioned current, int expectedVersion) {
    if (current.archivedAt() != null) {
      throw new ConflictException(kind + " " + id + " is archived and cannot be changed");
    }
    if (current.version() != expectedVersion) {
      throw ConflictException.staleVersion(kind, id, expectedVersion, current.version());
    }
  }

  /**
   * Refuses an update whose conditional write matched no row: another writer committed between the
   * read and the write.
   */
  static void requireWritten(boolean written, String kind, String id, int expectedVersion) {
    if (!written) {
      throw new ConflictException(
          kind
              + " "
              + id
              + " changed while version "
              + expectedVersion
              + " was being updated; read it again and reapply the change");
    }
  }
}
