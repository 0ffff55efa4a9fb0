package dev.levier.rtb;

import java.util.Collection;

/**
 * IAB content categories are a two-level taxonomy ({@code IAB3} and its child {@code IAB3-1}):
 * blocking or targeting a parent covers its children.
 */
public final class Categories {
  private Categories() {}

  /** Whether {@code category} is {@code listed} or one of its children. */
  public static boolean within(String category, String listed) {
    return category.equals(listed)
        || (category.length() > listed.length()
            && category.startsWith(listed)
            && category.charAt(listed.length()) == '-');
  }

  public static boolean blocked(String category, Collection<String> blocked) {
    for (String b : blocked) {
      if (within(category, b)) {
        return true;
      }
    }
    return false;
  }
}
