package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

class LastTouchAttributionPropertyTest {

  private static final Instant ORDER = Instant.parse("2026-05-01T12:00:00Z");

  private static final List<TouchKind> KINDS =
      List.of(TouchKind.CLICK, TouchKind.COUPON, TouchKind.VISITOR_CLICK, TouchKind.CUSTOMER_CLICK);

  /** The window and the touches found by each key, in the order of the keys. */
  record Scenario(Duration window, List<List<Touch>> byKey) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.longs()
        .between(1, 60L * 86_400)
        .flatMap(
            windowSeconds -> {
              Duration window = Duration.ofSeconds(windowSeconds);
              return Combinators.combine(
                      touches(TouchKind.CLICK, windowSeconds),
                      touches(TouchKind.COUPON, windowSeconds),
                      touches(TouchKind.VISITOR_CLICK, windowSeconds),
                      touches(TouchKind.CUSTOMER_CLICK, windowSeconds))
                  .as((a, b, c, d) -> new Scenario(window, List.of(a, b, c, d)));
            });
  }

  /** Touches of one kind, around the order and the window's far edge, exact edges included. */
  private static Arbitrary<List<Touch>> touches(TouchKind kind, long windowSeconds) {
    Arbitrary<Long> secondsBefore =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-windowSeconds / 2 - 1, 2 * windowSeconds),
            Arbitraries.of(0L, -1L, windowSeconds, windowSeconds + 1));
    Arbitrary<Long> nanos =
        Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(-1, 1));
    Arbitrary<Touch> touch =
        Combinators.combine(
                secondsBefore,
                nanos,
                Arbitraries.integers().between(1, 1000),
                Arbitraries.of(true, false))
            .as(
                (seconds, nano, id, commissionable) -> {
                  Instant at = ORDER.minusSeconds(seconds).plusNanos(nano);
                  return kind == TouchKind.COUPON
                      ? Touch.coupon(at, "prt_" + id, "pub_" + id, commissionable)
                      : Touch.click(kind, at, "prt_" + id, "pub_" + id, "C" + id, commissionable);
                });
    return touch.list().ofMaxSize(5);
  }

  @Property
  void creditsTheLatestValidTouchOfTheFirstKeyThatHasOne(@ForAll("scenarios") Scenario s) {
    List<List<Touch>> byKey = s.byKey();
    Attribution result =
        LastTouchAttribution.attribute(
            ORDER, s.window(), byKey.get(0), byKey.get(1), byKey.get(2), byKey.get(3));

    Touch expected = null;
    for (List<Touch> touches : byKey) {
      expected = latestValid(touches, s.window());
      if (expected != null) {
        break;
      }
    }
    assertThat(result.touch()).isSameAs(expected);
    assertThat(result.notes()).isNotEmpty();
    if (expected == null) {
      assertThat(result.key()).isEqualTo(AttributionKey.NONE);
    } else {
      assertThat(result.key()).isEqualTo(expected.kind().key());
    }
  }

  @Property
  void neverCreditsATouchAfterTheOrderOrOutsideTheWindow(@ForAll("scenarios") Scenario s) {
    List<List<Touch>> byKey = s.byKey();
    Attribution result =
        LastTouchAttribution.attribute(
            ORDER, s.window(), byKey.get(0), byKey.get(1), byKey.get(2), byKey.get(3));

    Touch touch = result.touch();
    if (touch != null) {
      assertThat(touch.occurredAt()).isBeforeOrEqualTo(ORDER);
      assertThat(touch.occurredAt()).isAfterOrEqualTo(ORDER.minus(s.window()));
    }
  }

  /** The reference rule, written independently: latest in the window, first listed on a tie. */
  private static @Nullable Touch latestValid(List<Touch> touches, Duration window) {
    Instant earliest = ORDER.minus(window);
    Touch best = null;
    for (Touch touch : touches) {
      Instant at = touch.occurredAt();
      boolean valid = !at.isAfter(ORDER) && !at.isBefore(earliest);
      if (valid && (best == null || at.isAfter(best.occurredAt()))) {
        best = touch;
      }
    }
    return best;
  }
}
