package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicIdsTest {

  @Test
  void randomIdsHaveTheirShapeAndDiffer() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = PublicIds.next("adv");
      assertThat(PublicIds.looksLike("adv", id)).as(id).isTrue();
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void orderedIdsHaveTheSameShapeAndSortByTheirTime() {
    long start = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    List<String> made = new ArrayList<>();
    for (long ms = start; ms < start + 2_000; ms += 7) {
      made.add(PublicIds.ordered("cnv", ms));
    }
    // The last millisecond the 42 bits hold, and the first they do not (2109), which wraps.
    made.add(PublicIds.ordered("cnv", (1L << 42) - 1));
    assertThat(made).allMatch(id -> PublicIds.looksLike("cnv", id));
    assertThat(made).isSorted();
    assertThat(PublicIds.ordered("cnv", 1L << 42)).isLessThan(made.get(0));
  }

  @Test
  void orderedIdsOfTheSameMillisecondDiffer() {
    long now = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(PublicIds.ordered("com", now));
    }
    assertThat(ids).hasSize(10_000);
    // They share the time's leading characters and differ after them.
    assertThat(ids).allMatch(id -> id.startsWith(PublicIds.ordered("com", now).substring(0, 12)));
  }
}
