package dev.levier.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * A GET route served before the router even looks at the request: every path that starts with
 * {@code prefix} (and has more after it) goes to the handler. Only for the click redirect, whose
 * cost per request matters most.
 *
 * @param path the path template in OpenAPI form, such as {@code /c/{linkId}}
 */
public record DirectRoute(String path, String prefix, Handler<HttpServerRequest> handler) {}
