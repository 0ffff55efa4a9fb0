package dev.levier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The few management calls a load run needs to set itself up, through the public API with a key, as
 * a user would make them. Not for load: it is the JDK's client, one request at a time.
 */
final class ApiClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String baseUrl;
  private final String key;

  ApiClient(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  HttpClient http() {
    return client;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** {@code GET path}, which must answer 200; the JSON answer. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return check("GET", path, response, 200);
  }

  /** {@code POST path} with a JSON body, which must answer 201; the JSON answer. */
  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return check("POST", path, postRaw(path, JSON.writeValueAsBytes(body)), 201);
  }

  /** {@code POST path} with these bytes as JSON; the answer whatever its status. */
  HttpResponse<byte[]> postRaw(String path, byte[] body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode check(
      String method, String path, HttpResponse<byte[]> response, int expected) throws IOException {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method
              + " "
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(response.body());
  }

  @Override
  public void close() {
    client.close();
  }
}
