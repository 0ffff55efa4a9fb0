package dev.levier.http;

import dev.levier.storage.Versioned;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: status, headers and an already-serialised body, so that writing it on the
 * event loop costs nothing.
 */
public final class ApiResponse {
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  /** The body is kept as given, not copied: callers hand over a freshly serialised array. */
  public ApiResponse(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public byte[] body() {
    return body.clone();
  }

  /** The body without a copy, for the server to write; callers must not change it. */
  public byte[] bodyForWriting() {
    return body;
  }

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, Map.of("content-type", JSON), Json.write(value));
  }

  /** 200 with the object and its version as the entity tag. */
  public static ApiResponse ok(Object value) {
    return withEtag(json(200, value), value);
  }

  /** 201 with the new object, its URL in {@code Location} and its version as entity tag. */
  public static ApiResponse created(String location, Object value) {
    ApiResponse base = json(201, value);
    Map<String, String> headers = new LinkedHashMap<>(base.headers);
    headers.put("location", location);
    return withEtag(new ApiResponse(201, headers, base.body), value);
  }

  /** The same response with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, more, body);
  }

  private static ApiResponse withEtag(ApiResponse response, Object value) {
    if (value instanceof Versioned versioned) {
      return response.withHeader("etag", "\"" + versioned.version() + "\"");
    }
    return response;
  }
}
