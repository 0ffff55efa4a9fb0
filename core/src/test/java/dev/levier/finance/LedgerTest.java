package dev.levier.finance;

import static dev.levier.finance.BooksTest.AT;
import static dev.levier.finance.BooksTest.EUR;
import static dev.levier.finance.BooksTest.FEE;
import static dev.levier.finance.BooksTest.USD;
import static dev.levier.finance.BooksTest.commission;
import static dev.levier.finance.BooksTest.commissionPaidInUsd;
import static dev.levier.finance.BooksTest.eur;
import static dev.levier.finance.BooksTest.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.geo.CountryCode;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTest {

  @Test
  void aMonthFromCommissionToPayoutLeavesTheRightBalances() {
    LockedCommission locked = commission(1000);
    Ledger books = Ledger.of(Books.lock(locked, FEE));
    Invoice invoice =
        new Invoice(
            InvoiceNumber.parse("LEV-2026-000001"),
            "adv_1",
            YearMonth.of(2026, 3),
            CountryCode.of("FR"),
            new BigDecimal("20"),
            List.of(new InvoiceLine("com_1", "cv_1", "pub_1", AT, eur(1000), eur(310))));
    Payout payout = Payout.scheduled("2026-03:pub_1:EUR", "pub_1", eur(1000));

    books =
        books.postAll(
            List.of(
                Books.invoice(invoice, AT),
                Books.payment("bank_1", "adv_1", eur(1572), "LEV-2026-000001", AT),
                Books.payoutScheduled(payout, AT),
                Books.payoutSent(payout.sent(), AT)));

    assertThat(books.balances())
        .containsOnly(
            entry(Account.networkRevenue(EUR), eur(-310)),
            entry(Account.vatPayable(EUR), eur(-262)),
            entry(Account.cash(EUR), eur(572)));
    assertThat(books.totals(AccountKind.NETWORK_REVENUE)).containsExactly(entry(EUR, eur(310)));
    assertThat(books.trialBalance()).containsExactly(new TrialBalance(EUR, eur(572), eur(572)));
    assertThat(books.payoutStatus("2026-03:pub_1:EUR")).contains(PayoutStatus.SENT);
  }

  @Test
  void postingTheSameEntryAgainChangesNothing() {
    List<JournalEntry> batch = Books.lock(commission(1000), FEE);
    Ledger once = Ledger.of(batch);

    Ledger twice = once.postAll(batch);

    assertThat(twice).isSameAs(once);
    assertThat(Ledger.of(List.of(batch.get(0), batch.get(0))).entries()).hasSize(1);
  }

  @Test
  void aBookedEntryIsNeverReplacedByADifferentOneWithItsId() {
    Ledger books = Ledger.of(Books.lock(commission(1000), FEE));

    assertThatThrownBy(() -> books.post(Books.commission(commission(900))))
        .hasMessage(
            "entry commission/com_1 is already booked with other content; a booked entry is"
                + " never changed: book a reversal and a new entry");
  }

  @Test
  void aRefusedBatchAddsNothing() {
    Ledger books = Ledger.of(Books.lock(commission(1000), FEE));
    JournalEntry fine = Books.payment("bank_1", "adv_1", eur(100), null, AT);

    assertThatThrownBy(() -> books.postAll(List.of(fine, Books.commission(commission(900)))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(books.contains("payment/bank_1")).isFalse();
  }

  @Test
  void aReversalCancelsABookedEntryOnce() {
    JournalEntry booked = Books.commission(commissionPaidInUsd(1000));
    Ledger books = Ledger.of(List.of(booked, Books.reversal(booked, AT)));

    assertThat(books.balances()).isEmpty();
    assertThat(books.entries()).hasSize(2);
    assertThatThrownBy(() -> Ledger.empty().post(Books.reversal(booked, AT)))
        .hasMessage(
            "reversal reversal/commission/com_1 reverses entry commission/com_1, which is not"
                + " booked");
  }

  @Test
  void aReversalMustBeTheExactOpposite() {
    JournalEntry booked = Books.commission(commission(1000));
    JournalEntry fake =
        new JournalEntry(
            "reversal/x",
            EntryKind.REVERSAL,
            AT,
            References.NONE.withReversedEntryId(booked.id()),
            List.of(
                Posting.debit(Account.publisherPayable("pub_1", EUR), eur(500)),
                Posting.credit(Account.advertiserUnbilled("adv_1", EUR), eur(500))));

    assertThatThrownBy(() -> Ledger.of(List.of(booked, fake)))
        .hasMessage(
            "reversal reversal/x is not the exact opposite of entry commission/com_1; build it"
                + " with Books.reversal");
  }

  @Test
  void payoutsMoveOnlyFromScheduledToSentOrFailed() {
    Ledger books = Ledger.of(Books.lock(commission(1000), FEE));
    Payout payout = Payout.scheduled("po_1", "pub_1", eur(1000));

    assertThatThrownBy(() -> books.post(Books.payoutSent(payout.sent(), AT)))
        .hasMessage(
            "payout_sent entry payout/po_1/sent: payout po_1 is not scheduled; a payout is"
                + " scheduled once, then sent or failed");
    Ledger sent =
        books.post(Books.payoutScheduled(payout, AT)).post(Books.payoutSent(payout.sent(), AT));
    assertThatThrownBy(() -> sent.post(Books.payoutFailed(payout.failed("bounced"), AT)))
        .hasMessage(
            "payout_failed entry payout/po_1/failed: payout po_1 is already sent; a payout is"
                + " scheduled once, then sent or failed");
    assertThatThrownBy(() -> sent.post(Books.reversal(Books.payoutSent(payout.sent(), AT), AT)))
        .hasMessageContaining("payout_sent entry payout/po_1/sent cannot be reversed");
  }

  @Test
  void aFailedPayoutPutsTheAmountBackOnTheBalance() {
    Payout payout = Payout.scheduled("po_1", "pub_1", eur(1000));
    Ledger books =
        Ledger.of(Books.lock(commission(1000), FEE)).post(Books.payoutScheduled(payout, AT));

    assertThat(books.publisherBalances()).isEmpty();
    books = books.post(Books.payoutFailed(payout.failed("account closed"), AT));

    assertThat(books.publisherBalances()).containsExactly(new PublisherBalance("pub_1", eur(1000)));
    assertThat(books.balance(Account.publisherPayoutScheduled("pub_1", EUR))).isEqualTo(eur(0));
    assertThat(books.payoutStatus("po_1")).contains(PayoutStatus.FAILED);
  }

  @Test
  void aPayoutAboveWhatThePublisherIsOwedIsRefused() {
    Ledger books = Ledger.of(Books.lock(commission(1000), FEE));

    assertThatThrownBy(
            () ->
                books.post(Books.payoutScheduled(Payout.scheduled("po_1", "pub_1", eur(1001)), AT)))
        .hasMessage("payout po_1 of EUR 10.01 is more than pub_1 is owed (EUR 10.00)");
  }

  @Test
  void aClawbackAfterPayoutLeavesThePublisherOwingAndTheNextInvoiceCreditsTheAdvertiser() {
    LockedCommission locked = commission(1000);
    Payout payout = Payout.scheduled("po_1", "pub_1", eur(1000));
    Ledger books =
        Ledger.of(Books.lock(locked, FEE))
            .post(Books.payoutScheduled(payout, AT))
            .post(Books.payoutSent(payout.sent(), AT))
            .post(Books.clawback("cb_1", locked, eur(1000), FEE.refund(eur(1000), eur(1000)), AT));

    assertThat(books.publisherBalances())
        .containsExactly(new PublisherBalance("pub_1", eur(-1000)));
    assertThat(books.balanceOnNormalSide(Account.advertiserUnbilled("adv_1", EUR)))
        .isEqualTo(eur(0));
    assertThat(books.totals(AccountKind.NETWORK_REVENUE)).containsExactly(entry(EUR, eur(0)));
  }

  @Test
  void totalsAreKeptPerCurrency() {
    Ledger books =
        Ledger.of(Books.lock(commission(1000), FEE))
            .post(
                Books.commission(
                    new LockedCommission(
                        "com_2", "cv_2", null, "adv_2", "pub_2", usd(500), null, AT)));

    assertThat(books.totals(AccountKind.PUBLISHER_PAYABLE))
        .containsExactly(entry(EUR, eur(1000)), entry(USD, usd(500)));
    assertThat(books.trialBalance()).allMatch(TrialBalance::isBalanced).hasSize(2);
  }

  private static <K, V> Map.Entry<K, V> entry(K key, V value) {
    return Map.entry(key, value);
  }
}
