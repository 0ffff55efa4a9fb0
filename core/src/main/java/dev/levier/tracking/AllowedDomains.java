package dev.levier.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The domains a programme may send visitors to. Every redirect destination is checked against them,
 * so a tracking link can never be turned into an open redirect.
 */
public record AllowedDomains(List<DomainPattern> patterns) {

  /** The longest URL accepted as a destination; longer ones are refused, not truncated. */
  public static final int MAX_URL_LENGTH = 2048;

  public AllowedDomains {
    patterns = List.copyOf(patterns);
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed domain is required");
    }
  }

  /** Parses each entry with {@link DomainPattern#parse}; the first bad entry fails. */
  public static AllowedDomains parse(List<String> entries) {
    List<DomainPattern> parsed = new ArrayList<>(entries.size());
    for (String entry : entries) {
      parsed.add(DomainPattern.parse(entry));
    }
    return new AllowedDomains(parsed);
  }

  /** The entries as text, in order. */
  public List<String> asStrings() {
    return patterns.stream().map(DomainPattern::toString).toList();
  }

  /** Whether some pattern matches this host. */
  public boolean allowsHost(String host) {
    for (DomainPattern pattern : patterns) {
      if (pattern.matches(host)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why this URL may not be a destination, or empty when it may. A destination is an absolute http
   * or https URL without user information, whose host is allowed.
   */
  public Optional<String> problemWithDestination(String url) {
    Optional<String> shape = problemWithUrlShape(url);
    if (shape.isPresent()) {
      return shape;
    }
    String host = hostOf(url);
    if (!allowsHost(host)) {
      return Optional.of(
          "host '" + host + "' is not among the programme's allowed domains " + asStrings());
    }
    return Optional.empty();
  }

  /**
   * Why this text is not an absolute http(s) URL that is safe to redirect to, whatever the domains:
   * no control characters or backslashes, no user information, a host present.
   */
  public static Optional<String> problemWithUrlShape(String url) {
    if (url.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (url.length() > MAX_URL_LENGTH) {
      return Optional.of("is longer than " + MAX_URL_LENGTH + " characters");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == 0x7f || c == '\\') {
        return Optional.of("contains a space, a control character or a backslash");
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.isOpaque()) {
      return Optional.of("must be an absolute http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain user information (user@host)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("must name a host");
    }
    return Optional.empty();
  }

  /** The lower-cased host of a URL that passed {@link #problemWithUrlShape}. */
  public static String hostOf(String url) {
    String host = URI.create(url).getHost();
    if (host == null) {
      throw new IllegalArgumentException("URL has no host: " + url);
    }
    return host.toLowerCase(Locale.ROOT);
  }
}
