package dev.levier.bench;

import java.io.IOException;
import java.util.Locale;

/**
 * Drives load at the server until its JIT compilers have gone quiet, before anything is measured.
 *
 * <p>A fixed warm-up of ten seconds was not enough on a slow machine: during a conversion run on a
 * 2-core Zen 3, C2 still used 75–85% of a core for the first 50 seconds of load (hundreds of
 * recompilations after deoptimisations in H2, Netty and Levier), so a 30-second measurement after
 * 10 seconds of warm-up counted the compiler's work against every sale: 1,095–1,320 sales/s, where
 * the same server gave 1,450–2,330/s once C2 was under 5% of a core. This drives chunks of load
 * until a chunk's compile time is under a twentieth of its length, or until the cap.
 */
final class JitSettle {
  /** The compile time a chunk may hold, as a share of its wall time, for the JIT to count quiet. */
  static final double QUIET = 0.05;

  /** One chunk of load; answers what it did, for the log. */
  @FunctionalInterface
  interface Chunk {
    String drive(int index) throws IOException, InterruptedException;
  }

  private JitSettle() {}

  /**
   * Drives chunks until the compilers were quiet for one of them or {@code maxSeconds} of load have
   * passed (none when it is 0), and prints one line saying which.
   */
  static void untilQuiet(ServerProcess server, int maxSeconds, Chunk chunk)
      throws IOException, InterruptedException {
    if (maxSeconds <= 0) {
      return;
    }
    long start = System.nanoTime();
    for (int index = 0; ; index++) {
      long compileBefore = server.compileNanos();
      long wallBefore = System.nanoTime();
      String what = chunk.drive(index);
      long wall = System.nanoTime() - wallBefore;
      double share = (server.compileNanos() - compileBefore) / (double) wall;
      double seconds = (System.nanoTime() - start) / 1e9;
      boolean quiet = share < QUIET;
      if (quiet || seconds >= maxSeconds) {
        System.out.printf(
            Locale.ROOT,
            "JIT warm-up: %.0f s of load (%d chunks, the last: %s); the compilers used %.1f%% of a"
                + " core in the last chunk%s%n",
            seconds,
            index + 1,
            what,
            100 * share,
            quiet ? "" : " (still busy: the cap of " + maxSeconds + " s was reached)");
        return;
      }
    }
  }
}
