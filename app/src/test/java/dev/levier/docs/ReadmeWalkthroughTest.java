package dev.levier.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the README's walk-through, as written, against a fresh server: only the two lines that say
 * where the server is and which key to use get this server's values.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class ReadmeWalkthroughTest {
  @Parameter TestDatabase database;

  @Test
  void theWalkthroughWorksAsWritten() throws IOException, InterruptedException {
    assertThat(run("walkthrough"))
        .contains("\"status\":\"approved\"")
        .contains("\"programmeId\":\"prg_")
        .contains("the visitor lands on https://www.rivage.example/tents/alto-2?lvclid=")
        .contains("\"orderId\":\"R-1001\"")
        .contains("\"key\":\"click-id\"")
        .contains("\"status\":\"pending\"")
        .contains("earns 47.90:")
        .contains("Line 2 earns EUR 20.00 under rule new")
        .contains("Capped: ")
        .contains("urn:levier:problem:validation")
        .contains("\"field\":\"country\"")
        .contains("\"field\":\"currency\"");
  }

  @Test
  void theProgrammaticWalkthroughWorksAsWritten() throws IOException, InterruptedException {
    assertThat(run("rtb-walkthrough"))
        .contains("\"id\":\"auction-1\"")
        .contains("\"seat\":\"levier\"")
        .contains("\"price\":0.864")
        .contains("\"cur\":\"USD\"")
        .contains("the visitor lands on https://www.rivage.example/tents/alto-2")
        .contains("\"channel\":\"programmatic\"")
        .contains("\"spent\":\"0.000648\"");
  }

  /** Runs the README's block between the named markers against a fresh server; its output. */
  private String run(String marker) throws IOException, InterruptedException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("<!-- " + marker + ":start -->");
    int end = readme.indexOf("<!-- " + marker + ":end -->");
    assertThat(start).as("walk-through markers in README.md").isPositive().isLessThan(end);
    String block = readme.substring(start, end);
    String script = block.substring(block.indexOf("```bash") + 7, block.lastIndexOf("```"));
    assertThat(script)
        .contains("export LEVIER=http://localhost:8080")
        .contains("export KEY=lvk_...");

    try (TestServer server = TestServer.start(database)) {
      script =
          script
              .replace("export LEVIER=http://localhost:8080", "export LEVIER=" + server.baseUrl())
              .replaceAll("export KEY=lvk_\\.\\.\\..*", "export KEY=" + server.adminKey());
      Process bash =
          new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
              .redirectErrorStream(true)
              .start();
      String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(bash.exitValue()).as(output).isZero();
      return output;
    }
  }
}
