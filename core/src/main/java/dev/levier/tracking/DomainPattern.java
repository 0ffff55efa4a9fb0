package dev.levier.tracking;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of a programme's allowed domains: a host name such as {@code shop.example}, or {@code
 * *.shop.example} to allow every subdomain as well as the domain itself. Only lower-case ASCII
 * (punycode for international names) is accepted, so that two spellings of one host can never
 * disagree about a match.
 */
public record DomainPattern(String domain, boolean includesSubdomains) {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
  private static final int MAX_LENGTH = 253;

  public DomainPattern {
    String problem = problemWith(domain);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Parses {@code shop.example} or {@code *.shop.example}. */
  public static DomainPattern parse(String text) {
    if (text.startsWith("*.")) {
      return new DomainPattern(text.substring(2), true);
    }
    return new DomainPattern(text, false);
  }

  /** Whether a URL host (already lower-cased by the caller or not) falls under this pattern. */
  public boolean matches(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.equals(domain)) {
      return true;
    }
    return includesSubdomains && h.endsWith("." + domain);
  }

  @Override
  public String toString() {
    return includesSubdomains ? "*." + domain : domain;
  }

  private static @org.jspecify.annotations.Nullable String problemWith(String domain) {
    if (domain.isEmpty()) {
      return "a domain must not be empty";
    }
    if (domain.length() > MAX_LENGTH) {
      return "'" + shorten(domain) + "' is longer than " + MAX_LENGTH + " characters";
    }
    if (!domain.equals(domain.toLowerCase(Locale.ROOT))) {
      return "'" + domain + "' must be lower case";
    }
    if (domain.contains("://") || domain.contains("/") || domain.contains(":")) {
      return "'" + shorten(domain) + "' must be a host name only, without scheme, port or path";
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return "'" + domain + "' must have at least two labels, like shop.example";
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return "'"
            + shorten(domain)
            + "' is not a valid host name (letters a-z, digits and hyphens; punycode for"
            + " international names; use *.domain for subdomains)";
      }
    }
    return null;
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
