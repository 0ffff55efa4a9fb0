package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryPathTest {

  @Test
  void parsesSegmentsAndTrimsEach() {
    CategoryPath path = CategoryPath.parse("  Electronics>Phones >  Smart phones ");

    assertThat(path.segments()).containsExactly("Electronics", "Phones", "Smart phones");
    assertThat(path.depth()).isEqualTo(3);
    assertThat(path.leaf()).isEqualTo("Smart phones");
    assertThat(path).hasToString("Electronics > Phones > Smart phones");
  }

  @Test
  void aSingleSegmentIsATopLevelCategory() {
    assertThat(CategoryPath.parse("Garden")).isEqualTo(CategoryPath.of("Garden"));
  }

  @Test
  void toStringReadsBack() {
    CategoryPath path = CategoryPath.of("Home & Garden", "Tools", "Saws");

    assertThat(CategoryPath.parse(path.toString())).isEqualTo(path);
  }

  @Test
  void eightSegmentsAreAcceptedAndNineAreNot() {
    assertThat(CategoryPath.parse("a>b>c>d>e>f>g>h").depth()).isEqualTo(8);
    assertThatThrownBy(() -> CategoryPath.parse("a>b>c>d>e>f>g>h>i"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("category path has 9 segments; at most 8 are allowed");
  }

  @Test
  void aPathOfManySeparatorsIsRefusedByItsCount() {
    assertThatThrownBy(() -> CategoryPath.parse(">".repeat(1_000_000)))
        .hasMessage("category path has 1000001 segments; at most 8 are allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void refusesAnEmptyPath(String text) {
    assertThatThrownBy(() -> CategoryPath.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("category path is empty");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Electronics > > Phones | category segment 2 is empty",
        "> Phones | category segment 1 is empty",
        "Electronics > | category segment 2 is empty",
        "Electronics >> Phones | category segment 2 is empty"
      })
  void refusesEmptySegments(String text, String message) {
    assertThatThrownBy(() -> CategoryPath.parse(text)).hasMessage(message);
  }

  @Test
  void segmentsHoldAtMostAHundredCharacters() {
    assertThat(CategoryPath.parse("a".repeat(100) + " > b").segments().get(0)).hasSize(100);
    assertThatThrownBy(() -> CategoryPath.parse("a > " + "b".repeat(101)))
        .hasMessage("category segment 2 is 101 characters long; at most 100 are allowed");
  }

  @Test
  void refusesControlCharacters() {
    assertThatThrownBy(() -> CategoryPath.parse("Phones > Smart\u0000phones"))
        .hasMessage(
            "category segment 2 contains a control character (U+0000) at position 6;"
                + " control characters are not allowed");
  }

  @Test
  void theConstructorKeepsOneSpellingPerPath() {
    assertThatThrownBy(() -> new CategoryPath(List.of()))
        .hasMessage("a category path needs at least one segment");
    assertThatThrownBy(() -> CategoryPath.of("Phones", " Smartphones"))
        .hasMessage("category segment 2 starts or ends with white space");
    assertThatThrownBy(() -> CategoryPath.of("TV > Audio"))
        .hasMessage("category segment 1 \"TV > Audio\" contains '>', which separates segments");
    assertThatThrownBy(() -> CategoryPath.of("Phones", ""))
        .hasMessage("category segment 2 is empty");
  }

  @Test
  void segmentsAreCopied() {
    List<String> segments = new java.util.ArrayList<>(List.of("a", "b"));
    CategoryPath path = new CategoryPath(segments);
    segments.add("c");

    assertThat(path.depth()).isEqualTo(2);
  }

  @Test
  void aRuleOnAnAncestorMatchesEveryDescendantAndItself() {
    CategoryPath electronics = CategoryPath.parse("Electronics");
    CategoryPath phones = CategoryPath.parse("Electronics > Phones");
    CategoryPath smartphones = CategoryPath.parse("Electronics > Phones > Smartphones");

    assertThat(phones.isWithin(electronics)).isTrue();
    assertThat(smartphones.isWithin(electronics)).isTrue();
    assertThat(smartphones.isWithin(phones)).isTrue();
    assertThat(phones.isWithin(phones)).isTrue();
    assertThat(electronics.isWithin(phones)).as("a parent is not within its child").isFalse();
  }

  @Test
  void isWithinIgnoresCaseButEqualsDoesNot() {
    CategoryPath sent = CategoryPath.parse("ELECTRONICS > phones");
    CategoryPath rule = CategoryPath.parse("Electronics > Phones");

    assertThat(sent.isWithin(rule)).isTrue();
    assertThat(rule.isWithin(sent)).isTrue();
    assertThat(sent).isNotEqualTo(rule);
  }

  @Test
  void isWithinComparesWholeSegmentsFromTheTop() {
    CategoryPath path = CategoryPath.parse("Electronics > Phones");

    assertThat(path.isWithin(CategoryPath.parse("Phones"))).isFalse();
    assertThat(path.isWithin(CategoryPath.parse("Electro"))).isFalse();
    assertThat(path.isWithin(CategoryPath.parse("Electronics > Phone"))).isFalse();
    assertThat(path.isWithin(CategoryPath.parse("Home > Phones"))).isFalse();
  }
}
