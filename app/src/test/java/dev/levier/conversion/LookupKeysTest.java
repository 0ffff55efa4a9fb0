package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.storage.Sql;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupKeysTest {
  @Test
  void keysArePaddedWithNullsToAPowerOfTwoOfAtLeastEight() {
    for (int count : new int[] {1, 7, 8, 9, 16, 17, 64, 65, 500}) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        values.add("k" + i);
      }

      List<Object> keys = ConversionProcessor.keys(values, Sql.NULL_TEXT);

      int expected = count <= 8 ? 8 : Integer.highestOneBit(count - 1) * 2;
      assertThat(keys).as("%d keys", count).hasSize(expected);
      assertThat(keys.subList(0, count)).as("%d keys", count).isEqualTo(values);
      assertThat(keys.subList(count, expected))
          .as("%d keys", count)
          .allMatch(k -> k == Sql.NULL_TEXT);
    }
  }
}
