package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class BooksTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final CurrencyUnit USD = CurrencyUnit.USD;
  static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
  static final NetworkFee FEE = new NetworkFee(new BigDecimal("30"), eur(10));

  static Money eur(long cents) {
    return Money.ofMinor(cents, EUR);
  }

  static Money usd(long cents) {
    return Money.ofMinor(cents, USD);
  }

  static LockedCommission commission(long cents) {
    return new LockedCommission("com_1", "cv_1", "r_1", "adv_1", "pub_1", eur(cents), null, AT);
  }

  static LockedCommission commissionPaidInUsd(long cents) {
    Conversion toUsd =
        Conversion.of(
            eur(cents),
            new ExchangeRate(EUR, USD, new BigDecimal("1.0823"), LocalDate.of(2026, 3, 2)));
    return new LockedCommission("com_1", "cv_1", "r_1", "adv_1", "pub_1", eur(cents), toUsd, AT);
  }

  @Test
  void aLockedCommissionIsOwedByTheAdvertiserAndOwedToThePublisher() {
    List<JournalEntry> entries = Books.lock(commission(1000), FEE);

    assertThat(entries)
        .extracting(JournalEntry::id)
        .containsExactly("commission/com_1", "fee/com_1");
    JournalEntry booked = entries.get(0);
    assertThat(booked.kind()).isEqualTo(EntryKind.COMMISSION);
    assertThat(booked.references()).isEqualTo(References.ofCommission("cv_1", "com_1", "r_1"));
    assertThat(booked.postings())
        .containsExactly(
            Posting.debit(Account.advertiserUnbilled("adv_1", EUR), eur(1000)),
            Posting.credit(Account.publisherPayable("pub_1", EUR), eur(1000)));
    assertThat(entries.get(1).postings())
        .containsExactly(
            Posting.debit(Account.advertiserUnbilled("adv_1", EUR), eur(310)),
            Posting.credit(Account.networkRevenue(EUR), eur(310)));
  }

  @Test
  void aZeroCommissionStillPaysTheFixedFeeAndNothingElse() {
    assertThat(Books.lock(commission(0), FEE))
        .extracting(JournalEntry::id)
        .containsExactly("fee/com_1");
    assertThat(Books.lock(commission(0), NetworkFee.NONE)).isEmpty();
    assertThatThrownBy(() -> Books.commission(commission(0)))
        .hasMessage("commission com_1 is EUR 0.00; only a commission above zero is booked");
  }

  @Test
  void aCommissionPaidInAnotherCurrencyCrossesTheExchangeAccountWithItsRate() {
    LockedCommission locked = commissionPaidInUsd(1000);

    JournalEntry booked = Books.commission(locked);

    assertThat(booked.postings())
        .containsExactly(
            Posting.debit(Account.advertiserUnbilled("adv_1", EUR), eur(1000)),
            Posting.credit(Account.currencyExchange(EUR), eur(1000)),
            Posting.debit(Account.currencyExchange(USD), usd(1082)),
            new Posting(Account.publisherPayable("pub_1", USD), usd(-1082), locked.payout()));
    Conversion stored = booked.postings().get(3).conversion();
    assertThat(stored).isNotNull();
    assertThat(stored.rate()).isEqualByComparingTo("1.0823");
    assertThat(stored.rateDate()).isEqualTo(LocalDate.of(2026, 3, 2));
  }

  @Test
  void aClawbackTakesBackAtTheBookedRateAndRefundsTheFee() {
    LockedCommission locked = commissionPaidInUsd(1000);
    Money refund = FEE.refund(eur(1000), eur(400));

    JournalEntry clawback = Books.clawback("cb_1", locked, eur(400), refund, AT.plusSeconds(60));

    assertThat(refund).isEqualTo(eur(120)); // 3.10 on 10.00 less 1.90 on 6.00
    assertThat(clawback.id()).isEqualTo("clawback/cb_1");
    assertThat(clawback.kind()).isEqualTo(EntryKind.CLAWBACK);
    assertThat(clawback.postings())
        .extracting(p -> p.account() + " " + p.amount())
        .containsExactly(
            "advertiser_unbilled:adv_1:EUR EUR -4.00",
            "currency_exchange:EUR EUR 4.00",
            "currency_exchange:USD USD -4.33",
            "publisher_payable:pub_1:USD USD 4.33",
            "network_revenue:EUR EUR 1.20",
            "advertiser_unbilled:adv_1:EUR EUR -1.20");
  }

  @Test
  void aClawbackCannotTakeBackMoreThanTheCommissionOrNothing() {
    assertThatThrownBy(() -> Books.clawback("cb_1", commission(1000), eur(1001), eur(0), AT))
        .hasMessage(
            "amount: clawback cb_1 takes back EUR 10.01 but commission com_1 is EUR 10.00; a"
                + " clawback takes back zero up to the whole commission");
    assertThatThrownBy(() -> Books.clawback("cb_1", commission(1000), eur(0), eur(0), AT))
        .hasMessage("clawback cb_1 takes back nothing: amount and feeRefund are both zero");
    assertThatThrownBy(() -> Books.clawback("cb_1", commission(1000), usd(10), eur(0), AT))
        .hasMessage("amount: USD 0.10 is not in the commission's currency EUR");
  }

  @Test
  void anAdjustmentIsSignedAndRefusesZero() {
    JournalEntry up =
        Books.adjustment("adj_1", "adv_1", "pub_1", eur(250), null, References.NONE, AT);
    JournalEntry down =
        Books.adjustment("adj_2", "adv_1", "pub_1", eur(-250), null, References.NONE, AT);

    assertThat(up.postings())
        .containsExactly(
            Posting.debit(Account.advertiserUnbilled("adv_1", EUR), eur(250)),
            Posting.credit(Account.publisherPayable("pub_1", EUR), eur(250)));
    assertThat(down.postings())
        .containsExactly(
            Posting.credit(Account.advertiserUnbilled("adv_1", EUR), eur(250)),
            Posting.debit(Account.publisherPayable("pub_1", EUR), eur(250)));
    assertThatThrownBy(
            () -> Books.adjustment("adj_3", "adv_1", "pub_1", eur(0), null, References.NONE, AT))
        .hasMessage("amount: adjustment adj_3 of zero changes nothing");
  }

  @Test
  void anInvoiceMovesTheNetToReceivableAndAddsVat() {
    Invoice invoice =
        new Invoice(
            InvoiceNumber.parse("LEV-2026-000001"),
            "adv_1",
            YearMonth.of(2026, 2),
            CountryCode.of("FR"),
            new BigDecimal("20"),
            List.of(new InvoiceLine("com_1", "cv_1", "pub_1", AT, eur(1000), eur(310))));

    JournalEntry issued = Books.invoice(invoice, AT);

    assertThat(issued.id()).isEqualTo("invoice/LEV-2026-000001");
    assertThat(issued.references().invoiceNumber()).isEqualTo("LEV-2026-000001");
    assertThat(issued.postings())
        .containsExactly(
            Posting.debit(Account.advertiserReceivable("adv_1", EUR), eur(1572)),
            Posting.credit(Account.advertiserUnbilled("adv_1", EUR), eur(1310)),
            Posting.credit(Account.vatPayable(EUR), eur(262)));
  }

  @Test
  void aPaymentIsCashAgainstTheReceivable() {
    JournalEntry paid = Books.payment("bank_77", "adv_1", eur(1572), "LEV-2026-000001", AT);

    assertThat(paid.postings())
        .containsExactly(
            Posting.debit(Account.cash(EUR), eur(1572)),
            Posting.credit(Account.advertiserReceivable("adv_1", EUR), eur(1572)));
    assertThat(paid.references().paymentId()).isEqualTo("bank_77");
    assertThatThrownBy(() -> Books.payment("bank_78", "adv_1", eur(0), null, AT))
        .hasMessage("amount: payment bank_78 must be above zero, not EUR 0.00");
  }

  @Test
  void payoutsMoveThroughTheScheduledAccount() {
    Payout payout = Payout.scheduled("2026-03:pub_1:EUR", "pub_1", eur(5000));

    assertThat(Books.payoutScheduled(payout, AT).postings())
        .containsExactly(
            Posting.debit(Account.publisherPayable("pub_1", EUR), eur(5000)),
            Posting.credit(Account.publisherPayoutScheduled("pub_1", EUR), eur(5000)));
    assertThat(Books.payoutSent(payout.sent(), AT).postings())
        .containsExactly(
            Posting.debit(Account.publisherPayoutScheduled("pub_1", EUR), eur(5000)),
            Posting.credit(Account.cash(EUR), eur(5000)));
    assertThat(Books.payoutFailed(payout.failed("IBAN closed"), AT).postings())
        .containsExactly(
            Posting.debit(Account.publisherPayoutScheduled("pub_1", EUR), eur(5000)),
            Posting.credit(Account.publisherPayable("pub_1", EUR), eur(5000)));
    assertThatThrownBy(() -> Books.payoutSent(payout, AT))
        .hasMessage("payout 2026-03:pub_1:EUR is scheduled; only a sent payout is booked as sent");
  }

  @Test
  void aReversalIsTheOriginalNegatedAndNamesIt() {
    JournalEntry original = Books.commission(commissionPaidInUsd(1000));

    JournalEntry reversal = Books.reversal(original, AT.plusSeconds(5));

    assertThat(reversal.id()).isEqualTo("reversal/commission/com_1");
    assertThat(reversal.kind()).isEqualTo(EntryKind.REVERSAL);
    assertThat(reversal.references().reversedEntryId()).isEqualTo("commission/com_1");
    assertThat(reversal.references().commissionId()).isEqualTo("com_1");
    assertThat(reversal.postings())
        .isEqualTo(original.postings().stream().map(Posting::negate).toList());
  }

  @Test
  void theSameFactsGiveAnEqualEntry() {
    assertThat(Books.lock(commissionPaidInUsd(1234), FEE))
        .isEqualTo(Books.lock(commissionPaidInUsd(1234), FEE));
  }
}
