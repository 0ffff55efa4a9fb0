package dev.levier.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HeuristicModelsTest {

  private static double[] weigh(TouchModel model, int... path) {
    double[] weights = new double[path.length];
    model.weigh(path, null, weights);
    return weights;
  }

  @Test
  void positionRenormalisesTheEndsOfATwoTouchJourney() {
    double[] weights = weigh(new PositionBased(0.3, 0.2, 0.5), 0, 1);
    assertThat(weights[0]).isCloseTo(0.375, within(1e-12));
    assertThat(weights[1]).isCloseTo(0.625, within(1e-12));
    assertThat(weigh(new PositionBased(0, 1, 0), 0, 1)).containsExactly(0.5, 0.5);
  }

  @Test
  void positionSharesTheMiddleEqually() {
    assertThat(weigh(PositionBased.DEFAULT, 0, 1, 2, 3)).containsExactly(0.4, 0.1, 0.1, 0.4);
  }

  @Test
  void roleBasedCountsAnAssistingChannelOnceHoweverOftenItTouched() {
    RoleBased roles = new RoleBased(0.3, 0.2, 0.5, RoleBased.MultiRole.SUM);

    double[] weights = weigh(roles, 0, 1, 1, 1, 2, 3);

    // Channel 1 and 2 assist: 10% each, whatever channel 1's three touches.
    assertThat(weights[0]).isCloseTo(0.3, within(1e-12));
    assertThat(weights[1] + weights[2] + weights[3]).isCloseTo(0.1, within(1e-12));
    assertThat(weights[4]).isCloseTo(0.1, within(1e-12));
    assertThat(weights[5]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void aChannelThatIntroducesAndClosesGetsBothSharesUnderSum() {
    RoleBased roles = new RoleBased(0.3, 0.2, 0.5, RoleBased.MultiRole.SUM);

    double[] weights = weigh(roles, 0, 1, 0);

    assertThat(weights[0] + weights[2]).isCloseTo(0.8, within(1e-12));
    assertThat(weights[1]).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void aChannelThatIntroducesAndClosesKeepsItsLargestRoleUnderStrongest() {
    RoleBased roles = new RoleBased(0.3, 0.2, 0.5, RoleBased.MultiRole.STRONGEST);

    double[] weights = weigh(roles, 0, 1, 0);

    // 50% (closer) against the assist's 20%, scaled to add up to one.
    assertThat(weights[0] + weights[2]).isCloseTo(0.5 / 0.7, within(1e-12));
    assertThat(weights[1]).isCloseTo(0.2 / 0.7, within(1e-12));
  }

  @Test
  void withoutAssistsTheAssistShareGoesToTheEnds() {
    RoleBased roles = new RoleBased(0.3, 0.2, 0.5, RoleBased.MultiRole.SUM);

    assertThat(weigh(roles, 0, 1)[0]).isCloseTo(0.375, within(1e-12));
    assertThat(weigh(roles, 4, 4, 4)).containsExactly(0, 0, 1);
  }

  @Test
  void sharesThatDoNotAddUpToOneAreRefusedWithTheirTotal() {
    assertThatThrownBy(() -> new PositionBased(0.4, 0.4, 0.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("120%");
    assertThatThrownBy(() -> new RoleBased(-0.1, 0.6, 0.5, RoleBased.MultiRole.SUM))
        .hasMessageContaining("introducer");
    assertThatThrownBy(() -> new TimeDecay(0)).hasMessageContaining("half-life");
  }

  @Provide
  Arbitrary<int[]> paths() {
    return Arbitraries.integers()
        .between(0, 5)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12)
        .map(list -> list.stream().mapToInt(Integer::intValue).toArray());
  }

  @Provide
  Arbitrary<TouchModel> models() {
    return Arbitraries.of(
        List.of(
            new LastTouch(),
            new FirstTouch(),
            new Linear(),
            new TimeDecay(7),
            new TimeDecay(0.5),
            PositionBased.DEFAULT,
            new PositionBased(0, 1, 0),
            RoleBased.DEFAULT,
            new RoleBased(0, 1, 0, RoleBased.MultiRole.STRONGEST),
            new RoleBased(0.5, 0, 0.5, RoleBased.MultiRole.STRONGEST)));
  }

  @Property
  void everyModelSharesEachJourneyWhole(
      @ForAll("models") TouchModel model, @ForAll("paths") int[] path) {
    double[] weights = weigh(model, path);
    double total = 0;
    for (double weight : weights) {
      assertThat(weight).isBetween(0.0, 1.0);
      total += weight;
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
  }

  @Property
  void creditsOfPathsAddUpToTheirConversionsAndValue(
      @ForAll("models") TouchModel model, @ForAll("paths") int[] path) {
    Paths.Builder builder = Paths.builder();
    for (int c = 0; c < 6; c++) {
      builder.channel("c" + c);
    }
    Paths paths = builder.add(path, null, 7, 12.5, 3).add(new int[] {0}, null, 2, 1, 0).build();

    Credits credits = model.attribute(paths);

    assertThat(credits.byChannel().stream().mapToDouble(ChannelCredit::conversions).sum())
        .isCloseTo(9, within(1e-9));
    assertThat(credits.byChannel().stream().mapToDouble(ChannelCredit::value).sum())
        .isCloseTo(13.5, within(1e-9));
  }
}
