package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {
  private static final long DAY = 86_400_000L;

  /** Visitor ids shaped like real ones, from a fixed seed: the test sees the same ids every run. */
  private static List<String> visitors(int count) {
    SplittableRandom random = new SplittableRandom(20_261_125L);
    String alphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    List<String> ids = new ArrayList<>(count);
    long madeAt = 1_764_000_000_000L;
    for (int i = 0; i < count; i++) {
      StringBuilder id = new StringBuilder(RandomIds.VISITOR_LENGTH);
      // The first eight characters are the time the id was made, as in RandomIds.
      long time = madeAt + i * 37L;
      for (int shift = 42; shift >= 0; shift -= 6) {
        id.append(alphabet.charAt((int) (time >>> shift) & 63));
      }
      while (id.length() < RandomIds.VISITOR_LENGTH) {
        id.append(alphabet.charAt(random.nextInt(64)));
      }
      ids.add(id.toString());
    }
    return ids;
  }

  @Test
  void aVisitorStaysInItsGroup() {
    HoldoutSplit split = new HoldoutSplit(42L, 2_000, 0, Long.MAX_VALUE);
    HoldoutSplit again = new HoldoutSplit(42L, 2_000, 0, Long.MAX_VALUE);
    for (String visitor : visitors(1_000)) {
      assertThat(split.heldOut(visitor)).isEqualTo(again.heldOut(visitor));
      assertThat(split.heldOut(new StringBuilder(visitor))).isEqualTo(split.heldOut(visitor));
    }
  }

  @Test
  void holdsOutTheShareAskedFor() {
    List<String> visitors = visitors(200_000);
    for (int basisPoints : new int[] {1, 100, 1_000, 1_250, 2_000, 5_000}) {
      HoldoutSplit split = new HoldoutSplit(-7L, basisPoints, 0, Long.MAX_VALUE);
      long heldOut = visitors.stream().filter(split::heldOut).count();
      double expected = visitors.size() * basisPoints / 10_000.0;
      double sd = Math.sqrt(expected * (1 - basisPoints / 10_000.0));
      // Five standard deviations: the ids are fixed, so this either always holds or never does.
      assertThat((double) heldOut)
          .as("%d basis points", basisPoints)
          .isBetween(expected - 5 * sd - 1, expected + 5 * sd + 1);
    }
  }

  @Test
  void everyBucketIsUsedEvenly() {
    int[] counts = new int[10];
    for (String visitor : visitors(100_000)) {
      counts[HoldoutSplit.bucket(99L, visitor) / 1_000]++;
    }
    for (int count : counts) {
      // 10,000 expected per tenth, standard deviation 95.
      assertThat(count).isBetween(9_500, 10_500);
    }
  }

  @Test
  void anotherSaltSplitsTheVisitorsAfresh() {
    HoldoutSplit first = new HoldoutSplit(1L, 5_000, 0, Long.MAX_VALUE);
    HoldoutSplit second = new HoldoutSplit(2L, 5_000, 0, Long.MAX_VALUE);
    List<String> visitors = visitors(20_000);
    long same = visitors.stream().filter(v -> first.heldOut(v) == second.heldOut(v)).count();
    // Independent halves agree half of the time (standard deviation 71).
    assertThat(same).isBetween(9_500L, 10_500L);
  }

  @Test
  void runsFromItsStartToBeforeItsEnd() {
    HoldoutSplit split = new HoldoutSplit(0L, 1_000, DAY, 2 * DAY);
    assertThat(split.runsAt(DAY - 1)).isFalse();
    assertThat(split.runsAt(DAY)).isTrue();
    assertThat(split.runsAt(2 * DAY - 1)).isTrue();
    assertThat(split.runsAt(2 * DAY)).isFalse();
    assertThat(new HoldoutSplit(0L, 1_000, DAY, Long.MAX_VALUE).runsAt(Long.MAX_VALUE - 1))
        .isTrue();
  }

  @Test
  void refusesSharesAndWindowsThatMakeNoSense() {
    assertThatThrownBy(() -> new HoldoutSplit(0L, 0, 0, 1))
        .hasMessage("holdoutBasisPoints must be from 1 to 5000, was 0");
    assertThatThrownBy(() -> new HoldoutSplit(0L, 5_001, 0, 1))
        .hasMessage("holdoutBasisPoints must be from 1 to 5000, was 5001");
    assertThatThrownBy(() -> new HoldoutSplit(0L, 10, 5, 5))
        .hasMessage("endsAtMillis must be after startsAtMillis, was 5 <= 5");
  }
}
