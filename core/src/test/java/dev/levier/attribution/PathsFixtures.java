package dev.levier.attribution;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random path summaries for the property tests of the data-driven models. */
final class PathsFixtures {

  private PathsFixtures() {}

  /** One path: channel indexes, conversions, value per conversion and nulls. */
  record Row(List<Integer> path, long conversions, double valueEach, long nulls) {}

  /**
   * Rows over {@code channels} channels named c0, c1…, with a value only where there are
   * conversions.
   */
  static Arbitrary<List<Row>> rows(int channels) {
    Arbitrary<List<Integer>> path =
        Arbitraries.integers().between(0, channels - 1).list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<Row> row =
        Combinators.combine(
                path,
                Arbitraries.longs().between(0, 30),
                Arbitraries.integers().between(1, 200),
                Arbitraries.longs().between(0, 30))
            .as((p, c, v, n) -> new Row(p, c, (double) v, n));
    return row.list().ofMinSize(1).ofMaxSize(25);
  }

  /** The rows as paths, every channel numbered first so that indexes match names. */
  static Paths paths(int channels, List<Row> rows) {
    Paths.Builder builder = Paths.builder();
    for (int c = 0; c < channels; c++) {
      builder.channel("c" + c);
    }
    for (Row row : rows) {
      List<String> names = new ArrayList<>();
      for (int channel : row.path()) {
        names.add("c" + channel);
      }
      builder.add(names, row.conversions(), row.conversions() * row.valueEach(), row.nulls());
    }
    return builder.build();
  }

  /** The rows with channels 0 and 1 swapped in every path. */
  static List<Row> swapFirstTwo(List<Row> rows) {
    List<Row> swapped = new ArrayList<>();
    for (Row row : rows) {
      List<Integer> path = new ArrayList<>();
      for (int channel : row.path()) {
        path.add(channel == 0 ? 1 : channel == 1 ? 0 : channel);
      }
      swapped.add(new Row(path, row.conversions(), row.valueEach(), row.nulls()));
    }
    return swapped;
  }

  static double sumConversions(Credits credits) {
    return credits.byChannel().stream().mapToDouble(ChannelCredit::conversions).sum();
  }

  static double sumValues(Credits credits) {
    return credits.byChannel().stream().mapToDouble(ChannelCredit::value).sum();
  }

  static ChannelCredit credit(Credits credits, String channel) {
    return credits.of(channel).orElseThrow();
  }
}
