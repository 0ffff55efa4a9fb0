package dev.levier.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

class MoneyPropertyTest {

  private static final long QUARTER_OF_LONG = 1L << 61;

  /** One currency per exponent that exists: 0, 2, 3 and 4. */
  @Provide
  Arbitrary<CurrencyUnit> currencies() {
    return Arbitraries.of(
        CurrencyUnit.JPY, CurrencyUnit.EUR, CurrencyUnit.BHD, CurrencyUnit.of("CLF"));
  }

  @Provide
  Arbitrary<Money> amounts() {
    return Combinators.combine(Arbitraries.longs(), currencies()).as(Money::ofMinor);
  }

  @Property
  void parseReadsBackWhatToDecimalStringWrites(@ForAll("amounts") Money money) {
    assertThat(Money.parse(money.toDecimalString(), money.currency())).isEqualTo(money);
  }

  @Property
  void parseAcceptsTrailingZerosBeyondTheExponent(
      @ForAll("amounts") Money money, @ForAll @IntRange(min = 1, max = 30) int zeros) {
    String decimal =
        money.toDecimalString() + (money.currency().exponent() == 0 ? "." : "") + "0".repeat(zeros);

    assertThat(Money.parse(decimal, money.currency())).isEqualTo(money);
  }

  @Property
  void parseRefusesOneSignificantDecimalTooMany(
      @ForAll("amounts") Money money, @ForAll @IntRange(min = 1, max = 9) int extraDigit) {
    String decimal =
        money.toDecimalString() + (money.currency().exponent() == 0 ? "." : "") + extraDigit;

    assertThatThrownBy(() -> Money.parse(decimal, money.currency()))
        .isInstanceOf(MoneyFormatException.class)
        .hasMessageContaining("decimal place");
  }

  @Property
  void allocateWithWholeWeightsSumsExactlyAndStaysWithinOneUnitOfEachShare(
      @ForAll("amounts") Money amount,
      @ForAll @Size(min = 1, max = 12)
          List<@LongRange(min = 0, max = Long.MAX_VALUE) Long> weights) {
    Assume.that(weights.stream().anyMatch(w -> w > 0));
    long[] array = weights.stream().mapToLong(Long::longValue).toArray();

    List<Money> parts = amount.allocate(array);

    assertExactProportionalSplit(amount, toDecimals(weights), parts);
  }

  @Property
  void allocateWithDecimalWeightsSumsExactlyAndStaysWithinOneUnitOfEachShare(
      @ForAll("amounts") Money amount,
      @ForAll @Size(min = 1, max = 12)
          List<@BigRange(min = "0", max = "1000") @Scale(4) BigDecimal> weights) {
    Assume.that(weights.stream().anyMatch(w -> w.signum() > 0));

    List<Money> parts = amount.allocate(weights);

    assertExactProportionalSplit(amount, weights, parts);
  }

  @Property
  void splitSumsExactlyAndPartsDifferByAtMostOneUnit(
      @ForAll("amounts") Money amount, @ForAll @IntRange(min = 1, max = 50) int n) {
    List<Money> parts = amount.split(n);

    assertThat(parts).hasSize(n);
    assertThat(sum(parts)).isEqualTo(BigInteger.valueOf(amount.minor()));
    long largest = parts.stream().mapToLong(Money::minor).max().orElseThrow();
    long smallest = parts.stream().mapToLong(Money::minor).min().orElseThrow();
    assertThat(largest - smallest).isBetween(0L, 1L);
  }

  @Property
  void allocateIsDeterministic(
      @ForAll("amounts") Money amount,
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1000) Long> weights) {
    Assume.that(weights.stream().anyMatch(w -> w > 0));
    long[] array = weights.stream().mapToLong(Long::longValue).toArray();

    List<Money> first = amount.allocate(array);
    List<Money> second = amount.allocate(array.clone());
    List<Money> viaDecimals = amount.allocate(toDecimals(weights));

    assertThat(second).isEqualTo(first);
    assertThat(viaDecimals).isEqualTo(first);
  }

  @Property
  void allocateOfANegatedAmountIsTheNegatedAllocation(
      @ForAll @LongRange(min = -Long.MAX_VALUE, max = Long.MAX_VALUE) long minor,
      @ForAll("currencies") CurrencyUnit currency,
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1000) Long> weights) {
    Assume.that(weights.stream().anyMatch(w -> w > 0));
    long[] array = weights.stream().mapToLong(Long::longValue).toArray();
    Money amount = Money.ofMinor(minor, currency);

    List<Money> negatedParts = amount.negate().allocate(array);

    assertThat(negatedParts).isEqualTo(amount.allocate(array).stream().map(Money::negate).toList());
  }

  @Property
  void plusAndMinusAreInverse(
      @ForAll @LongRange(min = -QUARTER_OF_LONG, max = QUARTER_OF_LONG) long a,
      @ForAll @LongRange(min = -QUARTER_OF_LONG, max = QUARTER_OF_LONG) long b,
      @ForAll("currencies") CurrencyUnit currency) {
    Money x = Money.ofMinor(a, currency);
    Money y = Money.ofMinor(b, currency);

    assertThat(x.plus(y).minus(y)).isEqualTo(x);
    assertThat(x.minus(y).plus(y)).isEqualTo(x);
    assertThat(x.plus(y)).isEqualTo(y.plus(x));
  }

  @Provide
  Arbitrary<List<CurrencyUnit>> sameExponentPairs() {
    return Arbitraries.of(
        List.of(CurrencyUnit.EUR, CurrencyUnit.USD),
        List.of(CurrencyUnit.GBP, CurrencyUnit.CHF),
        List.of(CurrencyUnit.JPY, CurrencyUnit.of("KRW")),
        List.of(CurrencyUnit.BHD, CurrencyUnit.of("KWD")),
        List.of(CurrencyUnit.EUR, CurrencyUnit.EUR));
  }

  @Property
  void convertAtRateOneBetweenSameExponentCurrenciesKeepsTheMinorUnits(
      @ForAll long minor, @ForAll("sameExponentPairs") List<CurrencyUnit> pair) {
    Money converted = Money.ofMinor(minor, pair.get(0)).convert(BigDecimal.ONE, pair.get(1));

    assertThat(converted).isEqualTo(Money.ofMinor(minor, pair.get(1)));
  }

  @Property
  void timesRoundsToTheNearestMinorUnit(
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor,
      @ForAll @BigRange(min = "-10", max = "10") @Scale(6) BigDecimal factor) {
    Money result = Money.ofMinor(minor, CurrencyUnit.EUR).times(factor);

    BigDecimal exact = BigDecimal.valueOf(minor).multiply(factor);
    BigDecimal error = BigDecimal.valueOf(result.minor()).subtract(exact).abs();
    assertThat(error).isLessThanOrEqualTo(new BigDecimal("0.5"));
  }

  @Property
  void percentIsTimesAHundredth(
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor,
      @ForAll @BigRange(min = "0", max = "100") @Scale(3) BigDecimal percent) {
    Money amount = Money.ofMinor(minor, CurrencyUnit.EUR);

    assertThat(amount.percent(percent))
        .isEqualTo(amount.times(percent.divide(BigDecimal.valueOf(100))));
  }

  /**
   * Checks the two promises of an allocation: the parts add up to the amount, and each part is
   * within one minor unit of its exact share amount * w / W, i.e. |part * W - amount * w| < W.
   */
  private static void assertExactProportionalSplit(
      Money amount, List<BigDecimal> weights, List<Money> parts) {
    assertThat(parts).hasSameSizeAs(weights);
    assertThat(parts).allSatisfy(part -> assertThat(part.currency()).isEqualTo(amount.currency()));
    assertThat(sum(parts)).isEqualTo(BigInteger.valueOf(amount.minor()));
    BigDecimal total = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal minor = BigDecimal.valueOf(amount.minor());
    for (int i = 0; i < parts.size(); i++) {
      BigDecimal part = BigDecimal.valueOf(parts.get(i).minor());
      BigDecimal deviation = part.multiply(total).subtract(minor.multiply(weights.get(i))).abs();
      assertThat(deviation).as("deviation of part %d times total weight", i).isLessThan(total);
      if (weights.get(i).signum() == 0) {
        assertThat(parts.get(i).isZero()).as("part %d has weight zero", i).isTrue();
      }
    }
  }

  private static BigInteger sum(List<Money> parts) {
    return parts.stream()
        .map(part -> BigInteger.valueOf(part.minor()))
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static List<BigDecimal> toDecimals(List<Long> weights) {
    List<BigDecimal> decimals = new ArrayList<>();
    for (long weight : weights) {
      decimals.add(BigDecimal.valueOf(weight));
    }
    return decimals;
  }
}
