package dev.levier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * H2 reads its system properties once, when its classes load, so what {@link
 * Main#embeddedDatabaseDefaults} sets is seen in a fresh JVM, the way {@code levier serve} starts.
 */
class EmbeddedDatabaseDefaultsTest {

  /** Run in a JVM of its own: prints whether H2 keeps its shared cache of values. */
  public static final class Probe {
    public static void main(String[] args) {
      Main.embeddedDatabaseDefaults();
      System.out.print(org.h2.engine.SysProperties.OBJECT_CACHE);
    }
  }

  @Test
  void h2sSharedValueCacheIsOffUnlessTheOperatorSaysOtherwise() throws Exception {
    assertThat(probe()).isEqualTo("false");
    assertThat(probe("-Dh2.objectCache=true")).isEqualTo("true");
  }

  private static String probe(String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Probe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output.strip();
  }
}
