package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class IpAddressPropertyTest {

  @Provide
  Arbitrary<IpAddress> v4() {
    return Arbitraries.integers().map(IpAddress::ofV4);
  }

  /**
   * Uniform bits, and addresses with runs of zero groups, the cases where "::" must be placed. The
   * IPv4-mapped block is left out: those addresses are IPv4 and print in dotted form.
   */
  @Provide
  Arbitrary<IpAddress> v6() {
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.just(1)),
            Tuple.of(2, Arbitraries.integers().between(0, 0xffff)));
    Arbitrary<IpAddress> sparse =
        group
            .list()
            .ofSize(8)
            .map(
                groups -> {
                  long high = 0;
                  long low = 0;
                  for (int i = 0; i < 4; i++) {
                    high = high << 16 | groups.get(i);
                    low = low << 16 | groups.get(i + 4);
                  }
                  return IpAddress.fromBits(high, low);
                });
    Arbitrary<IpAddress> uniform =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(IpAddress::fromBits);
    return Arbitraries.oneOf(sparse, uniform).filter(address -> !address.isV4());
  }

  @Provide
  Arbitrary<IpAddress> any() {
    return Arbitraries.oneOf(v4(), v6());
  }

  @Property
  void parseReadsBackWhatToStringWritesForIpv4(@ForAll("v4") IpAddress address) {
    assertThat(address.isV4()).isTrue();
    assertThat(IpAddress.parse(address.toString())).isEqualTo(address);
    assertThat(IpAddress.parse("::ffff:" + address)).isEqualTo(address);
    assertThat(IpAddress.parse("[::ffff:" + address + "]")).isEqualTo(address);
  }

  /** The generator once drew ::ffff:0.0.0.0 as an IPv6 address, which prints in dotted form. */
  @Property
  void anIpv4MappedAddressIsIpv4HoweverItIsDrawn(@ForAll int bits) {
    IpAddress mapped = IpAddress.fromBits(0, 0xffffL << 32 | Integer.toUnsignedLong(bits));

    assertThat(mapped.isV4()).isTrue();
    assertThat(mapped).isEqualTo(IpAddress.ofV4(bits));
    assertThat(mapped.toString()).doesNotContain(":");
  }

  @Property
  void parseReadsBackWhatToStringWritesForIpv6(@ForAll("v6") IpAddress address) {
    String text = address.toString();

    assertThat(IpAddress.parse(text)).isEqualTo(address);
    assertThat(IpAddress.parse("[" + text + "]")).isEqualTo(address);
  }

  @Property
  void theFullUpperCaseFormMeansTheSameAddress(@ForAll("v6") IpAddress address) {
    StringBuilder full = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      long half = i < 4 ? address.high() : address.low();
      int group = (int) (half >>> (16 * (3 - (i & 3)))) & 0xffff;
      full.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%04X", group));
    }

    assertThat(IpAddress.parse(full.toString())).isEqualTo(address);
  }

  @Property
  void canonicalIpv6TextFollowsRfc5952(@ForAll("v6") IpAddress address) {
    String text = address.toString();
    if (address.isV4()) {
      return;
    }
    assertThat(text).isLowerCase().doesNotContain(":::");
    assertThat(text.indexOf("::")).isEqualTo(text.lastIndexOf("::"));
    assertThat(text).doesNotContainPattern("(^|:)0[0-9a-f]");
  }

  @Property
  void comparisonIsThatOfUnsigned128BitNumbers(
      @ForAll("any") IpAddress a, @ForAll("any") IpAddress b) {
    assertThat(Integer.signum(a.compareTo(b)))
        .isEqualTo(Integer.signum(asNumber(a).compareTo(asNumber(b))));
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
  }

  @Property
  void truncationClearsTheHostPartAndKeepsTheFamily(@ForAll("any") IpAddress address) {
    IpAddress truncated = address.truncated();
    int hostBits = address.isV4() ? 8 : 80;
    BigInteger hostMask = BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE);

    assertThat(asNumber(truncated)).isEqualTo(asNumber(address).andNot(hostMask));
    assertThat(truncated.isV4()).isEqualTo(address.isV4());
    assertThat(truncated.compareTo(address)).isLessThanOrEqualTo(0);
  }

  private static BigInteger asNumber(IpAddress address) {
    return new BigInteger(Long.toUnsignedString(address.high()))
        .shiftLeft(64)
        .or(new BigInteger(Long.toUnsignedString(address.low())));
  }
}
