package dev.levier.testing;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test class that runs once per database, against one real server holding a {@link TestNetwork}.
 * Subclasses use {@link #server} and {@link #network}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
public abstract class NetworkTest {
  protected static TestServer server;
  protected static TestNetwork network;

  @Parameter protected TestDatabase database;

  @BeforeParameterizedClassInvocation
  static void startNetwork(TestDatabase database) {
    server = TestServer.start(database);
    network = TestNetwork.create(server);
  }

  @AfterParameterizedClassInvocation
  static void stopNetwork() {
    server.close();
  }
}
