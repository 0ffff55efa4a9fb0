package dev.levier.http;

/**
 * Serves one management route. It runs on a virtual thread and may block; it reports failures by
 * throwing the typed exceptions of {@code dev.levier.errors}.
 */
@FunctionalInterface
public interface ApiHandler {
  ApiResponse handle(ApiRequest request);
}
