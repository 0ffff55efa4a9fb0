package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CustomerRowTest {
  private static final Instant T0 = Instant.parse("2026-05-04T12:00:00Z");

  @Test
  void anOrderReportedLateCountsButDoesNotMoveTheLatestOrderBack() {
    CustomerRow row = CustomerRow.first(7, "ref:C-1", T0, null);

    CustomerRow later = row.ordered(T0.plusSeconds(60), null);
    CustomerRow late = later.ordered(T0.minusSeconds(3_600), null);

    assertThat(later.lastOrderAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(late.lastOrderAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(late.orders()).isEqualTo(3);
    assertThat(late.visitors()).isEmpty();
  }

  @Test
  void aCustomerKeepsTheBrowsersSeenLastOnceEach() {
    CustomerRow row = CustomerRow.first(7, "ref:C-1", T0, "visitor0");
    for (int i = 1; i <= CustomerRow.LINKED_VISITORS; i++) {
      row = row.ordered(T0.plusSeconds(i), "visitor" + i);
    }
    row = row.ordered(T0.plusSeconds(100), "visitor5");

    assertThat(row.visitors()).hasSize(CustomerRow.LINKED_VISITORS);
    assertThat(row.visitors().get(0)).isEqualTo("visitor1");
    assertThat(row.visitors()).doesNotHaveDuplicates().doesNotContain("visitor0");
    assertThat(row.visitors().getLast()).isEqualTo("visitor5");
    // Seen again, the browser seen last changes nothing.
    assertThat(row.ordered(T0.plusSeconds(101), "visitor5").visitors()).isEqualTo(row.visitors());
    // An order without a browser changes nothing either.
    assertThat(row.ordered(T0.plusSeconds(101), null).visitors()).isEqualTo(row.visitors());
    // The next new browser pushes out the one seen longest ago, not the one seen again.
    assertThat(row.ordered(T0.plusSeconds(102), "visitorNew").visitors())
        .hasSize(CustomerRow.LINKED_VISITORS)
        .doesNotContain("visitor1")
        .contains("visitor5", "visitor2", "visitorNew");
  }

  @Test
  void theVisitorsReadBackAsTheyWereStored() {
    CustomerRow row =
        CustomerRow.first(7, "ref:C-1", T0, "AAAAAAAAAAAAAAAAAAAAAA")
            .ordered(T0.plusSeconds(1), "b-_0123456789abcdefghi");

    assertThat(row.storedVisitors()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAA b-_0123456789abcdefghi");
    assertThat(CustomerRow.visitorsOf(row.storedVisitors())).isEqualTo(row.visitors());
    assertThat(CustomerRow.visitorsOf("")).isEmpty();
    assertThat(CustomerRow.first(7, "ref:C-1", T0, null).storedVisitors()).isEmpty();
  }
}
