package dev.levier.tracking;

import org.jspecify.annotations.Nullable;

/**
 * Builds the URL a click is redirected to: the destination with Levier's parameters (the click id)
 * added to its query.
 *
 * <p>A parameter of the same name already in the URL is removed, not kept beside the new one. The
 * destination may come from a publisher's deep link, and a server that reads the first of two
 * parameters would otherwise credit a click id the publisher made up. Names are compared the way
 * the receiving server may read them: after percent-decoding and ignoring case, since some
 * frameworks treat query names case-insensitively.
 */
public final class RedirectUrls {
  private RedirectUrls() {}

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * The URL with {@code name=value} as the last query parameter, before any {@code #fragment}. The
   * value is percent-encoded as UTF-8, keeping only unreserved characters, so the result never
   * holds a space, a control character or a character that would end the parameter.
   *
   * @param url an absolute URL that passed {@link AllowedDomains#problemWithUrlShape}
   * @param name a parameter name of unreserved characters only ({@code A-Z a-z 0-9 - . _ ~})
   * @throws IllegalArgumentException if the name is empty or not unreserved, or the URL holds a
   *     space or a control character
   */
  public static String withParam(String url, String name, String value) {
    StringBuilder out = withoutParamInto(url, name, null, value.length() * 3);
    appendParam(out, name, value);
    return withFragment(out, url);
  }

  /**
   * The URL with {@code name=value} and, when {@code otherValue} is not null, {@code
   * otherName=otherValue} as its last query parameters; any parameter of either name already in the
   * URL is removed first (matched as {@link #withParam} does), so that a deep link can neither
   * plant the second parameter nor keep it when it is not given. One pass, for the redirect of a
   * visitor in a holdout experiment.
   *
   * @param otherName a second parameter name of unreserved characters only
   * @param otherValue its value, or null to leave it out (and only remove it)
   */
  public static String withParams(
      String url, String name, String value, String otherName, @Nullable String otherValue) {
    int extra = value.length() * 3 + (otherValue == null ? 0 : otherValue.length() * 3 + 1);
    StringBuilder out = withoutParamInto(url, name, otherName, extra + otherName.length());
    appendParam(out, name, value);
    if (otherValue != null) {
      out.append('&');
      out.append(otherName).append('=');
      appendEncoded(out, otherValue);
    }
    return withFragment(out, url);
  }

  /**
   * The URL without any parameter of either name and, when {@code otherValue} is not null, with
   * {@code otherName=otherValue} as its last parameter: the redirect of a visitor in a holdout
   * experiment whose click could not be recorded.
   */
  public static String withoutParam(
      String url, String name, String otherName, @Nullable String otherValue) {
    StringBuilder out =
        withoutParamInto(
            url,
            name,
            otherName,
            otherValue == null ? 0 : otherName.length() + 1 + 3 * otherValue.length());
    if (otherValue != null) {
      appendParam(out, otherName, otherValue);
    } else {
      trimSeparator(out);
    }
    return withFragment(out, url);
  }

  private static void appendParam(StringBuilder out, String name, String value) {
    char last = out.charAt(out.length() - 1);
    if (last != '?' && last != '&') {
      out.append(out.indexOf("?") < 0 ? '?' : '&');
    }
    out.append(name).append('=');
    appendEncoded(out, value);
  }

  private static void trimSeparator(StringBuilder out) {
    char last = out.charAt(out.length() - 1);
    if (last == '?' || last == '&') {
      out.setLength(out.length() - 1);
    }
  }

  private static String withFragment(StringBuilder out, String url) {
    int hash = url.indexOf('#');
    if (hash >= 0) {
      out.append(url, hash, url.length());
    }
    return out.toString();
  }

  /**
   * The URL without any parameter of that name (matched as {@link #withParam} does), so that a
   * visitor sent on without a click id never carries one a publisher planted in a deep link.
   */
  public static String withoutParam(String url, String name) {
    StringBuilder out = withoutParamInto(url, name, null, 0);
    trimSeparator(out);
    return withFragment(out, url);
  }

  /**
   * The URL up to its fragment with the named parameters removed; it ends with {@code ?} or {@code
   * &} when it has a query, ready for one more parameter.
   */
  private static StringBuilder withoutParamInto(
      String url, String name, @Nullable String otherName, int extra) {
    requireName(name);
    if (otherName != null) {
      requireName(otherName);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(
            "a URL to redirect to must not contain spaces or control characters");
      }
    }
    int hash = url.indexOf('#');
    int end = hash < 0 ? url.length() : hash;
    int question = IpAddress.indexOf(url, '?', 0, end);
    StringBuilder out = new StringBuilder(url.length() + name.length() + 2 + extra);
    if (question < 0) {
      out.append(url, 0, end);
    } else {
      out.append(url, 0, question + 1);
      int from = question + 1;
      while (from < end) {
        int amp = IpAddress.indexOf(url, '&', from, end);
        int to = amp < 0 ? end : amp;
        if (to > from
            && !hasName(url, from, to, name)
            && (otherName == null || !hasName(url, from, to, otherName))) {
          out.append(url, from, to).append('&');
        }
        from = to + 1;
      }
    }
    return out;
  }

  private static void requireName(String name) {
    if (name.isEmpty() || !allUnreserved(name)) {
      throw new IllegalArgumentException(
          "a parameter name must be letters, digits, '-', '.', '_' or '~': '" + name + "'");
    }
  }

  private static boolean hasName(String url, int from, int to, String name) {
    int matched = 0;
    int i = from;
    while (i < to) {
      char c = url.charAt(i);
      if (c == '=') {
        break;
      }
      if (c == '%' && i + 2 < to) {
        int decoded = hexValue(url.charAt(i + 1)) << 4 | hexValue(url.charAt(i + 2));
        if (decoded >= 0) {
          c = (char) decoded;
          i += 2;
        }
      }
      if (matched == name.length() || lower(c) != lower(name.charAt(matched))) {
        return false;
      }
      matched++;
      i++;
    }
    return matched == name.length();
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    if (lower >= 'a' && lower <= 'f') {
      return lower - 'a' + 10;
    }
    return -0x100;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
  }

  private static boolean allUnreserved(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isUnreserved(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /**
   * Percent-encodes as UTF-8; an unpaired surrogate becomes U+FFFD, as a UTF-8 encoder writes it.
   */
  private static void appendEncoded(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isUnreserved(c)) {
        out.append(c);
        continue;
      }
      int codePoint = c;
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        codePoint = Character.toCodePoint(c, value.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        codePoint = 0xfffd;
      }
      if (codePoint < 0x80) {
        appendByte(out, codePoint);
      } else if (codePoint < 0x800) {
        appendByte(out, 0xc0 | codePoint >>> 6);
        appendByte(out, 0x80 | (codePoint & 0x3f));
      } else if (codePoint < 0x10000) {
        appendByte(out, 0xe0 | codePoint >>> 12);
        appendByte(out, 0x80 | (codePoint >>> 6 & 0x3f));
        appendByte(out, 0x80 | (codePoint & 0x3f));
      } else {
        appendByte(out, 0xf0 | codePoint >>> 18);
        appendByte(out, 0x80 | (codePoint >>> 12 & 0x3f));
        appendByte(out, 0x80 | (codePoint >>> 6 & 0x3f));
        appendByte(out, 0x80 | (codePoint & 0x3f));
      }
    }
  }

  private static void appendByte(StringBuilder out, int b) {
    out.append('%').append(HEX[b >>> 4]).append(HEX[b & 0xf]);
  }
}
