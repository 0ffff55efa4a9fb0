package dev.levier.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The demo's HTTP client: the public API and the click redirect, as advertisers, publishers and
 * visitors reach them. Redirects are read, never followed (the landing pages do not exist).
 */
final class DemoClient implements AutoCloseable {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String baseUrl;

  DemoClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** An answer: its status, body (as text) and the headers the demo reads. */
  record Answer(int status, String body, @Nullable String location, @Nullable String cookie) {
    JsonNode json() {
      return Json.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    String text() {
      return body;
    }
  }

  /** Fails unless the answer has one of the expected statuses. */
  static Answer expect(String what, Answer answer, int... statuses) {
    for (int status : statuses) {
      if (answer.status() == status) {
        return answer;
      }
    }
    throw new DemoException(what + " answered " + answer.status() + ": " + answer.text());
  }

  /** A JSON call with a key, waited for. */
  JsonNode call(String method, String path, String key, @Nullable Object body, int... statuses) {
    return expect(method + " " + path, join(send(method, path, key, body)), statuses).json();
  }

  /** A JSON call with a key. */
  CompletableFuture<Answer> send(String method, String path, String key, @Nullable Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.write(body)));
    }
    return exchange(request.build());
  }

  /** A visitor's click: {@code GET} on a tracking URL from a browser at an address. */
  CompletableFuture<Answer> click(
      String trackingPath, String userAgent, String address, @Nullable String visitorCookie) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + trackingPath))
            .timeout(Duration.ofSeconds(60))
            .header("User-Agent", userAgent)
            .header("X-Forwarded-For", address)
            .GET();
    if (visitorCookie != null) {
      request.header("Cookie", "lv_vid=" + visitorCookie);
    }
    return exchange(request.build());
  }

  private CompletableFuture<Answer> exchange(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            response ->
                new Answer(
                    response.statusCode(),
                    new String(response.body(), StandardCharsets.UTF_8),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Set-Cookie").orElse(null)));
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof DemoException demo) {
        throw demo;
      }
      if (cause instanceof IOException) {
        throw new DemoException("the server did not answer: " + cause, cause);
      }
      throw new DemoException(String.valueOf(cause), cause);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
