package dev.levier.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.errors.RateLimitedException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void allowsABurstThenTheSteadyRate() {
    RateLimiter limiter = new RateLimiter(10, 5);
    for (int i = 0; i < 5; i++) {
      limiter.acquire("k", 0);
    }
    assertThatThrownBy(() -> limiter.acquire("k", 0))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.retryAfterSeconds()).isEqualTo(1));
    assertThatCode(() -> limiter.acquire("k", SECOND / 10)).doesNotThrowAnyException();
    assertThatThrownBy(() -> limiter.acquire("k", SECOND / 10))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void refillsNoHigherThanTheBurst() {
    RateLimiter limiter = new RateLimiter(100, 2);
    limiter.acquire("k", 0);
    limiter.acquire("k", 0);
    long later = 60 * SECOND;
    limiter.acquire("k", later);
    limiter.acquire("k", later);
    assertThatThrownBy(() -> limiter.acquire("k", later)).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void keysDoNotShareABudget() {
    RateLimiter limiter = new RateLimiter(1, 1);
    limiter.acquire("a", 0);
    assertThatCode(() -> limiter.acquire("b", 0)).doesNotThrowAnyException();
  }
}
