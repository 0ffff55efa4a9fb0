package dev.levier.http;

import dev.levier.auth.Principal;
import dev.levier.errors.BadRequestException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A management request, read off the event loop into plain values so that its handler can run on a
 * virtual thread and block on the database. The caller is null only on routes that need no key.
 */
public final class ApiRequest {
  private final String method;
  private final String path;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final Map<String, String> headers;
  private final byte[] body;
  private final @Nullable Principal principal;
  private final String baseUrl;

  /**
   * @param headers by lower-case name
   * @param baseUrl the URL this server is reached at, for {@code Location} headers
   */
  public ApiRequest(
      String method,
      String path,
      Map<String, String> pathParams,
      Map<String, List<String>> query,
      Map<String, String> headers,
      byte[] body,
      @Nullable Principal principal,
      String baseUrl) {
    this.method = method;
    this.path = path;
    this.pathParams = Map.copyOf(pathParams);
    this.query = Map.copyOf(query);
    this.headers = Map.copyOf(headers);
    this.body = body.clone();
    this.principal = principal;
    this.baseUrl = baseUrl;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The raw body; empty when there is none. */
  public byte[] body() {
    return body.clone();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The caller; routes that need a key always have one. */
  public Principal caller() {
    if (principal == null) {
      throw new IllegalStateException("route " + path + " has no authenticated caller");
    }
    return principal;
  }

  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return value;
  }

  /** A header by its lower-case name. */
  public @Nullable String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /**
   * Reads the query, refusing parameters the route does not know and parameters given twice, so
   * that a misspelt filter never silently returns everything.
   */
  public QueryParams queryParams(Set<String> allowed) {
    for (Map.Entry<String, List<String>> entry : query.entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw new BadRequestException(
            entry.getKey(),
            "unknown query parameter '"
                + entry.getKey()
                + "'; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (entry.getValue().size() > 1) {
        throw new BadRequestException(
            entry.getKey(), "query parameter '" + entry.getKey() + "' is given more than once");
      }
    }
    return new QueryParams(query);
  }
}
