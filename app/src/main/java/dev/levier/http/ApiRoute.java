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
 * @param acceptsCsv whether the body may be {@code text/csv} as well as JSON (bulk uploads)
 */
public record ApiRoute(
    String method,
    String path,
    String operationId,
    boolean authenticated,
    boolean readsQuery,
    boolean acceptsCsv,
    ApiHandler handler) {

  public ApiRoute {
    method = method.toUpperCase(Locale.ROOT);
  }

  public static ApiRoute get(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("GET", path, operationId, true, false, false, handler);
  }

  /** A list: a GET that reads filters, {@code limit} and {@code cursor} from the query. */
  public static ApiRoute list(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("GET", path, operationId, true, true, false, handler);
  }

  public static ApiRoute post(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("POST", path, operationId, true, false, false, handler);
  }

  public static ApiRoute patch(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("PATCH", path, operationId, true, false, false, handler);
  }

  /** A PUT: the body replaces the whole resource. */
  public static ApiRoute put(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("PUT", path, operationId, true, false, false, handler);
  }

  /** A GET that reads parameters from the query, such as a report's period. */
  public static ApiRoute query(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("GET", path, operationId, true, true, false, handler);
  }

  /**
   * A POST that takes a CSV file as well as JSON, such as a bulk upload; it reads query parameters
   * (options of the upload).
   */
  public static ApiRoute upload(String path, String operationId, ApiHandler handler) {
    return new ApiRoute("POST", path, operationId, true, true, true, handler);
  }

  /** The path in Vert.x form: {@code /api/v1/advertisers/:id}. */
  public String vertxPath() {
    return path.replaceAll("\\{([A-Za-z]+)}", ":$1");
  }
}
