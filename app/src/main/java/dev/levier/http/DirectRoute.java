package dev.levier.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * A route served before the router even looks at the request, for the paths whose cost per request
 * matters most (the click redirect, the bid request). The handler does what the router would have:
 * it reads the body itself, and records its own metrics.
 *
 * @param path the path template in OpenAPI form, such as {@code /c/{linkId}}
 * @param prefix what a served path starts with
 * @param wholePath whether the path must be the prefix itself; otherwise it must have more after it
 */
public record DirectRoute(
    HttpMethod method,
    String path,
    String prefix,
    boolean wholePath,
    Handler<HttpServerRequest> handler) {

  /** Every path that starts with {@code prefix} and has more after it. */
  public static DirectRoute under(
      HttpMethod method, String path, String prefix, Handler<HttpServerRequest> handler) {
    return new DirectRoute(method, path, prefix, false, handler);
  }

  /** The path itself, nothing under it. */
  public static DirectRoute at(HttpMethod method, String path, Handler<HttpServerRequest> handler) {
    return new DirectRoute(method, path, path, true, handler);
  }

  boolean serves(HttpMethod requested, String requestedPath) {
    if (!method.equals(requested)) {
      return false;
    }
    return wholePath
        ? requestedPath.equals(prefix)
        : requestedPath.startsWith(prefix) && requestedPath.length() > prefix.length();
  }
}
