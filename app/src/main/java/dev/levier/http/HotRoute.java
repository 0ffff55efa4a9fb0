package dev.levier.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * A route served on the event loop itself: the click redirect and the conversion intake. Its
 * handler must never block; it reads in-memory state and hands work to the journals.
 *
 * @param path the path template in OpenAPI form, such as {@code /c/{linkId}}
 */
public record HotRoute(String method, String path, Handler<RoutingContext> handler) {

  public HotRoute {
    method = method.toUpperCase(Locale.ROOT);
  }

  /** The path in Vert.x form. */
  public String vertxPath() {
    return path.replaceAll("\\{([A-Za-z]+)}", ":$1");
  }
}
