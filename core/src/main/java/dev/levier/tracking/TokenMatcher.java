package dev.levier.tracking;

import java.util.List;
import java.util.Locale;

/**
 * Finds which of a fixed set of ASCII tokens occur in a text, ignoring ASCII case, in one pass and
 * without allocating: the user agent of every click goes through it.
 *
 * <p>Tokens are indexed by their first two characters, so at each position of the text only the few
 * tokens that could start there are compared, however long the token list.
 */
final class TokenMatcher {

  private static final int ASCII = 128;

  private final char[][] tokens;

  private static final int[] NONE = {};

  /** Token indexes by {@code first << 7 | second} character, lower-cased. */
  private final int[][] byPrefix = new int[ASCII * ASCII][];

  /**
   * @param tokens printable ASCII, at least two characters each; matched ignoring case
   */
  TokenMatcher(List<String> tokens) {
    this.tokens = new char[tokens.size()][];
    int[] counts = new int[ASCII * ASCII];
    for (int t = 0; t < tokens.size(); t++) {
      String token = tokens.get(t);
      if (token.length() < 2 || !isPrintableAscii(token)) {
        throw new IllegalArgumentException(
            "a token must be printable ASCII of at least two characters: '" + token + "'");
      }
      this.tokens[t] = token.toLowerCase(Locale.ROOT).toCharArray();
      counts[prefix(this.tokens[t])]++;
    }
    for (int p = 0; p < byPrefix.length; p++) {
      byPrefix[p] = counts[p] == 0 ? NONE : new int[counts[p]];
      counts[p] = 0;
    }
    for (int t = 0; t < this.tokens.length; t++) {
      int p = prefix(this.tokens[t]);
      byPrefix[p][counts[p]++] = t;
    }
  }

  private static int prefix(char[] lowerToken) {
    return lowerToken[0] << 7 | lowerToken[1];
  }

  static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Whether any token occurs in the text. */
  boolean containsAny(String text) {
    int last = text.length() - 1;
    for (int i = 0; i < last; i++) {
      for (int t : candidatesAt(text, i)) {
        if (matchesAt(text, i, tokens[t])) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Which tokens occur in the text: bit {@code i} is set when token {@code i} does. Only for
   * matchers of at most 64 tokens.
   */
  long presentMask(String text) {
    if (tokens.length > Long.SIZE) {
      throw new IllegalStateException("a mask holds at most 64 tokens, not " + tokens.length);
    }
    long found = 0;
    int last = text.length() - 1;
    for (int i = 0; i < last; i++) {
      for (int t : candidatesAt(text, i)) {
        if ((found & 1L << t) == 0 && matchesAt(text, i, tokens[t])) {
          found |= 1L << t;
        }
      }
    }
    return found;
  }

  private int[] candidatesAt(String text, int i) {
    int first = lower(text.charAt(i));
    int second = lower(text.charAt(i + 1));
    if (first >= ASCII || second >= ASCII) {
      return NONE;
    }
    return byPrefix[first << 7 | second];
  }

  private static boolean matchesAt(String text, int at, char[] token) {
    if (at + token.length > text.length()) {
      return false;
    }
    for (int k = 2; k < token.length; k++) {
      if (lower(text.charAt(at + k)) != token[k]) {
        return false;
      }
    }
    return true;
  }

  private static int lower(char c) {
    return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
  }
}
