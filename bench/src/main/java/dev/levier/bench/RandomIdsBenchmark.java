package dev.levier.bench;

import dev.levier.tracking.RandomIds;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The random part of a click's work on the event loop: a visitor id (80 random bits) and a click id
 * (96), as the redirect makes them for a new visitor.
 *
 * <p>The baseline, in the same run, is the two calls of a DRBG {@link SecureRandom} that made those
 * bits before the ids were drawn from a per-thread pool (10 and 12 bytes, one call each, without
 * the encoding the ids add): what the pool saves is the difference.
 *
 * <p>Run: {@code java -jar bench/target/levier-bench.jar RandomIdsBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class RandomIdsBenchmark {
  private SecureRandom drbg = new SecureRandom();
  private long row;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    drbg = SecureRandom.getInstance("DRBG");
    row = 10_000;
  }

  /** What the redirect makes for a new visitor's click. */
  @Benchmark
  public int idsOfAClick() {
    row++;
    return RandomIds.visitorId(row).hashCode() + RandomIds.clickId(row).hashCode();
  }

  /** One DRBG call per id, the way before the pool. */
  @Benchmark
  public int drbgCallPerId() {
    byte[] visitor = new byte[10];
    byte[] click = new byte[12];
    drbg.nextBytes(visitor);
    drbg.nextBytes(click);
    return visitor[0] + click[0];
  }
}
