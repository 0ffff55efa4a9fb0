package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
  static final CurrencyUnit EUR = CurrencyUnit.EUR;
  static final CurrencyUnit USD = CurrencyUnit.USD;
  static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

  static Money eur(long cents) {
    return Money.ofMinor(cents, EUR);
  }

  @Test
  void anEntryWhoseDebitsEqualItsCreditsInEachCurrencyIsAccepted() {
    JournalEntry entry =
        new JournalEntry(
            "payment/p1",
            EntryKind.PAYMENT,
            AT,
            References.NONE.withPaymentId("p1"),
            List.of(
                Posting.debit(Account.cash(EUR), eur(1000)),
                Posting.credit(Account.advertiserReceivable("adv_1", EUR), eur(1000))));

    assertThat(entry.postings()).hasSize(2);
    assertThat(entry.postings().get(1).side()).isEqualTo(Side.CREDIT);
    assertThat(entry.postings().get(1).amount()).isEqualTo(eur(-1000));
  }

  @Test
  void anUnbalancedEntryIsRefusedNamingTheCurrencyAndBothSides() {
    assertThatThrownBy(
            () ->
                new JournalEntry(
                    "payment/p1",
                    EntryKind.PAYMENT,
                    AT,
                    References.NONE,
                    List.of(
                        Posting.debit(Account.cash(EUR), eur(1000)),
                        Posting.credit(Account.advertiserReceivable("adv_1", EUR), eur(999)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "postings: entry payment/p1 does not balance in EUR: debits EUR 10.00, credits EUR"
                + " 9.99");
  }

  @Test
  void eachCurrencyMustBalanceOnItsOwn() {
    // EUR 10.00 against USD 10.00 is not a balance: they are different money.
    assertThatThrownBy(
            () ->
                new JournalEntry(
                    "x",
                    EntryKind.ADJUSTMENT,
                    AT,
                    References.NONE,
                    List.of(
                        Posting.debit(Account.cash(EUR), eur(1000)),
                        Posting.credit(
                            Account.publisherPayable("pub_1", USD), Money.ofMinor(1000, USD)))))
        .hasMessageContaining("does not balance in EUR: debits EUR 10.00, credits EUR 0.00");
  }

  @Test
  void anEntryNeedsTwoPostingsAndAnId() {
    assertThatThrownBy(
            () ->
                new JournalEntry(
                    "x",
                    EntryKind.PAYMENT,
                    AT,
                    References.NONE,
                    List.of(Posting.debit(Account.cash(EUR), eur(1)))))
        .hasMessageContaining("needs at least a debit and a credit");
    assertThatThrownBy(
            () -> new JournalEntry(" ", EntryKind.PAYMENT, AT, References.NONE, List.of()))
        .hasMessage("id: must not be blank");
  }

  @Test
  void postingsAreNeverZeroAndAlwaysInTheAccountsCurrency() {
    assertThatThrownBy(() -> Posting.of(Account.cash(EUR), eur(0)))
        .hasMessage("amount: a posting to cash:EUR must not be zero");
    assertThatThrownBy(() -> Posting.of(Account.cash(EUR), Money.ofMinor(5, USD)))
        .hasMessage("amount: USD 0.05 cannot be posted to cash:EUR, which holds EUR");
    assertThatThrownBy(() -> Posting.debit(Account.cash(EUR), eur(-5)))
        .hasMessage("amount: a debit takes an amount above zero, not EUR -0.05");
  }

  @Test
  void aPostingKeepsTheConversionThatGaveItsAmount() {
    Conversion conversion =
        new Conversion(
            eur(1000),
            Money.ofMinor(1082, USD),
            new BigDecimal("1.0823"),
            LocalDate.of(2026, 3, 2));
    Posting posting =
        new Posting(Account.publisherPayable("pub_1", USD), Money.ofMinor(-1082, USD), conversion);

    assertThat(posting.negate().conversion()).isEqualTo(conversion.negate());
    assertThat(posting.toString()).isEqualTo("credit publisher_payable:pub_1:USD USD 10.82");
    assertThatThrownBy(
            () ->
                new Posting(
                    Account.publisherPayable("pub_1", USD), Money.ofMinor(-1083, USD), conversion))
        .hasMessageContaining("does not give the posted amount USD -10.83");
  }

  @Test
  void accountsNameTheirOwnerExactlyWhenTheyBelongToAParty() {
    assertThat(Account.publisherPayable("pub_1", EUR).toString())
        .isEqualTo("publisher_payable:pub_1:EUR");
    assertThat(Account.cash(EUR).toString()).isEqualTo("cash:EUR");
    assertThatThrownBy(() -> new Account(AccountKind.CASH, "adv_1", EUR))
        .hasMessage("owner: cash is the network's own account and has no owner, not adv_1");
    assertThatThrownBy(() -> new Account(AccountKind.PUBLISHER_PAYABLE, null, EUR))
        .hasMessage("owner: publisher_payable belongs to one publisher and needs its public id");
  }

  @Test
  void referencesRefuseBlankIds() {
    assertThatThrownBy(() -> References.NONE.withInvoiceNumber(""))
        .hasMessage("invoiceNumber: must be null or not blank");
  }
}
