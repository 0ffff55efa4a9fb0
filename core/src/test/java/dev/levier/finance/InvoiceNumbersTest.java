package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceNumbersTest {
  static final InvoiceNumbers LEV = new InvoiceNumbers("LEV");

  @Test
  void numbersFollowTheLastAndRestartEachYear() {
    assertThat(LEV.next(null, 2026).toString()).isEqualTo("LEV-2026-000001");
    assertThat(LEV.next(InvoiceNumber.parse("LEV-2026-000122"), 2026).toString())
        .isEqualTo("LEV-2026-000123");
    assertThat(LEV.next(InvoiceNumber.parse("LEV-2026-000122"), 2027).toString())
        .isEqualTo("LEV-2027-000001");
  }

  @Test
  void numbersParseBackAndSortInIssueOrder() {
    InvoiceNumber number = InvoiceNumber.parse("LEV-2026-000123");

    assertThat(number).isEqualTo(new InvoiceNumber("LEV", 2026, 123));
    assertThat(InvoiceNumber.parse(number.toString())).isEqualTo(number);
    List<InvoiceNumber> issued =
        new ArrayList<>(
            List.of(InvoiceNumber.parse("LEV-2027-000001"), LEV.next(number, 2026), number));
    issued.sort(null);
    assertThat(issued)
        .extracting(InvoiceNumber::toString)
        .containsExactly("LEV-2026-000123", "LEV-2026-000124", "LEV-2027-000001")
        .isSorted();
    assertThat(number.compareTo(InvoiceNumber.parse("LEV-2026-000124"))).isNegative();
    assertThat(number.compareTo(InvoiceNumber.parse("LEV-2025-999999"))).isPositive();
  }

  @Test
  void badNumbersAndOutOfOrderIssuesAreRefused() {
    assertThatThrownBy(() -> InvoiceNumber.parse("LEV-2026-123"))
        .hasMessage(
            "\"LEV-2026-123\" is not an invoice number: expected PREFIX-YYYY-NNNNNN, like"
                + " LEV-2026-000123");
    assertThatThrownBy(() -> InvoiceNumber.parse("lev-2026-000001"))
        .hasMessageStartingWith("prefix: expected 1 to 10 uppercase letters");
    assertThatThrownBy(() -> InvoiceNumber.parse("LEV-2026-000000"))
        .hasMessage("sequence: must be from 1 to 999999, not 0");
    assertThatThrownBy(() -> LEV.next(InvoiceNumber.parse("LEV-2027-000004"), 2026))
        .hasMessage(
            "year: the last invoice LEV-2027-000004 is from a later year than 2026; invoices are"
                + " numbered in the order they are issued");
    assertThatThrownBy(() -> LEV.next(InvoiceNumber.parse("ABC-2026-000004"), 2026))
        .hasMessage("last: ABC-2026-000004 is not in the LEV series");
    assertThatThrownBy(() -> LEV.next(InvoiceNumber.parse("LEV-2026-999999"), 2026))
        .hasMessage("the LEV series has used all 999999 numbers of 2026");
  }

  @Test
  void anAuditFindsGapsAndDuplicates() {
    List<InvoiceNumber> issued =
        List.of(
                "LEV-2026-000001",
                "LEV-2026-000002",
                "LEV-2026-000002",
                "LEV-2026-000004",
                "LEV-2026-000008",
                "LEV-2027-000002")
            .stream()
            .map(InvoiceNumber::parse)
            .toList();

    assertThat(LEV.problems(issued))
        .containsExactly(
            "LEV-2026-000002 is issued twice",
            "LEV-2026-000003 is missing",
            "LEV-2026-000005 to LEV-2026-000007 are missing (3 numbers)",
            "LEV-2027-000001 is missing");
    assertThat(LEV.problems(issued.subList(0, 2))).isEmpty();
  }
}
