package dev.levier.commission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class NamesIgnoringCaseTest {
  /**
   * Letters with unusual case rules, letters beyond the basic plane with a case (Deseret 𐐀 and 𐐨)
   * and without (an emoji), lone surrogates, and plain characters. Names have no surrogates (the
   * engine does not index those); texts looked up may.
   */
  static final List<String> ALPHABET =
      List.of(
          "a",
          "A",
          "k",
          "K",
          "\u212A",
          "s",
          "\u017F",
          "ß",
          "i",
          "I",
          "\u0130",
          "\u0131",
          "µ",
          "μ",
          "Μ",
          "Ǆ",
          "ǅ",
          "ǆ",
          "é",
          "É",
          "σ",
          "ς",
          "Σ",
          "\uD801\uDC00",
          "\uD801\uDC28",
          "\uD801\uDC01",
          "\uD83D\uDE00",
          "\uD801",
          "\uDC28",
          " ",
          "1",
          "-");

  @Property(tries = 3000)
  void findsWhatTheCaseInsensitiveOrderFinds(@ForAll long seed) {
    Random random = new Random(seed);
    TreeSet<String> distinct = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    int count = random.nextInt(12);
    while (distinct.size() < count) {
      String name = text(random);
      if (!NamesIgnoringCase.hasSurrogate(name)) {
        distinct.add(name);
      }
    }
    List<String> names = new ArrayList<>(distinct);
    NamesIgnoringCase table = new NamesIgnoringCase(names);

    for (int n = 0; n < 50; n++) {
      String probe =
          random.nextBoolean() && !names.isEmpty()
              ? variant(random, names.get(random.nextInt(names.size())))
              : text(random);
      int expected = -1;
      for (int p = 0; p < names.size(); p++) {
        if (String.CASE_INSENSITIVE_ORDER.compare(names.get(p), probe) == 0) {
          expected = p;
        }
      }
      assertThat(table.find(probe)).as("%s in %s", probe, names).isEqualTo(expected);
    }
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(6);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.get(random.nextInt(ALPHABET.size())));
    }
    return text.toString();
  }

  /** The text with the case of some characters (code points) changed, as a feed might. */
  private static String variant(Random random, String text) {
    StringBuilder changed = new StringBuilder();
    text.codePoints()
        .forEach(
            c ->
                changed.appendCodePoint(
                    switch (random.nextInt(3)) {
                      case 0 -> Character.toUpperCase(c);
                      case 1 -> Character.toLowerCase(c);
                      default -> c;
                    }));
    return changed.toString();
  }
}
