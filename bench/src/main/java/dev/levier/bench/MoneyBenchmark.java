package dev.levier.bench;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the {@link Money} operations that run once per line of a conversion or commission:
 * reading an amount from JSON, writing it back, taking a percentage and splitting it.
 *
 * <p>Each Money operation sits next to the plain {@link BigDecimal} way of doing the same thing,
 * measured in the same run: parsing is compared with {@code new BigDecimal(text)}, writing with
 * {@link BigDecimal#toPlainString()}, and a percentage with multiply-then-{@code setScale}. The
 * baselines do less (no currency, no exactness check, no {@code long} range check), so they are a
 * floor, not a target.
 *
 * <p>Run: {@code java -jar bench/target/levier-bench.jar MoneyBenchmark -f 1 -wi 3 -i 5 -w 2s -r
 * 2s}. Every input comes from the state, never from a constant, so that the JIT cannot fold the
 * work away; every result is returned, so that JMH consumes it and the work cannot be eliminated.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class MoneyBenchmark {

  /** Typical amounts: a basket, a small refund, a large monthly invoice. */
  @Param({"12.34", "-0.05", "123456.78"})
  public String amount = "12.34";

  private CurrencyUnit currency = CurrencyUnit.EUR;
  private Money money = Money.zero(CurrencyUnit.EUR);
  private BigDecimal decimal = BigDecimal.ZERO;
  private BigDecimal percent = BigDecimal.ONE;
  private BigDecimal percentAsFraction = BigDecimal.ONE;
  private long[] weights = new long[0];

  @Setup
  public void setUp() {
    currency = CurrencyUnit.EUR;
    money = Money.parse(amount, currency);
    decimal = new BigDecimal(amount);
    percent = new BigDecimal("6.5");
    percentAsFraction = new BigDecimal("0.065");
    // Five publishers sharing a commission by weight, such as their share of the touchpoints.
    weights = new long[] {35, 25, 20, 12, 8};
  }

  @Benchmark
  public Money parse() {
    return Money.parse(amount, currency);
  }

  @Benchmark
  public BigDecimal parseBaselineBigDecimal() {
    return new BigDecimal(amount);
  }

  @Benchmark
  public String toDecimalString() {
    return money.toDecimalString();
  }

  @Benchmark
  public String toDecimalStringBaselineToPlainString() {
    return decimal.toPlainString();
  }

  @Benchmark
  public Money percent() {
    return money.percent(percent);
  }

  @Benchmark
  public BigDecimal percentBaselineMultiplySetScale() {
    return decimal.multiply(percentAsFraction).setScale(2, RoundingMode.HALF_EVEN);
  }

  @Benchmark
  public List<Money> allocateFiveParts() {
    return money.allocate(weights);
  }
}
