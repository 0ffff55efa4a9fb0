package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.errors.UnauthorizedException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server spreads its connections over the event loops it was given. */
class EventLoopsTest {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void connectionsAreServedByEveryEventLoopOnOnePort() throws Exception {
    HttpApi api = api();
    api.listen("127.0.0.1", 0, 3).toCompletionStage().toCompletableFuture().get(10, SECONDS);
    assertThat(api.eventLoops()).isEqualTo(3);

    Set<String> threads = new HashSet<>();
    List<Socket> open = new ArrayList<>();
    try {
      // Vert.x hands new connections to the servers in turn: six connections meet all three.
      for (int i = 0; i < 6; i++) {
        Socket socket = new Socket("127.0.0.1", api.actualPort());
        open.add(socket);
        threads.add(threadServing(socket));
      }
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
    assertThat(threads).hasSize(3).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    api.shutdown(1_000);
  }

  @Test
  void oneEventLoopServesEveryConnection() throws Exception {
    HttpApi api = api();
    api.listen("127.0.0.1", 0, 1).toCompletionStage().toCompletableFuture().get(10, SECONDS);
    Set<String> threads = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      try (Socket socket = new Socket("127.0.0.1", api.actualPort())) {
        threads.add(threadServing(socket));
      }
    }
    assertThat(threads).hasSize(1);
    api.shutdown(1_000);
  }

  @Test
  void aPortInUseIsNamedInTheFailure() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  api()
                      .listen("127.0.0.1", port, 2)
                      .toCompletionStage()
                      .toCompletableFuture()
                      .get(10, SECONDS))
          .hasRootCauseInstanceOf(Exception.class)
          .cause()
          .hasMessageStartingWith(
              "cannot listen on 127.0.0.1:" + port + " (settings host and port): ")
          .hasMessageContaining("in use");
    }
  }

  @Test
  void noEventLoopIsRefused() {
    assertThatThrownBy(() -> api().listen("127.0.0.1", 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eventLoops must be at least 1, was 0");
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;

  private HttpApi api() {
    DirectRoute whoServes =
        DirectRoute.at(
            HttpMethod.GET,
            "/thread",
            request -> request.response().end(Thread.currentThread().getName()));
    return new HttpApi(
        vertx,
        List.of(),
        List.of(),
        List.of(whoServes),
        key -> {
          throw new UnauthorizedException("no keys here");
        },
        () -> new Readiness.Status(true, Map.of()),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        new byte[0],
        1024,
        4,
        new RateLimiter(10, 10),
        port -> "http://127.0.0.1:" + port);
  }

  /** Asks on this connection which thread answers, and reads the body of the answer. */
  private static String threadServing(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        "GET /thread HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    int length = -1;
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(length).as("content-length of the answer").isPositive();
    char[] body = new char[length];
    int read = 0;
    while (read < length) {
      int n = in.read(body, read, length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return new String(body, 0, read);
  }
}
