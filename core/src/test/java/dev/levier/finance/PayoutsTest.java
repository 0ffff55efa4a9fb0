package dev.levier.finance;

import static dev.levier.finance.BooksTest.AT;
import static dev.levier.finance.BooksTest.eur;
import static dev.levier.finance.BooksTest.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayoutsTest {
  static final List<PayoutThreshold> THRESHOLDS =
      List.of(
          new PayoutThreshold("pub_1", eur(50_00)),
          new PayoutThreshold("pub_1", usd(100_00)),
          new PayoutThreshold("pub_2", eur(0)),
          new PayoutThreshold("pub_3", eur(50_00)));

  @Test
  void eachPublisherIsPaidPerCurrencyOnceItsBalanceReachesTheThreshold() {
    PayoutPlan plan =
        Payouts.plan(
            "2026-03",
            List.of(
                new PublisherBalance("pub_3", eur(-12_00)),
                new PublisherBalance("pub_1", usd(99_99)),
                new PublisherBalance("pub_1", eur(50_00)),
                new PublisherBalance("pub_2", eur(1)),
                new PublisherBalance("pub_2", usd(10_00)),
                new PublisherBalance("pub_4", eur(0))),
            THRESHOLDS);

    assertThat(plan.scheduled())
        .containsExactly(
            Payout.scheduled("2026-03:pub_1:EUR", "pub_1", eur(50_00)),
            Payout.scheduled("2026-03:pub_2:EUR", "pub_2", eur(1)));
    assertThat(plan.held())
        .containsExactly(
            new PayoutPlan.Held("pub_1", usd(99_99), "below the threshold of USD 100.00"),
            new PayoutPlan.Held("pub_2", usd(10_00), "no payout threshold in USD"),
            new PayoutPlan.Held(
                "pub_3",
                eur(-12_00),
                "the publisher owes EUR 12.00 after clawbacks, recovered from later commissions"),
            new PayoutPlan.Held("pub_4", eur(0), "nothing is owed"));
  }

  @Test
  void planningAgainAfterBookingSchedulesNothing() {
    Ledger books = Ledger.of(Books.lock(BooksTest.commission(60_00), NetworkFee.NONE));
    PayoutPlan first = Payouts.plan("2026-03", books.publisherBalances(), THRESHOLDS);
    for (Payout payout : first.scheduled()) {
      books = books.post(Books.payoutScheduled(payout, AT));
    }

    assertThat(first.scheduled()).hasSize(1);
    assertThat(Payouts.plan("2026-03", books.publisherBalances(), THRESHOLDS).scheduled())
        .isEmpty();
    assertThat(
            books.postAll(
                first.scheduled().stream().map(p -> Books.payoutScheduled(p, AT)).toList()))
        .isSameAs(books);
  }

  @Test
  void duplicateBalancesOrThresholdsAreRefused() {
    assertThatThrownBy(
            () ->
                Payouts.plan(
                    "r",
                    List.of(
                        new PublisherBalance("pub_1", eur(1)),
                        new PublisherBalance("pub_1", eur(2))),
                    THRESHOLDS))
        .hasMessage("balances: pub_1 has two balances in EUR");
    assertThatThrownBy(
            () ->
                Payouts.plan(
                    "r",
                    List.of(),
                    List.of(
                        new PayoutThreshold("pub_1", eur(1)),
                        new PayoutThreshold("pub_1", eur(2)))))
        .hasMessage("thresholds: pub_1 has two thresholds in EUR");
    assertThatThrownBy(() -> new PayoutThreshold("pub_1", eur(-1)))
        .hasMessage("minimum: the payout threshold of pub_1 cannot be negative, EUR -0.01");
  }

  @Test
  void aPayoutIsSentOrFailsOnlyFromScheduled() {
    Payout payout = Payout.scheduled("po_1", "pub_1", eur(100));

    assertThat(payout.sent().status()).isEqualTo(PayoutStatus.SENT);
    assertThat(payout.failed("IBAN closed").failure()).isEqualTo("IBAN closed");
    assertThatThrownBy(() -> payout.sent().failed("bounced"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "payout po_1 is sent and cannot become failed; only a scheduled payout is sent or fails");
    assertThatThrownBy(() -> payout.failed("x").sent())
        .hasMessage(
            "payout po_1 is failed and cannot become sent; only a scheduled payout is sent or fails");
    assertThatThrownBy(() -> new Payout("po_1", "pub_1", eur(100), PayoutStatus.FAILED, null))
        .hasMessage("failure: payout po_1 failed and needs the reason");
    assertThatThrownBy(() -> Payout.scheduled("po_1", "pub_1", eur(0)))
        .hasMessage("amount: payout po_1 must be above zero, not EUR 0.00");
  }

  @Test
  void statusTransitionsAreOnlyScheduledToSentOrFailed() {
    for (PayoutStatus from : PayoutStatus.values()) {
      for (PayoutStatus to : PayoutStatus.values()) {
        assertThat(from.canMoveTo(to))
            .as(from + " to " + to)
            .isEqualTo(from == PayoutStatus.SCHEDULED && to != PayoutStatus.SCHEDULED);
      }
    }
  }

  @Test
  void thePayoutFileListsEachPayout() {
    StringBuilder out = new StringBuilder();

    Payouts.writeCsv(
        List.of(
            Payout.scheduled("2026-03:pub_1:EUR", "pub_1", eur(1234_50)),
            Payout.scheduled("2026-03:pub_2:JPY", "pub_2", Money.ofMinor(5000, CurrencyUnit.JPY))),
        out);

    assertThat(out.toString())
        .isEqualTo(
            "payout_id,publisher_id,currency,amount,status\r\n"
                + "2026-03:pub_1:EUR,pub_1,EUR,1234.50,scheduled\r\n"
                + "2026-03:pub_2:JPY,pub_2,JPY,5000,scheduled\r\n");
  }
}
