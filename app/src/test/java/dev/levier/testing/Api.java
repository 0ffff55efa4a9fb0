package dev.levier.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A small HTTP client for tests, speaking JSON to the real server over a socket. */
public final class Api {
  private static final HttpClient CLIENT =
      // HTTP/1.1 as clients of a JSON API speak it: the default asks every request to upgrade to
      // HTTP/2 in clear text, which a server may answer in either protocol.
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String baseUrl;
  private final @Nullable String key;

  public Api(String baseUrl, @Nullable String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  /** The answer: status, headers and the body parsed as JSON when it is JSON. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String text) {
    public JsonNode json() {
      if (text.isEmpty()) {
        return NullNode.getInstance();
      }
      try {
        return MAPPER.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text, e);
      }
    }

    public @Nullable String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** The {@code id} of a created or read object. */
    public String id() {
      return json().path("id").asText();
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  public Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, @Nullable Object body) {
    return send("POST", path, body, Map.of());
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, body, Map.of());
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body, Map.of());
  }

  /** Sends any method with a body given as an object (serialised) or a raw string. */
  public Response send(
      String method, String path, @Nullable Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    boolean hasType = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"));
    if (body != null && !hasType) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    HttpRequest.BodyPublisher publisher;
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body instanceof String raw) {
      publisher = HttpRequest.BodyPublishers.ofString(raw);
    } else if (body instanceof byte[] raw) {
      publisher = HttpRequest.BodyPublishers.ofByteArray(raw);
    } else {
      try {
        publisher = HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    request.method(method, publisher);
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
