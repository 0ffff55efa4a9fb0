package dev.levier.tracking;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The publisher's own labels for a link or a click (sub1 to sub5): which page, placement or
 * campaign sent the visitor. At most 100 printable characters each, so they can never carry a
 * header or a script into a report.
 */
public record SubIds(
    @Nullable String sub1,
    @Nullable String sub2,
    @Nullable String sub3,
    @Nullable String sub4,
    @Nullable String sub5) {

  public static final int MAX_LENGTH = 100;
  public static final SubIds NONE = new SubIds(null, null, null, null, null);

  public SubIds {
    for (String value : new String[] {sub1, sub2, sub3, sub4, sub5}) {
      String problem = problemWith(value);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
  }

  /** Why a sub id is refused, or null when it is fine (absent values are fine). */
  public static @Nullable String problemWith(@Nullable String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      return "must be 1 to " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "must not contain control characters";
      }
    }
    return null;
  }

  /** The value of sub{@code n}, 1 to 5. */
  public @Nullable String get(int n) {
    return switch (n) {
      case 1 -> sub1;
      case 2 -> sub2;
      case 3 -> sub3;
      case 4 -> sub4;
      case 5 -> sub5;
      default -> throw new IllegalArgumentException("sub ids are numbered 1 to 5");
    };
  }

  /** These sub ids with the given ones on top (click-time values override link values). */
  public SubIds overriddenBy(SubIds other) {
    List<@Nullable String> merged = new ArrayList<>(5);
    for (int n = 1; n <= 5; n++) {
      String value = other.get(n);
      merged.add(value != null ? value : get(n));
    }
    return new SubIds(merged.get(0), merged.get(1), merged.get(2), merged.get(3), merged.get(4));
  }
}
