package dev.levier.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link LoadGenerator} in a child JVM on this class path, so that the client's garbage
 * collection, JIT compilation and threads are not shared with the server or with this process, and
 * calls back when the child's measured window opens and closes (for CPU readings over the same
 * window).
 */
final class LoadChild {
  private LoadChild() {}

  /** What to do when the measured window opens or closes; runs on the calling thread. */
  interface Hook {
    void run() throws IOException, InterruptedException;
  }

  static LoadGenerator.Report run(LoadGenerator.Job job, Hook atStart, Hook atEnd)
      throws IOException, InterruptedException {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LoadGenerator.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      try (OutputStream in = child.getOutputStream()) {
        ApiClient.JSON.writeValue(in, job);
      }
      boolean started = false;
      boolean ended = false;
      LoadGenerator.Report report = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.equals(LoadGenerator.WINDOW_START)) {
            atStart.run();
            started = true;
          } else if (line.equals(LoadGenerator.WINDOW_END)) {
            atEnd.run();
            ended = true;
          } else if (line.startsWith(LoadGenerator.RESULT)) {
            report =
                ApiClient.JSON.readValue(
                    line.substring(LoadGenerator.RESULT.length()), LoadGenerator.Report.class);
          } else {
            System.out.println("load generator: " + line);
          }
        }
      }
      long limit = (job.warmUpMillis() + job.measuredMillis()) / 1000 + 120;
      if (!child.waitFor(limit, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the load generator did not finish within " + limit + " s");
      }
      if (child.exitValue() != 0 || report == null || !started || !ended) {
        throw new IllegalStateException(
            "the load generator failed with exit code " + child.exitValue());
      }
      return report;
    } finally {
      child.destroy();
    }
  }

  /** The CPU time this process has used, in nanoseconds. */
  static long ownCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report process CPU time");
  }
}
