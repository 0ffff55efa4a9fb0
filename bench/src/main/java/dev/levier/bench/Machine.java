package dev.levier.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The machine and tools a run measured on, printed at the top of every run. */
final class Machine {
  private Machine() {}

  static void print() {
    System.out.printf(
        Locale.ROOT,
        "Machine: %d CPUs (%s), %s %s %s; JVM %s %s (%s)%n",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"),
        System.getProperty("java.vm.name"),
        Runtime.version(),
        System.getProperty("java.vendor"));
    System.out.println(
        "Tools: " + version("/usr/bin/wrk", "-v") + "; " + version("/usr/sbin/nginx", "-v"));
    System.out.println("Started: " + Instant.now());
  }

  /** Lists the Java and Maven processes other than this one and its children: noise to avoid. */
  static void warnAboutOtherWork() {
    long self = ProcessHandle.current().pid();
    java.util.Set<Long> ancestors = new java.util.HashSet<>();
    for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
      ancestors.add(p.pid());
    }
    List<String> others =
        ProcessHandle.allProcesses()
            .filter(p -> !ancestors.contains(p.pid()))
            .filter(p -> p.parent().map(parent -> parent.pid() != self).orElse(true))
            .map(p -> p.info().commandLine().orElse(""))
            .filter(c -> c.contains("/java ") || c.contains("bin/java") || c.contains("maven"))
            .toList();
    if (!others.isEmpty()) {
      System.out.println("WARNING: other Java processes are running; figures will be low:");
      others.forEach(c -> System.out.println("  " + c.substring(0, Math.min(160, c.length()))));
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | UncheckedIOException e) {
      return "unknown CPU";
    }
  }

  private static String version(String binary, String flag) {
    try {
      Process p = new ProcessBuilder(binary, flag).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse(binary).strip();
    } catch (IOException e) {
      return binary + " (not found)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return binary;
    }
  }
}
