package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RandomIdsTest {
  @Test
  void idsHaveTheirShapeAndNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String visitor = RandomIds.visitorId(System.currentTimeMillis());
      String click = RandomIds.clickId(i);
      assertThat(visitor).hasSize(22).matches("[A-Za-z0-9_-]+");
      assertThat(click).hasSize(24).matches("[A-Za-z0-9_-]+");
      assertThat(RandomIds.looksLikeVisitorId(visitor)).isTrue();
      assertThat(RandomIds.looksLikeClickId(click)).isTrue();
      assertThat(seen.add(visitor)).isTrue();
      assertThat(seen.add(click)).isTrue();
    }
  }

  @Property
  void aClickIdCarriesItsRowAndSecret(@ForAll @LongRange(min = 0, max = (1L << 48) - 1) long row) {
    String click = RandomIds.clickId(row);
    assertThat(RandomIds.clickRow(click)).isEqualTo(row);
    assertThat(RandomIds.clickId(row, RandomIds.clickSecret(click))).isEqualTo(click);
  }

  @Property
  void aVisitorIdCarriesTheTimeItWasMade(
      @ForAll @LongRange(min = 0, max = (1L << 48) - 1) long millis) {
    assertThat(RandomIds.visitorMadeAtMillis(RandomIds.visitorId(millis))).isEqualTo(millis);
  }

  @Test
  void clickIdsSortByTheirRowAndVisitorIdsByTheirTime() {
    List<String> clicks = new ArrayList<>();
    List<String> visitors = new ArrayList<>();
    for (long n = 0; n < 2_000; n++) {
      clicks.add(RandomIds.clickId(n * 7919));
      visitors.add(RandomIds.visitorId(1_700_000_000_000L + n * 37));
    }
    assertThat(clicks).isSorted();
    assertThat(visitors).isSorted();
  }

  @Test
  void theSecretHasNinetySixRandomBits() {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      secrets.add(RandomIds.clickSecret(RandomIds.clickId(42)));
    }
    assertThat(secrets).hasSize(10_000);
  }

  /**
   * The random bytes come from a pool each thread refills from its DRBG: an offset or length wrong
   * there leaves some bits always zero (or always the same) while ids still differ.
   */
  @Test
  void everyBitOfTheSecretIsSetAboutHalfTheTimeAcrossPoolRefills() {
    String alphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    int[] ones = new int[RandomIds.SECRET_LENGTH * 6];
    int draws = 10_000;
    for (int i = 0; i < draws; i++) {
      RandomIds.visitorId(i); // interleaved as on a click, so refills fall at every offset
      String secret = RandomIds.clickSecret(RandomIds.clickId(i));
      for (int c = 0; c < secret.length(); c++) {
        int value = alphabet.indexOf(secret.charAt(c));
        for (int bit = 0; bit < 6; bit++) {
          ones[c * 6 + bit] += (value >>> (5 - bit)) & 1;
        }
      }
    }
    for (int bit = 0; bit < ones.length; bit++) {
      assertThat(ones[bit]).as("bit %d of the secret", bit).isBetween(draws * 2 / 5, draws * 3 / 5);
    }
  }

  @Test
  void refusesWhatIsNotAnId() {
    assertThat(RandomIds.looksLikeVisitorId(null)).isFalse();
    assertThat(RandomIds.looksLikeVisitorId("short")).isFalse();
    assertThat(RandomIds.looksLikeVisitorId("abcdefghijklmnopqrstu=")).isFalse();
    assertThat(RandomIds.looksLikeClickId("abcdefghijklmnopqrstuvwx".replace('x', '\u00e9')))
        .isFalse();
    assertThat(RandomIds.looksLikeClickId(RandomIds.visitorId(0))).isFalse();
    assertThatThrownBy(() -> RandomIds.clickId(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RandomIds.clickId(1L << 48))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
