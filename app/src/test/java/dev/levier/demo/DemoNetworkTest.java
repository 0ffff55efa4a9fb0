package dev.levier.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The demo network loads once, through the services, with published commission rules. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class DemoNetworkTest {
  @Parameter TestDatabase database;

  @Test
  void loadsOnceWithPublishedRules() {
    try (TestServer server = TestServer.start(database)) {
      assertThat(DemoNetwork.load(server.levier().services())).isTrue();
      assertThat(DemoNetwork.load(server.levier().services())).isFalse();

      JsonNode programmes = server.admin().get("/api/v1/programmes?status=active").json();
      int published = 0;
      for (JsonNode programme : programmes.path("data")) {
        JsonNode rules =
            server
                .admin()
                .get(
                    "/api/v1/programmes/"
                        + programme.path("id").asText()
                        + "/rulesets?status=published")
                .json()
                .path("data");
        published += rules.size();
        for (JsonNode ruleSet : rules) {
          assertThat(ruleSet.path("publishedVersion").asInt()).isEqualTo(1);
        }
      }
      assertThat(published).isEqualTo(2);
    }
  }
}
