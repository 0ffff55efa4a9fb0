package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bids waiting for their notices: settled once, lapsed when no notice comes, bounded. */
class PendingBidsTest {
  private static final Instant NOW = Instant.parse("2026-03-04T10:15:00Z");
  private static final LineItem ITEM =
      new LineItem(
          "lit_1",
          "cmp_1",
          "adv_1",
          CurrencyUnit.EUR,
          ZoneOffset.UTC,
          NOW.minusSeconds(3600),
          NOW.plusSeconds(86_400),
          1_000_000,
          10_000_000,
          Pacing.ASAP,
          new BidStrategy.FixedCpm(2_000_000),
          5_000_000,
          FrequencyCaps.NONE,
          Targeting.ANY,
          List.of(
              new Creative(
                  "crv_1",
                  AdFormat.BANNER,
                  300,
                  250,
                  "x",
                  List.of("a.example"),
                  List.of(),
                  Set.of(),
                  0,
                  Set.of(),
                  Set.of(),
                  "https://a.example/",
                  null)));

  private final Budget budget =
      new Budget(1_000_000, 10_000_000, Pacing.ASAP, ZoneOffset.UTC, 0, 0, NOW);
  private final PendingBids pending = new PendingBids();

  private PendingBids.Pending bid(String id) {
    assertThat(budget.reserve(2_000, NOW)).isTrue();
    PendingBids.Pending bid =
        new PendingBids.Pending(
            id,
            new RtbIndex.Entry(ITEM, 1, 1, 1),
            2_000,
            2_000_000,
            BigDecimal.ONE,
            CurrencyUnit.EUR,
            false,
            null,
            null,
            List.of(),
            NOW);
    pending.add(bid);
    return bid;
  }

  @Test
  void aBidIsBilledOnceAndALossAfterItChangesNothing() {
    bid("b1");
    assertThat(pending.takeForBilling("b1")).isNotNull();
    assertThat(pending.takeForBilling("b1")).isNull();
    assertThat(pending.takeLost("b1")).isNull();
    assertThat(pending.billed("b1")).isNotNull();
  }

  @Test
  void aBidWithoutNoticeLapsesAfterAMinuteAndALateBillingIsStillCountedOnce() {
    bid("b2");
    pending.sweep(NOW.plusSeconds(30), id -> budget);
    assertThat(budget.reserved()).isEqualTo(2_000);
    pending.sweep(NOW.plus(PendingBids.LAPSE).plusSeconds(1), id -> budget);
    assertThat(budget.reserved()).isZero();
    PendingBids.Pending late = pending.takeForBilling("b2");
    assertThat(late).isNotNull();
    assertThat(late.reservedMicros()).as("released when it lapsed").isZero();
    assertThat(pending.takeForBilling("b2")).isNull();
  }

  @Test
  void aWonBidWaitsLongerForItsBillingNotice() {
    bid("b3");
    pending.won("b3");
    pending.sweep(NOW.plus(Duration.ofMinutes(5)), id -> budget);
    assertThat(pending.get("b3")).isNotNull();
    pending.sweep(NOW.plus(PendingBids.WON_LAPSE).plusSeconds(1), id -> budget);
    assertThat(pending.get("b3")).isNull();
    assertThat(budget.reserved()).isZero();
  }
}
