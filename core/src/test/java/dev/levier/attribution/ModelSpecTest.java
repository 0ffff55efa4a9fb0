package dev.levier.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

  private static ModelSpecException refused(String model, Map<String, String> options) {
    try {
      ModelSpec.parse(model, options);
    } catch (ModelSpecException e) {
      return e;
    }
    throw new AssertionError("accepted: " + model + " " + options);
  }

  @Test
  void everyNameGivesItsModelWithDefaults() {
    assertThat(ModelSpec.parse("last", Map.of()).toModel()).isEqualTo(new LastTouch());
    assertThat(ModelSpec.parse("first", Map.of()).toModel()).isEqualTo(new FirstTouch());
    assertThat(ModelSpec.parse("linear", Map.of()).toModel()).isEqualTo(new Linear());
    assertThat(ModelSpec.parse("time-decay", Map.of()).toModel()).isEqualTo(new TimeDecay(7));
    assertThat(ModelSpec.parse("position", Map.of()).toModel()).isEqualTo(PositionBased.DEFAULT);
    assertThat(ModelSpec.parse("role", Map.of()).toModel()).isEqualTo(RoleBased.DEFAULT);
    assertThat(ModelSpec.parse("markov", Map.of()).toModel()).isEqualTo(new MarkovChain(1));
    assertThat(ModelSpec.parse("shapley", Map.of()).toModel()).isEqualTo(new Shapley(false));
    assertThat(ModelSpec.parse("shapley-ordered", Map.of()).toModel()).isEqualTo(new Shapley(true));
  }

  @Test
  void optionsSetTheirModel() {
    assertThat(ModelSpec.parse("markov", Map.of("order", "3")).toModel())
        .isEqualTo(new MarkovChain(3));
    assertThat(ModelSpec.parse("time-decay", Map.of("half-life-days", "0.5")).toModel())
        .isEqualTo(new TimeDecay(0.5));
    assertThat(ModelSpec.parse("position", Map.of("position", "30/40/30")).toModel())
        .isEqualTo(new PositionBased(0.3, 0.4, 0.3));
    assertThat(
            ModelSpec.parse("role", Map.of("roles", " 25 / 25/50 ", "multi-role", "strongest"))
                .toModel())
        .isEqualTo(new RoleBased(0.25, 0.25, 0.5, RoleBased.MultiRole.STRONGEST));
    // Decimal percentages that add up to 100 exactly, which doubles alone would not.
    assertThat(ModelSpec.parse("position", Map.of("position", "33.3/33.4/33.3")).position())
        .hasToString("33.3/33.4/33.3");
  }

  @Test
  void specsWithTheSameSettingsAreEqual() {
    assertThat(ModelSpec.parse("position", Map.of("position", "40/20/40")))
        .isEqualTo(ModelSpec.of(ModelSpec.Kind.POSITION));
    assertThat(ModelSpec.of(ModelSpec.Kind.TIME_DECAY).name()).isEqualTo("time-decay");
  }

  @Test
  void mistakesNameTheirOption() {
    ModelSpecException unknown = refused("u-shaped", Map.of());
    assertThat(unknown.option()).isEqualTo("model");
    assertThat(unknown)
        .hasMessage(
            "model: 'u-shaped' is not one of"
                + " last|first|linear|time-decay|position|role|markov|shapley|shapley-ordered");

    assertThat(refused("markov", Map.of("order", "0")))
        .hasMessage("order: must be a whole number from 1 to 4, not '0'");
    assertThat(refused("markov", Map.of("order", "two")).option()).isEqualTo("order");
    assertThat(refused("time-decay", Map.of("half-life-days", "-1")))
        .hasMessageStartingWith("half-life-days: must be a number of days above 0");
    assertThat(refused("time-decay", Map.of("half-life-days", "0")).option())
        .isEqualTo("half-life-days");
    assertThat(refused("position", Map.of("position", "40/20/30")))
        .hasMessage(
            "position: the shares first/middle/last must add up to 100, not 90 ('40/20/30')");
    assertThat(refused("position", Map.of("position", "50/50")))
        .hasMessage(
            "position: three percentages first/middle/last adding up to 100, such as 40/20/40,"
                + " not '50/50'");
    assertThat(refused("role", Map.of("roles", "120/-10/-10")))
        .hasMessage("roles: '120' is not a percentage from 0 to 100 (in '120/-10/-10')");
    assertThat(refused("role", Map.of("multi-role", "max")))
        .hasMessage("multi-role: must be sum or strongest, not 'max'");
  }

  @Test
  void anOptionOfAnotherModelOrUnknownIsRefused() {
    assertThat(refused("linear", Map.of("order", "2")))
        .hasMessage("order: applies only to markov, not to linear");
    assertThat(refused("position", Map.of("multi-role", "sum")))
        .hasMessage("multi-role: applies only to role, not to position");
    assertThat(refused("last", Map.of("window", "30")).option()).isEqualTo("window");
    assertThat(ModelSpec.modelOf("multi-role")).isEqualTo(ModelSpec.Kind.ROLE);
  }

  @Test
  void allModelsTakeTheirOwnOptions() {
    List<ModelSpec> all =
        ModelSpec.parseAll(Map.of("order", "2", "position", "30/40/30", "half-life-days", "3"));

    assertThat(all)
        .extracting(ModelSpec::name)
        .containsExactly(
            "last",
            "first",
            "linear",
            "time-decay",
            "position",
            "role",
            "markov",
            "shapley",
            "shapley-ordered");
    assertThat(all.get(3).toModel()).isEqualTo(new TimeDecay(3));
    assertThat(all.get(4).toModel()).isEqualTo(new PositionBased(0.3, 0.4, 0.3));
    assertThat(all.get(6).toModel()).isEqualTo(new MarkovChain(2));
    assertThat(all.get(0)).isEqualTo(ModelSpec.of(ModelSpec.Kind.LAST));
    assertThatThrownBy(() -> ModelSpec.parseAll(Map.of("order", "9")))
        .isInstanceOf(ModelSpecException.class)
        .hasMessageStartingWith("order:");
    assertThatThrownBy(() -> ModelSpec.parseAll(Map.of("speed", "9")))
        .hasMessageStartingWith("speed: is not an option");
  }

  @Test
  void theIssueExampleReadThroughTheSpecs() {
    Paths paths =
        PathSummaryReader.read(
            new java.io.StringReader(
                PathSummaryReader.HEADER
                    + "\ndirect;2;40;1\nsearch > email;3;60;2\nsearch > social > email;5;100;4\n"));

    Credits first = ModelSpec.parse("first", Map.of()).toModel().attribute(paths);
    assertThat(first.of("search").orElseThrow().conversions()).isEqualTo(8);
    assertThat(first.of("search").orElseThrow().value()).isEqualTo(160);
    assertThat(first.of("email").orElseThrow().conversions()).isZero();

    Credits position = ModelSpec.parse("position", Map.of()).toModel().attribute(paths);
    assertThat(position.of("social").orElseThrow().conversions()).isCloseTo(1, within());
    assertThat(position.of("email").orElseThrow().conversions()).isCloseTo(3.5, within());
    assertThat(position.of("email").orElseThrow().value()).isCloseTo(70, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
