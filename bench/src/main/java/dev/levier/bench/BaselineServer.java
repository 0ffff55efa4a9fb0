package dev.levier.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The same-run baseline: a bare Vert.x 5 HTTP server on one event loop that answers every request
 * with 200 and a fixed JSON body, with the same transport as Levier (Netty's epoll where it is
 * available, as in {@code Levier.start}). It does no routing, authentication, database work or JSON
 * writing, so it shows what the HTTP layer and the client cost by themselves on this machine.
 *
 * <p>Two fixed bodies are served, so that each Levier route is compared with a bare answer of the
 * same size (the buffers are written as slices, never copied): the list body for {@code
 * /api/v1/programmes}, the single body for any other path.
 */
final class BaselineServer implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;

  private BaselineServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static BaselineServer start(String host, byte[] singleBody, byte[] listBody) {
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    Buffer single = Buffer.buffer(singleBody);
    Buffer list = Buffer.buffer(listBody);
    try {
      HttpServer server =
          await(
              vertx
                  .createHttpServer(new HttpServerOptions().setHost(host).setPort(0))
                  .requestHandler(
                      request ->
                          request
                              .response()
                              .putHeader("content-type", "application/json")
                              .end("/api/v1/programmes".equals(request.path()) ? list : single))
                  .listen()
                  .toCompletionStage());
      return new BaselineServer(vertx, server);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * The bidder's baseline (DESIGN.md §9): reads the whole request body, as the bidder does, then
   * answers {@code 204} with no body. No parsing, no decision.
   */
  static BaselineServer startNoContent(String host) {
    return startWrite(host, 204, "/", new byte[0]);
  }

  /**
   * A baseline for a write: reads the whole request body, as Levier does, then answers {@code
   * status} with a {@code Location} header and a fixed JSON body, such as the {@code 201} of a
   * stored conversion with the very bytes Levier answered. No parsing, validation or storage.
   */
  static BaselineServer startWrite(String host, int status, String location, byte[] body) {
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    Buffer answer = Buffer.buffer(body);
    try {
      HttpServer server =
          await(
              vertx
                  .createHttpServer(new HttpServerOptions().setHost(host).setPort(0))
                  .requestHandler(
                      request ->
                          request
                              .body()
                              .onComplete(
                                  read ->
                                      request
                                          .response()
                                          .setStatusCode(read.succeeded() ? status : 400)
                                          .putHeader("location", location)
                                          .putHeader("content-type", "application/json")
                                          .end(answer)))
                  .listen()
                  .toCompletionStage());
      return new BaselineServer(vertx, server);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    await(server.close().toCompletionStage());
    await(vertx.close().toCompletionStage());
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("baseline server: " + e.getMessage(), e);
    }
  }
}
