package dev.levier.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes an {@link ApiResponse} on the event loop; the one place answers leave the server. */
public final class Responses {
  private Responses() {}

  public static void write(RoutingContext ctx, ApiResponse response) {
    HttpServerResponse out = ctx.response();
    if (out.ended() || out.closed()) {
      return;
    }
    out.setStatusCode(response.status());
    response.headers().forEach(out::putHeader);
    if (!response.headers().containsKey("cache-control")) {
      out.putHeader("cache-control", "no-store");
    }
    out.putHeader("x-content-type-options", "nosniff");
    out.end(Buffer.buffer(response.bodyForWriting()));
  }

  /** The request path, never null. */
  public static String path(RoutingContext ctx) {
    String path = ctx.request().path();
    return path == null ? "/" : path;
  }
}
