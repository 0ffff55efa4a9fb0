package dev.levier.commission;

import java.util.List;
import java.util.TreeMap;

/**
 * A fixed set of names without surrogates, each with its position, found ignoring case exactly as
 * {@link String#CASE_INSENSITIVE_ORDER} compares (the order of {@link Condition.BrandIn}'s set), by
 * hashing instead of a walk down a sorted tree: a brand and the category segments of every order
 * line are looked up here.
 *
 * <p>Every hit is confirmed by that order, so the hash only has to give equal values to texts the
 * order tells equal. It mixes the length with a few characters (the first two, the middle one, the
 * last two), each folded to {@code toLowerCase(toUpperCase(c))}. On JDK 25 the order tells a text
 * without surrogates equal to another only if that one has none either and the same length, with
 * equal folds at each position: it compares characters, then their upper cases, then the lower
 * cases of those, and reads a whole code point only at a surrogate; and case mappings never lead
 * from the basic plane to another plane or to a surrogate. Names with a surrogate are refused: the
 * order compares those by code point, and around a lone surrogate it may tell two texts of the same
 * length equal without comparing every character.
 */
final class NamesIgnoringCase {
  /** {@code toLowerCase(toUpperCase(c))} of each ASCII character. */
  private static final char[] ASCII = new char[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      ASCII[c] = Character.toLowerCase(Character.toUpperCase(c));
    }
  }

  private final String[] keys;
  private final int[] hashes;
  private final int[] positions;
  private final int mask;

  /**
   * @param names distinct ignoring case, without surrogates
   */
  NamesIgnoringCase(List<String> names) {
    TreeMap<String, Integer> distinct = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int capacity = Integer.highestOneBit(Math.max(2, names.size()) * 4 - 1);
    this.keys = new String[capacity];
    this.hashes = new int[capacity];
    this.positions = new int[capacity];
    this.mask = capacity - 1;
    for (int p = 0; p < names.size(); p++) {
      String name = names.get(p);
      if (hasSurrogate(name)) {
        throw new IllegalArgumentException("a name with a surrogate: " + name);
      }
      if (distinct.put(name, p) != null) {
        throw new IllegalArgumentException("two names equal ignoring case: " + name);
      }
      int hash = hash(name);
      int i = hash & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = name;
      hashes[i] = hash;
      positions[i] = p;
    }
  }

  /** The position of the name equal to {@code text} ignoring case, or -1; any text may be asked. */
  int find(String text) {
    int hash = hash(text);
    for (int i = hash & mask; keys[i] != null; i = (i + 1) & mask) {
      String key = keys[i];
      if (hashes[i] == hash
          && (key.equals(text) || String.CASE_INSENSITIVE_ORDER.compare(key, text) == 0)) {
        return positions[i];
      }
    }
    return -1;
  }

  /** The length and a few folded characters, mixed. */
  static int hash(String text) {
    int length = text.length();
    int h = length;
    if (length > 0) {
      h = 31 * h + fold(text.charAt(0));
      h = 31 * h + fold(text.charAt(length - 1));
      if (length > 2) {
        h = 31 * h + fold(text.charAt(1));
        h = 31 * h + fold(text.charAt(length - 2));
        h = 31 * h + fold(text.charAt(length / 2));
      }
    }
    // Spread the high bits down, as HashMap does, so that the mask sees them.
    return h ^ (h >>> 16);
  }

  private static int fold(char c) {
    return c < 0x80 ? ASCII[c] : Character.toLowerCase(Character.toUpperCase(c));
  }

  /** Whether the text has a surrogate, half of a character beyond the basic plane. */
  static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
