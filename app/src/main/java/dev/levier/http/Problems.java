package dev.levier.http;

import dev.levier.errors.BadRequestException;
import dev.levier.errors.ConflictException;
import dev.levier.errors.FieldError;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.LevierException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.OverloadedException;
import dev.levier.errors.RateLimitedException;
import dev.levier.errors.UnauthorizedException;
import dev.levier.errors.ValidationException;
import dev.levier.storage.StorageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9457 problem details: the one place where a failure becomes an HTTP status and a body. The
 * {@code type} of each problem is a URN listed in {@code docs/api.md}; {@code errors} names every
 * field at fault.
 */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final String TYPE_PREFIX = "urn:levier:problem:";

  private Problems() {}

  /** The problem for a failure thrown while serving {@code instance}. */
  public static ApiResponse from(Throwable failure, String instance) {
    return switch (failure) {
      case LevierException known -> fromKnown(known, instance);
      case StorageException storage when storage.isUniqueViolation() ->
          problem(409, "conflict", "Conflict", "the object already exists", instance, Map.of());
      case StorageException storage when storage.isUnavailable() ->
          problem(
                  503,
                  "unavailable",
                  "Service unavailable",
                  "the database cannot be reached; retry shortly",
                  instance,
                  Map.of())
              .withHeader("retry-after", "5");
      default -> internal(failure, instance);
    };
  }

  private static ApiResponse fromKnown(LevierException failure, String instance) {
    return switch (failure) {
      case ValidationException v ->
          problem(
              422,
              "validation",
              "Invalid request",
              v.getMessage(),
              instance,
              Map.of("errors", v.errors()));
      case BadRequestException b ->
          problem(
              400,
              "bad-request",
              "Bad request",
              b.getMessage(),
              instance,
              Map.of("errors", List.of(new FieldError(b.field(), String.valueOf(b.getMessage())))));
      case UnauthorizedException u ->
          problem(401, "unauthorized", "Unauthorized", u.getMessage(), instance, Map.of())
              .withHeader("www-authenticate", u.challenge());
      case ForbiddenException f ->
          problem(403, "forbidden", "Forbidden", f.getMessage(), instance, Map.of());
      case NotFoundException n ->
          problem(404, "not-found", "Not found", n.getMessage(), instance, Map.of());
      case ConflictException c -> {
        Integer current = c.currentVersion();
        yield problem(
            409,
            current == null ? "conflict" : "stale-version",
            "Conflict",
            c.getMessage(),
            instance,
            current == null ? Map.of() : Map.of("currentVersion", current));
      }
      case RateLimitedException r ->
          problem(429, "rate-limited", "Too many requests", r.getMessage(), instance, Map.of())
              .withHeader("retry-after", Integer.toString(r.retryAfterSeconds()));
      case OverloadedException o ->
          problem(503, "overloaded", "Service unavailable", o.getMessage(), instance, Map.of())
              .withHeader("retry-after", Integer.toString(o.retryAfterSeconds()));
    };
  }

  /** A problem for a status the router produced itself (404, 405, 413...). */
  public static ApiResponse forStatus(int status, String detail, String instance) {
    String slug =
        switch (status) {
          case 400 -> "bad-request";
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 413 -> "too-large";
          case 415 -> "unsupported-media-type";
          default -> "http-" + status;
        };
    String title =
        switch (status) {
          case 400 -> "Bad request";
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          case 413 -> "Request too large";
          case 415 -> "Unsupported media type";
          default -> "HTTP " + status;
        };
    Map<String, Object> extra =
        switch (status) {
          case 400 -> Map.of("errors", List.of(new FieldError("request", detail)));
          case 413, 415 -> Map.of("errors", List.of(new FieldError("body", detail)));
          default -> Map.of();
        };
    return problem(status, slug, title, detail, instance, extra);
  }

  /** A 500: the cause is logged with an id that the answer repeats, and nothing else leaks. */
  public static ApiResponse internal(Throwable failure, String instance) {
    String errorId = UUID.randomUUID().toString();
    LOG.atError()
        .setCause(failure)
        .addKeyValue("errorId", errorId)
        .addKeyValue("instance", instance)
        .log("unexpected failure");
    return problem(
        500,
        "internal",
        "Internal error",
        "an unexpected error occurred; it was logged as " + errorId,
        instance,
        Map.of("errorId", errorId));
  }

  private static ApiResponse problem(
      int status,
      String slug,
      String title,
      @Nullable String detail,
      String instance,
      Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + slug);
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    body.put("instance", instance);
    body.putAll(extra);
    return new ApiResponse(
        status, Map.of("content-type", ApiResponse.PROBLEM_JSON), Json.write(body));
  }
}
