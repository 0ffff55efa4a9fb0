package dev.levier.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.config.DatabaseSettings;
import dev.levier.testing.ServerProcess;
import dev.levier.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code levier serve} as its own process, the way it runs in production: it announces where it
 * listens and its first admin key, serves, and on SIGTERM stops gracefully.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class ProcessLifecycleTest {
  @Parameter TestDatabase database;

  @Test
  void servesThenStopsGracefullyOnSigterm() throws Exception {
    DatabaseSettings settings = database.create();
    try (ServerProcess server = ServerProcess.start(settings)) {
      assertThat(server.firstKey()).startsWith("lvk_");
      assertThat(server.api(server.firstKey()).get("/api/v1/advertisers").status()).isEqualTo(200);

      assertThat(server.terminate()).as("exit after SIGTERM").isEqualTo(143);
      assertThat(server.log()).contains("Levier is stopping").contains("Levier stopped");
    } finally {
      database.drop(settings);
    }
  }
}
