package dev.levier.attribution;

import static dev.levier.attribution.PathsFixtures.credit;
import static dev.levier.attribution.PathsFixtures.paths;
import static dev.levier.attribution.PathsFixtures.sumConversions;
import static dev.levier.attribution.PathsFixtures.sumValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.levier.attribution.PathsFixtures.Row;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties every data-driven model keeps, on random path summaries over five channels. */
class DataDrivenModelsPropertyTest {

  private static final int CHANNELS = 5;

  @Provide
  Arbitrary<List<Row>> rows() {
    return PathsFixtures.rows(CHANNELS);
  }

  @Provide
  Arbitrary<AttributionModel> models() {
    return Arbitraries.of(
        new MarkovChain(1),
        new MarkovChain(2),
        new MarkovChain(3),
        new MarkovChain(4),
        new Shapley(false),
        new Shapley(true),
        new LastTouch(),
        new Linear(),
        PositionBased.DEFAULT);
  }

  @Property
  void creditsAddUpToTheConversionsAndTheValue(
      @ForAll("models") AttributionModel model, @ForAll("rows") List<Row> rows) {
    Paths paths = paths(CHANNELS, rows);

    Credits credits = model.attribute(paths);

    assertThat(sumConversions(credits))
        .isCloseTo(paths.totalConversions(), within(1e-9 * (1 + paths.totalConversions())));
    assertThat(sumValues(credits))
        .isCloseTo(paths.totalValue(), within(1e-9 * (1 + paths.totalValue())));
    assertThat(credits.byChannel())
        .allSatisfy(c -> assertThat(c.conversions()).isGreaterThanOrEqualTo(0).isFinite());
  }

  @Property
  void aChannelThatNeverAppearsChangesNothingAndEarnsNothing(
      @ForAll("models") AttributionModel model, @ForAll("rows") List<Row> rows) {
    Paths without = paths(CHANNELS, rows);
    // One more channel is numbered but no path touches it.
    Paths with = paths(CHANNELS + 1, rows);

    Credits before = model.attribute(without);
    Credits after = model.attribute(with);

    assertThat(credit(after, "c" + CHANNELS).conversions()).isZero();
    for (ChannelCredit c : before.byChannel()) {
      assertThat(credit(after, c.channel()).conversions()).isCloseTo(c.conversions(), within(1e-9));
    }
  }

  @Property
  void channelsThatPlayTheSamePartGetTheSameCredit(
      @ForAll("models") AttributionModel model, @ForAll("rows") List<Row> rows) {
    // Adding every path again with c0 and c1 swapped makes the two channels interchangeable.
    List<Row> symmetric = new ArrayList<>(rows);
    symmetric.addAll(PathsFixtures.swapFirstTwo(rows));
    Paths paths = paths(CHANNELS, symmetric);

    Credits credits = model.attribute(paths);

    assertThat(credit(credits, "c0").conversions())
        .isCloseTo(credit(credits, "c1").conversions(), within(1e-9));
    assertThat(credit(credits, "c0").value())
        .isCloseTo(credit(credits, "c1").value(), within(1e-7));
  }

  @Property
  void higherOrdersAgreeWithTheFirstOnJourneysOfOneTouch(
      @ForAll("rows") List<Row> rows, @ForAll("orders") int order) {
    List<Row> single = new ArrayList<>();
    for (Row row : rows) {
      single.add(
          new Row(List.of(row.path().get(0)), row.conversions(), row.valueEach(), row.nulls()));
    }
    Paths paths = paths(CHANNELS, single);

    Credits first = new MarkovChain(1).attribute(paths);
    Credits higher = new MarkovChain(order).attribute(paths);

    for (ChannelCredit c : first.byChannel()) {
      assertThat(credit(higher, c.channel()).conversions())
          .isCloseTo(c.conversions(), within(1e-9));
      assertThat(credit(higher, c.channel()).value()).isCloseTo(c.value(), within(1e-7));
    }
  }

  @Provide
  Arbitrary<Integer> orders() {
    return Arbitraries.integers().between(2, MarkovChain.MAX_ORDER);
  }

  @Property
  void shapleyOverCoalitionsEqualsTheSimplifiedFormula(@ForAll("wideRows") List<Row> rows) {
    // Zhao et al. (arXiv:1804.05327, section 3) prove the two equal for v(S) = conversions of the
    // journeys whose channels all lie in S; this checks the two computations agree.
    Paths paths = paths(12, rows);

    double[][] coalitions = Shapley.overCoalitions(paths);
    double[][] simplified = Shapley.simplified(paths);

    for (int c = 0; c < 12; c++) {
      assertThat(coalitions[0][c]).isCloseTo(simplified[0][c], within(1e-9));
      assertThat(coalitions[1][c]).isCloseTo(simplified[1][c], within(1e-7));
    }
  }

  @Provide
  Arbitrary<List<Row>> wideRows() {
    return PathsFixtures.rows(12);
  }

  @Property
  void orderedShapleyPositionsAddUpToThePlainValue(@ForAll("rows") List<Row> rows) {
    Paths paths = paths(CHANNELS, rows);

    Credits plain = new Shapley(false).attribute(paths);
    List<PositionCredit> positions = new Shapley(true).byPosition(paths);

    for (ChannelCredit c : plain.byChannel()) {
      double sum =
          positions.stream()
              .filter(p -> p.channel().equals(c.channel()))
              .mapToDouble(PositionCredit::conversions)
              .sum();
      assertThat(sum).isCloseTo(c.conversions(), within(1e-9));
    }
  }

  @Property
  void shapleyIgnoresJourneysWithoutConversion(@ForAll("rows") List<Row> rows) {
    List<Row> noNulls = new ArrayList<>();
    for (Row row : rows) {
      noNulls.add(new Row(row.path(), row.conversions(), row.valueEach(), 0));
    }

    Credits with = new Shapley(false).attribute(paths(CHANNELS, rows));
    Credits without = new Shapley(false).attribute(paths(CHANNELS, noNulls));

    assertThat(with).isEqualTo(without);
  }
}
