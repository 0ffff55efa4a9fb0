package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CategoryPathPropertyTest {

  @Provide
  Arbitrary<CategoryPath> paths() {
    Arbitrary<String> segment =
        Arbitraries.strings()
            .withChars("abcXYZ &-,éß0")
            .ofMinLength(1)
            .ofMaxLength(CategoryPath.MAX_SEGMENT_LENGTH)
            .map(String::strip)
            .filter(s -> !s.isEmpty());
    return segment.list().ofMinSize(1).ofMaxSize(CategoryPath.MAX_SEGMENTS).map(CategoryPath::new);
  }

  @Property
  void parseReadsBackWhatToStringWrites(@ForAll("paths") CategoryPath path) {
    assertThat(CategoryPath.parse(path.toString())).isEqualTo(path);
  }

  @Property
  void aPathIsWithinEachOfItsPrefixesAndNoLongerPath(@ForAll("paths") CategoryPath path) {
    List<String> segments = path.segments();
    for (int n = 1; n <= segments.size(); n++) {
      CategoryPath prefix = new CategoryPath(segments.subList(0, n));
      assertThat(path.isWithin(prefix)).isTrue();
      assertThat(prefix.isWithin(path)).isEqualTo(n == segments.size());
    }
  }

  @Property
  void caseNeverChangesWhetherAPathIsWithinAnother(@ForAll("paths") CategoryPath path) {
    // Letter by letter, as people vary case; a letter whose capital is two letters (ß, SS) is
    // another spelling, not another case, and is left alone by Character.toUpperCase.
    CategoryPath upper =
        new CategoryPath(path.segments().stream().map(CategoryPathPropertyTest::upper).toList());

    assertThat(path.isWithin(upper)).isTrue();
    assertThat(upper.isWithin(path)).isTrue();
  }

  private static String upper(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    segment.chars().forEach(c -> out.append(Character.toUpperCase((char) c)));
    return out.toString();
  }
}
