package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClickVelocityTest {
  private static final long MINUTE = 29_000_000;

  @Test
  void aKeyIsFlaggedOnceOverItsLimitWithinAMinute() {
    ClickVelocity velocity = new ClickVelocity(3, 100);
    long key = ClickVelocity.key("visitor");

    assertThat(velocity.countAndCheck(key, MINUTE, 0)).isFalse();
    assertThat(velocity.countAndCheck(key, MINUTE, 0)).isFalse();
    assertThat(velocity.countAndCheck(key, MINUTE, 0)).isFalse();
    assertThat(velocity.countAndCheck(key, MINUTE, 0)).isTrue();
    assertThat(velocity.countAndCheck(ClickVelocity.key("another"), MINUTE, 0)).isFalse();
  }

  @Test
  void aNewMinuteStartsFromNothing() {
    ClickVelocity velocity = new ClickVelocity(1, 100);
    long key = ClickVelocity.key(IpAddress.parse("192.0.2.0"));

    velocity.countAndCheck(key, MINUTE, 0);
    assertThat(velocity.countAndCheck(key, MINUTE, 0)).isTrue();
    assertThat(velocity.countAndCheck(key, MINUTE + 1, 0)).isFalse();
  }

  @Test
  void clicksMadeWithoutACountAreAddedToIt() {
    ClickVelocity velocity = new ClickVelocity(2, 100);
    long key = ClickVelocity.key("visitor");

    assertThat(velocity.countAndCheck(key, MINUTE, 1)).isFalse();
    assertThat(velocity.countAndCheck(key, MINUTE, 1)).isTrue();
  }

  @Test
  void pastItsKeysNewKeysAreNotCountedUntilASweepForgetsIdleOnes() {
    ClickVelocity velocity = new ClickVelocity(0, 2);
    assertThat(velocity.countAndCheck(1, MINUTE, 0)).isTrue();
    assertThat(velocity.countAndCheck(2, MINUTE + 1, 0)).isTrue();
    assertThat(velocity.countAndCheck(3, MINUTE + 1, 0)).isFalse();
    assertThat(velocity.size()).isEqualTo(2);

    velocity.sweep(MINUTE + 2);

    assertThat(velocity.size()).isEqualTo(1);
    assertThat(velocity.countAndCheck(3, MINUTE + 2, 0)).isTrue();
  }

  @Test
  void keysOfNeighbouringAddressesAndIdsDiffer() {
    Set<Long> keys = new HashSet<>();
    for (int n = 0; n < 10_000; n++) {
      keys.add(ClickVelocity.key(IpAddress.ofV4(0xc000_0200 + (n << 8))));
      keys.add(ClickVelocity.key(RandomIds.visitorId(1_700_000_000_000L)));
    }
    assertThat(keys).hasSize(20_000);
  }
}
