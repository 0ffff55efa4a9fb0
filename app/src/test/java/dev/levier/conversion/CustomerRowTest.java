package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomerRowTest {
  private static final Instant T0 = Instant.parse("2026-05-04T12:00:00Z");
  private static long rows = 1_000;

  /** A new order at {@code at} of 10.00, with a conversion row of its own. */
  private static CustomerRow.PastOrder at(Instant at) {
    return new CustomerRow.PastOrder(rows++, at, 1_000);
  }

  @Test
  void anOrderReportedLateCountsButDoesNotMoveTheLatestOrderBack() {
    CustomerRow row = CustomerRow.first(7, "ref:C-1", at(T0), null);

    CustomerRow later = row.ordered(at(T0.plusSeconds(60)), null);
    CustomerRow late = later.ordered(at(T0.minusSeconds(3_600)), null);

    assertThat(later.lastOrderAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(late.lastOrderAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(late.orders()).isEqualTo(3);
    assertThat(late.visitors()).isEmpty();
  }

  @Test
  void aCustomerKeepsTheBrowsersSeenLastOnceEach() {
    CustomerRow row = CustomerRow.first(7, "ref:C-1", at(T0), "visitor0");
    for (int i = 1; i <= CustomerRow.LINKED_VISITORS; i++) {
      row = row.ordered(at(T0.plusSeconds(i)), "visitor" + i);
    }
    row = row.ordered(at(T0.plusSeconds(100)), "visitor5");

    assertThat(row.visitors()).hasSize(CustomerRow.LINKED_VISITORS);
    assertThat(row.visitors().get(0)).isEqualTo("visitor1");
    assertThat(row.visitors()).doesNotHaveDuplicates().doesNotContain("visitor0");
    assertThat(row.visitors().getLast()).isEqualTo("visitor5");
    // Seen again, the browser seen last changes nothing.
    assertThat(row.ordered(at(T0.plusSeconds(101)), "visitor5").visitors())
        .isEqualTo(row.visitors());
    // An order without a browser changes nothing either.
    assertThat(row.ordered(at(T0.plusSeconds(101)), null).visitors()).isEqualTo(row.visitors());
    // The next new browser pushes out the one seen longest ago, not the one seen again.
    assertThat(row.ordered(at(T0.plusSeconds(102)), "visitorNew").visitors())
        .hasSize(CustomerRow.LINKED_VISITORS)
        .doesNotContain("visitor1")
        .contains("visitor5", "visitor2", "visitorNew");
  }

  @Test
  void theVisitorsReadBackAsTheyWereStored() {
    CustomerRow row =
        CustomerRow.first(7, "ref:C-1", at(T0), "AAAAAAAAAAAAAAAAAAAAAA")
            .ordered(at(T0.plusSeconds(1)), "b-_0123456789abcdefghi");

    assertThat(row.storedVisitors()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA b-_0123456789abcdefghi");
    assertThat(CustomerRow.visitorsOf(row.storedVisitors())).isEqualTo(row.visitors());
    assertThat(CustomerRow.visitorsOf("")).isEmpty();
    assertThat(CustomerRow.first(7, "ref:C-1", at(T0), null).storedVisitors()).isEmpty();
  }

  @Test
  void anIdentityKeepsItsLatest16OrdersAndEveryOneOfItsLast20Minutes() {
    // One order a day for thirty days: only the latest 16 stay.
    CustomerRow daily = CustomerRow.first(7, "ref:C-1", at(T0), null);
    for (int day = 1; day < 30; day++) {
      daily = daily.ordered(at(T0.plus(Duration.ofDays(day))), null);
    }
    assertThat(daily.recentOrders()).hasSize(CustomerRow.KEPT_ORDERS);
    assertThat(daily.recentOrders().getFirst().orderedAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
    assertThat(daily.recentOrders().getLast().orderedAt()).isEqualTo(T0.plus(Duration.ofDays(29)));
    assertThat(daily.orders()).isEqualTo(30);
    assertThat(daily.firstOrderAt()).isEqualTo(T0);
    assertThat(daily.keepsEveryOrder()).isFalse();

    // Forty orders thirty seconds apart: every one of the last twenty minutes stays.
    CustomerRow busy = CustomerRow.first(7, "ref:C-2", at(T0), null);
    for (int i = 1; i < 40; i++) {
      busy = busy.ordered(at(T0.plusSeconds(30L * i)), null);
    }
    // The latest at 19:30, so the last twenty minutes hold all forty.
    assertThat(busy.recentOrders()).hasSize(40);
    assertThat(busy.keepsEveryOrder()).isTrue();
    busy = busy.ordered(at(T0.plusSeconds(30L * 40 + 600)), null);
    // The latest now at 30:00: from 10:00 on, the 21 orders from 10:00 to 19:30 and the latest.
    assertThat(busy.recentOrders()).hasSize(21);
    assertThat(busy.recentOrders().getFirst().orderedAt()).isEqualTo(T0.plusSeconds(600));

    // A hundred orders within a minute: the latest 64.
    CustomerRow burst = CustomerRow.first(7, "ref:C-3", at(T0), null);
    for (int i = 1; i < 100; i++) {
      burst = burst.ordered(at(T0.plusMillis(500L * i)), null);
    }
    assertThat(burst.recentOrders()).hasSize(CustomerRow.MAX_KEPT_ORDERS);
    assertThat(burst.recentOrders().getFirst().orderedAt()).isEqualTo(T0.plusMillis(500L * 36));
  }

  @Test
  void theSignedReportOfAnOrderAPixelReportedTakesItsPlace() {
    CustomerRow.PastOrder pixel = new CustomerRow.PastOrder(42, T0, 1_000);
    CustomerRow row = CustomerRow.first(7, "ref:C-1", pixel, "visitorA");

    CustomerRow confirmed = row.ordered(new CustomerRow.PastOrder(42, T0, 1_250), "visitorA");

    assertThat(confirmed.orders()).isEqualTo(1);
    assertThat(confirmed.recentOrders()).containsExactly(new CustomerRow.PastOrder(42, T0, 1_250));
    assertThat(confirmed.keepsEveryOrder()).isTrue();
  }

  @Test
  void theOrderBeforeOneIsFoundAmongTheKeptOrdersLeavingItsOwnRowOut() {
    CustomerRow.PastOrder first = new CustomerRow.PastOrder(1, T0, 1_000);
    CustomerRow row =
        CustomerRow.first(7, "ref:C-1", first, null)
            .ordered(new CustomerRow.PastOrder(2, T0.plusSeconds(60), 1_000), null);

    assertThat(row.latestOrderAtOrBefore(T0.plusSeconds(30), 99)).isEqualTo(T0);
    assertThat(row.latestOrderAtOrBefore(T0.plusSeconds(60), 99)).isEqualTo(T0.plusSeconds(60));
    // The same instant reported earlier counts as earlier; its own row does not.
    assertThat(row.latestOrderAtOrBefore(T0.plusSeconds(60), 2)).isEqualTo(T0);
    assertThat(row.latestOrderAtOrBefore(T0, 1)).isNull();
    assertThat(row.latestOrderAtOrBefore(T0.minusSeconds(1), 99)).isNull();
    assertThat(row.mayHaveOrderBefore(T0.minusSeconds(1))).isFalse();

    // Thirty daily orders: an order placed before the 16 kept ones may have one before it.
    CustomerRow daily = CustomerRow.first(7, "ref:C-2", at(T0), null);
    for (int day = 1; day < 30; day++) {
      daily = daily.ordered(at(T0.plus(Duration.ofDays(day))), null);
    }
    Instant beforeKept = T0.plus(Duration.ofDays(5));
    assertThat(daily.latestOrderAtOrBefore(beforeKept, 99)).isNull();
    assertThat(daily.mayHaveOrderBefore(beforeKept)).isTrue();
    assertThat(daily.mayHaveOrderBefore(T0.minusSeconds(1))).isFalse();
    assertThat(daily.latestOrderAtOrBefore(T0.plus(Duration.ofDays(20)).plusSeconds(1), 99))
        .isEqualTo(T0.plus(Duration.ofDays(20)));
  }

  @Test
  void anOrderReportedLateMovesTheFirstOrderBack() {
    CustomerRow row =
        CustomerRow.first(7, "ref:C-1", at(T0), null).ordered(at(T0.minusSeconds(3_600)), null);

    assertThat(row.firstOrderAt()).isEqualTo(T0.minusSeconds(3_600));
    assertThat(row.lastOrderAt()).isEqualTo(T0);
    assertThat(row.recentOrders().getFirst().orderedAt()).isEqualTo(T0.minusSeconds(3_600));
  }

  @Test
  void theOrdersReadBackAsTheyWereStoredToTheMillisecond() {
    CustomerRow row =
        CustomerRow.first(
                7, "ref:C-1", new CustomerRow.PastOrder(12, T0.plusNanos(1_234_567), 4_990), null)
            .ordered(new CustomerRow.PastOrder(5, T0.minusSeconds(1), 0), null);

    assertThat(row.storedOrders())
        .isEqualTo((T0.toEpochMilli() - 1_000) + "/0/5 " + (T0.toEpochMilli() + 1) + "/4990/12");
    assertThat(CustomerRow.ordersOf(row.storedOrders())).isEqualTo(row.recentOrders());
    assertThat(CustomerRow.ordersOf("")).isEmpty();
    assertThatThrownBy(() -> CustomerRow.ordersOf("1/2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1/2");
  }
}
