package dev.levier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian's package, {@code /usr/bin/wrk}) as DESIGN.md §9 asks, one thread and a fixed
 * number of keep-alive connections for a bounded time, and reads its summary. wrk runs under {@code
 * bash -c '"$@"; times'}, so that the shell prints the CPU time its child used: the client's share
 * of the two cores.
 */
final class Wrk {
  static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";
  private static final Pattern REQUESTS =
      Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern LATENCY_LINE =
      Pattern.compile("Latency\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+\\S+");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+(\\S+)\\s*$");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern TIMES = Pattern.compile("^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s$");

  private Wrk() {}

  /**
   * What wrk measured.
   *
   * @param requests answers completed within the duration
   * @param seconds the duration wrk measured
   * @param rate its requests per second
   * @param p50 latency percentiles in milliseconds (wrk's, from request written to answer read)
   * @param max the largest latency in milliseconds
   * @param bad answers other than 2xx or 3xx
   * @param socketErrors connect, read, write and timeout errors together
   * @param clientCpuNanos the CPU time wrk used, user and system
   * @param output wrk's output as printed
   */
  record Result(
      long requests,
      double seconds,
      double rate,
      double p50,
      double p75,
      double p90,
      double p99,
      double max,
      long bad,
      long socketErrors,
      long clientCpuNanos,
      String output) {

    double clientCores() {
      return clientCpuNanos / 1e9 / seconds;
    }
  }

  /**
   * Runs {@code wrk -t1 -c<connections> -d<seconds>s --latency} with a browser user agent and these
   * more headers ({@code Name: value}).
   */
  static Result run(String url, int connections, int seconds, List<String> headers)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "\"$@\"; times",
                "bash",
                "/usr/bin/wrk",
                "-t1",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-H",
                "User-Agent: " + USER_AGENT));
    for (String header : headers) {
      command.add("-H");
      command.add(header);
    }
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    return parse(output);
  }

  static Result parse(String output) {
    long requests = -1;
    double seconds = -1;
    double rate = -1;
    double max = -1;
    double[] percentiles = {-1, -1, -1, -1};
    long bad = 0;
    long socketErrors = 0;
    List<long[]> times = new ArrayList<>();
    for (String line : output.lines().toList()) {
      Matcher requestsLine = REQUESTS.matcher(line);
      Matcher rateLine = RATE.matcher(line);
      Matcher latencyLine = LATENCY_LINE.matcher(line);
      Matcher percentileLine = PERCENTILE.matcher(line);
      Matcher badLine = NON_2XX.matcher(line);
      Matcher errorLine = SOCKET_ERRORS.matcher(line);
      Matcher timesLine = TIMES.matcher(line.strip());
      if (requestsLine.find()) {
        requests = Long.parseLong(requestsLine.group(1));
        seconds = millis(requestsLine.group(2) + requestsLine.group(3)) / 1000.0;
      } else if (rateLine.find()) {
        rate = Double.parseDouble(rateLine.group(1));
      } else if (latencyLine.find() && max < 0) {
        max = millis(latencyLine.group(3));
      } else if (percentileLine.find()) {
        int slot =
            switch (percentileLine.group(1)) {
              case "50" -> 0;
              case "75" -> 1;
              case "90" -> 2;
              default -> 3;
            };
        percentiles[slot] = millis(percentileLine.group(2));
      } else if (badLine.find()) {
        bad = Long.parseLong(badLine.group(1));
      } else if (errorLine.find()) {
        for (int g = 1; g <= 4; g++) {
          socketErrors += Long.parseLong(errorLine.group(g));
        }
      } else if (timesLine.find()) {
        long user =
            Long.parseLong(timesLine.group(1)) * 60_000_000_000L + nanos(timesLine.group(2));
        long system =
            Long.parseLong(timesLine.group(3)) * 60_000_000_000L + nanos(timesLine.group(4));
        times.add(new long[] {user, system});
      }
    }
    if (requests < 0 || rate < 0 || times.size() < 2) {
      throw new IllegalStateException("cannot read wrk's output:\n" + output);
    }
    long[] children = times.get(1); // the first line is the shell's own time
    return new Result(
        requests,
        seconds,
        rate,
        percentiles[0],
        percentiles[1],
        percentiles[2],
        percentiles[3],
        max,
        bad,
        socketErrors,
        children[0] + children[1],
        output);
  }

  private static long nanos(String seconds) {
    return Math.round(Double.parseDouble(seconds) * 1e9);
  }

  /** wrk's durations: {@code 401.00us}, {@code 0.88ms}, {@code 1.20s}, {@code 1.00m}. */
  static double millis(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.endsWith("us")) {
      return Double.parseDouble(v.substring(0, v.length() - 2)) / 1000.0;
    }
    if (v.endsWith("ms")) {
      return Double.parseDouble(v.substring(0, v.length() - 2));
    }
    if (v.endsWith("s")) {
      return Double.parseDouble(v.substring(0, v.length() - 1)) * 1000.0;
    }
    if (v.endsWith("m")) {
      return Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000.0;
    }
    throw new IllegalArgumentException("not a wrk duration: " + value);
  }
}
