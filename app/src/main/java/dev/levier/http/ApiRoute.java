package dev.levier.http;

import java.util.Locale;

/**
 * One route of the management API.
 *
 * @param method the HTTP method, upper case
 * @param path the path template in OpenAPI form, such as {@code /api/v1/advertisers/{id}}
 * @param operationId the operation's name in the OpenAPI document
 * @param authenticated whether the route needs an API key
 * @param readsQuery whether the route reads query parameters (lists); others refuse any
 */
public record ApiRoute(
    String method,
    String path,
    String operationId,
    boolean authenticated,
    boolean readsQuery,
    ApiHandler handler) {

  public ApiRoute {
    method = method.toUpperCase(Locale.ROOT);
  }

  public static ApiRoute get(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("GET", path, operationId, true, false, handler);
  }

  /** A list: a GET that reads filters, {@code limit} and {@code cursor} from the query. */
  public static ApiRoute list(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("GET", path, operationId, true, true, handler);
  }

  public static ApiRoute post(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("POST", path, operationId, true, false, handler);
  }

  public static ApiRoute patch(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("PATCH", path, operationId, true, false, handler);
  }

  /** The path in Vert.x form: {@code /api/v1/advertisers/:id}. */
  public String vertxPath() {
    return path.replaceAll("\\{([A-Za-z]+)}", ":$1");
  }
}
