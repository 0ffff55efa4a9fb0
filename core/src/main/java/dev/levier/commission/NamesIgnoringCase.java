package dev.levier.commission;

import java.util.List;
import java.util.TreeMap;

/**
 * A fixed set of names, each with its position, found ignoring case exactly as {@link
 * String#CASE_INSENSITIVE_ORDER} compares (the order of {@link Condition.BrandIn}'s set), but by
 * hashing instead of a walk down a sorted tree: a brand or category segment of every order line is
 * looked up here.
 *
 * <p>The hash folds each character {@code c} to {@code toLowerCase(toUpperCase(c))}. On JDK 25 that
 * order tells two characters equal exactly when their folds are (it compares the characters, then
 * their upper cases, then the lower cases of those), so names it tells equal have equal hashes, and
 * every hit is confirmed by the order itself. A text with a surrogate (a character beyond the basic
 * plane) is compared by code point, not by character, so it is looked up in a sorted tree instead;
 * it can only equal another such text, since case mappings do not cross planes.
 */
final class NamesIgnoringCase {
  /** What {@link #hash} returns for a text with a surrogate. */
  private static final long NO_HASH = Long.MIN_VALUE;

  private final TreeMap<String, Integer> tree = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final String[] keys;
  private final int[] hashes;
  private final int[] positions;
  private final int mask;

  /**
   * @param names distinct ignoring case
   */
  NamesIgnoringCase(List<String> names) {
    int capacity = Integer.highestOneBit(Math.max(2, names.size()) * 4 - 1);
    this.keys = new String[capacity];
    this.hashes = new int[capacity];
    this.positions = new int[capacity];
    this.mask = capacity - 1;
    for (int p = 0; p < names.size(); p++) {
      String name = names.get(p);
      if (tree.put(name, p) != null) {
        throw new IllegalArgumentException("two names equal ignoring case: " + name);
      }
      long hash = hash(name);
      if (hash == NO_HASH) {
        continue;
      }
      int i = (int) hash & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = name;
      hashes[i] = (int) hash;
      positions[i] = p;
    }
  }

  /** The position of the name equal to {@code text} ignoring case, or -1. */
  int find(String text) {
    long hash = hash(text);
    if (hash == NO_HASH) {
      Integer position = tree.get(text);
      return position == null ? -1 : position;
    }
    int h = (int) hash;
    for (int i = h & mask; keys[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == h && String.CASE_INSENSITIVE_ORDER.compare(keys[i], text) == 0) {
        return positions[i];
      }
    }
    return -1;
  }

  /** The hash of the folded characters, or {@link #NO_HASH} if the text has a surrogate. */
  static long hash(String text) {
    int h = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int folded;
      if (c < 0x80) {
        folded = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
      } else if (Character.isSurrogate(c)) {
        return NO_HASH;
      } else {
        folded = Character.toLowerCase(Character.toUpperCase(c));
      }
      h = 31 * h + folded;
    }
    // Spread the high bits down, as HashMap does, so that the mask sees them.
    return (h ^ (h >>> 16)) & 0xFFFF_FFFFL;
  }
}
