package dev.levier.conversion;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which touch gets the credit for a conversion, how it was found, and why.
 *
 * <p>The notes are kept with the conversion and shown to advertisers and publishers who ask why a
 * sale went to someone else, so they are plain sentences, not codes.
 *
 * @param key the lookup that found the winning touch, or {@link AttributionKey#NONE}
 * @param touch the winning touch, null exactly when {@code key} is {@code NONE}
 * @param notes what was tried and why touches were skipped, in the order it happened
 */
public record Attribution(AttributionKey key, @Nullable Touch touch, List<String> notes) {

  /**
   * @throws IllegalArgumentException if the key and the touch disagree
   */
  public Attribution {
    Objects.requireNonNull(key, "key");
    notes = List.copyOf(notes);
    if (touch == null && key != AttributionKey.NONE) {
      throw new IllegalArgumentException("an attribution by " + key + " needs its touch");
    }
    if (touch != null && touch.kind().key() != key) {
      throw new IllegalArgumentException(
          "a touch of kind " + touch.kind() + " cannot win by key " + key);
    }
  }

  /** No touch qualified: the conversion is stored, but credited to no one. */
  public static Attribution unattributed(List<String> notes) {
    return new Attribution(AttributionKey.NONE, null, notes);
  }

  public boolean isAttributed() {
    return touch != null;
  }
}
