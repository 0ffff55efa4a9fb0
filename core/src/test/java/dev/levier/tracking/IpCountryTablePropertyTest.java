package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.geo.CountryCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

class IpCountryTablePropertyTest {

  private static final List<CountryCode> COUNTRIES =
      List.of("FR", "DE", "US", "JP", "BR", "ZA").stream().map(CountryCode::of).toList();

  record Range(IpAddress start, IpAddress end, CountryCode country) {}

  /**
   * Addresses clustered in a few small neighbourhoods, so that ranges are dense, touch, and the
   * probes land on their edges; a family is picked per neighbourhood, so IPv4 and IPv6 mix.
   */
  @Provide
  Arbitrary<List<IpAddress>> points() {
    Arbitrary<IpAddress> v4 =
        Combinators.combine(
                Arbitraries.of(0x0a000000, 0x7fffff00, 0xffffff00, 0xc0000200),
                Arbitraries.integers().between(0, 255))
            .as((base, offset) -> IpAddress.ofV4(base + offset));
    Arbitrary<IpAddress> v6 =
        Combinators.combine(
                Arbitraries.of(0x2001_0db8_0000_0000L, 0xffff_ffff_ffff_ffffL, 0L, Long.MIN_VALUE),
                Arbitraries.of(-1L, 0L, 0x8000_0000_0000_0000L),
                Arbitraries.integers().between(-300, 300))
            .as((high, low, offset) -> IpAddress.fromBits(high, low + offset))
            .filter(address -> !address.isV4());
    return Arbitraries.oneOf(v4, v6).list().ofMinSize(0).ofMaxSize(60);
  }

  @Property
  void lookupAgreesWithALinearScan(
      @ForAll("points") List<IpAddress> points,
      @ForAll("points") List<IpAddress> probes,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<Range> ranges = nonOverlapping(points, random);
    List<String> lines = new ArrayList<>();
    for (Range range : ranges) {
      lines.add(range.start() + "," + range.end() + "," + range.country());
    }
    Collections.shuffle(lines, random);
    lines.add(0, "start_ip,end_ip,country");

    IpCountryTable table = IpCountryTable.parse(lines, "random.csv");

    assertThat(table.size()).isEqualTo(ranges.size());
    List<IpAddress> allProbes = new ArrayList<>(probes);
    for (Range range : ranges) {
      allProbes.add(range.start());
      allProbes.add(range.end());
      allProbes.add(neighbour(range.start(), -1));
      allProbes.add(neighbour(range.end(), +1));
    }
    for (IpAddress probe : allProbes) {
      assertThat(table.lookup(probe)).as("%s", probe).isEqualTo(linearScan(ranges, probe));
    }
  }

  /** Sorted distinct points of one family each, paired into ranges; some ranges are one address. */
  private static List<Range> nonOverlapping(List<IpAddress> points, Random random) {
    List<IpAddress> sorted = new ArrayList<>(new TreeSet<>(points));
    List<Range> ranges = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      IpAddress start = sorted.get(i);
      IpAddress end = start;
      if (i + 1 < sorted.size()
          && sorted.get(i + 1).isV4() == start.isV4()
          && random.nextInt(4) != 0) {
        end = sorted.get(i + 1);
        i++;
      }
      i++;
      ranges.add(new Range(start, end, COUNTRIES.get(random.nextInt(COUNTRIES.size()))));
    }
    return ranges;
  }

  private static @Nullable CountryCode linearScan(List<Range> ranges, IpAddress address) {
    for (Range range : ranges) {
      if (address.inRange(range.start(), range.end())) {
        return range.country();
      }
    }
    return null;
  }

  private static IpAddress neighbour(IpAddress address, int step) {
    long low = address.low() + step;
    long high = address.high();
    if (step > 0 && low == 0) {
      high++;
    } else if (step < 0 && low == -1L) {
      high--;
    }
    return IpAddress.fromBits(high, low);
  }
}
