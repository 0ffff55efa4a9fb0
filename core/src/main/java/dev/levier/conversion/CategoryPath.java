package dev.levier.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a product sits in the advertiser's catalogue, from the broadest category down: {@code
 * Electronics > Phones > Smartphones}.
 *
 * <p>Commission rules and reports are written against the upper levels ("6% on Electronics") while
 * order lines carry the deepest one, so the operation that matters is {@link #isWithin}. It ignores
 * case because advertisers' feeds are not consistent about it; {@link #equals} does not, so that
 * the advertiser's own spelling is kept and shown back unchanged.
 *
 * <p>A class rather than a record only to keep its text, written once: the sale writer and the
 * answer to every sale write each line's path as text.
 */
public final class CategoryPath {

  /** Deeper catalogue trees exist, but no commission rule needs more levels to tell them apart. */
  public static final int MAX_SEGMENTS = 8;

  public static final int MAX_SEGMENT_LENGTH = 100;

  /** How segments are written in text; {@link #parse} accepts any white space around it. */
  public static final char SEPARATOR = '>';

  private final List<String> segments;
  private final String text;

  /**
   * Checks the segments however the path was built, so that {@code parse(path.toString())} always
   * gives the path back.
   *
   * @param segments the categories from the broadest down: 1 to {@value #MAX_SEGMENTS} segments,
   *     each 1 to {@value #MAX_SEGMENT_LENGTH} characters, without control characters, without
   *     {@code >} (the separator), and without white space at either end (so that one path has one
   *     spelling)
   * @throws IllegalArgumentException with a reason that names the segment
   */
  public CategoryPath(List<String> segments) {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a category path needs at least one segment");
    }
    String problem = problemWithCount(segments.size());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      problem = problemWithSegment(i + 1, segment);
      if (problem == null && !segment.equals(segment.strip())) {
        problem = "category segment " + (i + 1) + " starts or ends with white space";
      }
      if (problem == null && segment.indexOf(SEPARATOR) >= 0) {
        problem =
            "category segment "
                + (i + 1)
                + " "
                + Text.quote(segment)
                + " contains '>', which separates segments";
      }
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
    this.segments = segments;
    this.text = String.join(" " + SEPARATOR + " ", segments);
  }

  /** A path from segments given one by one: {@code CategoryPath.of("Electronics", "Phones")}. */
  public static CategoryPath of(String... segments) {
    return new CategoryPath(List.of(segments));
  }

  /**
   * Reads a path as advertisers send it: segments separated by {@code >}, with white space around
   * each segment removed ({@code "Electronics>Phones"} and {@code " Electronics > Phones "} are the
   * same path). White space inside a segment is kept as it is.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body: the text is empty, a
   *     segment is empty ({@code "Electronics > > Phones"}, or a separator at either end), there
   *     are more than {@value #MAX_SEGMENTS} segments, or a segment is too long or holds a control
   *     character
   */
  public static CategoryPath parse(String text) {
    Objects.requireNonNull(text, "text");
    // Count first, so that a text made of a million separators is refused without being split.
    int separators = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == SEPARATOR) {
        separators++;
      }
    }
    String problem = problemWithCount(separators + 1);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (separators == 0 && text.isBlank()) {
      throw new IllegalArgumentException("category path is empty");
    }
    List<String> segments = new ArrayList<>(separators + 1);
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == SEPARATOR) {
        String segment = text.substring(start, i).strip();
        problem = problemWithSegment(segments.size() + 1, segment);
        if (problem != null) {
          throw new IllegalArgumentException(problem);
        }
        segments.add(segment);
        start = i + 1;
      }
    }
    return new CategoryPath(segments);
  }

  /**
   * Whether this path is {@code ancestor} or lies below it: {@code Electronics > Phones} is within
   * {@code Electronics} and within itself, but not within {@code Phones} (a path is matched from
   * its top) nor within {@code Electronics > Phones > Smartphones}.
   *
   * <p>Segments are compared whole and without regard to case ({@link String#equalsIgnoreCase},
   * which does not depend on the machine's locale). Case is compared letter by letter, so {@code
   * Straße} and {@code STRASSE} differ, as do accents and two spaces for one.
   */
  public boolean isWithin(CategoryPath ancestor) {
    Objects.requireNonNull(ancestor, "ancestor");
    List<String> top = ancestor.segments;
    if (top.size() > segments.size()) {
      return false;
    }
    for (int i = 0; i < top.size(); i++) {
      if (!top.get(i).equalsIgnoreCase(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The number of levels, 1 for a top-level category. */
  public int depth() {
    return segments.size();
  }

  /** The most specific category, the last segment. */
  public String leaf() {
    return segments.get(segments.size() - 1);
  }

  /** The categories from the broadest down. */
  public List<String> segments() {
    return segments;
  }

  /** Paths are equal when their segments are, case included. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CategoryPath path && segments.equals(path.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** The path as it is written and read back by {@link #parse}: {@code "Electronics > Phones"}. */
  @Override
  public String toString() {
    return text;
  }

  private static @Nullable String problemWithCount(int count) {
    if (count > MAX_SEGMENTS) {
      return "category path has " + count + " segments; at most " + MAX_SEGMENTS + " are allowed";
    }
    return null;
  }

  private static @Nullable String problemWithSegment(int position, String segment) {
    Objects.requireNonNull(segment, "segment");
    if (segment.isEmpty() || segment.isBlank()) {
      return "category segment " + position + " is empty";
    }
    return Text.problemWithText("category segment " + position, segment, MAX_SEGMENT_LENGTH);
  }
}
