package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds the journal entry of each movement of money, so that every caller (the processors, the
 * operator's corrections, the simulator) books a movement the same way.
 *
 * <p>Each method is a pure function of the movement's facts: the same facts give an equal entry
 * with the same id, which {@link Ledger#post} recognises and ignores, so re-running a processor
 * changes nothing. Ids are the kind followed by the movement's own id ({@code commission/com_42},
 * {@code payout/po_7/sent}).
 *
 * <p>When the publisher is paid in another currency than the programme's, the amount crosses {@link
 * AccountKind#CURRENCY_EXCHANGE}: it enters the exchange account in the programme's currency and
 * the converted amount leaves it in the payout currency, with the {@link Conversion} on the
 * publisher's posting. Each currency then balances on its own.
 */
public final class Books {
  private Books() {}

  /**
   * A locked commission, with its network fee when the fee is not zero: the movements booked when a
   * commission's validation period ends.
   *
   * @return the commission entry (left out when the commission is zero) then the fee entry (left
   *     out when the fee is zero); empty when both are zero
   */
  public static List<JournalEntry> lock(LockedCommission commission, NetworkFee fee) {
    Objects.requireNonNull(commission, "commission");
    Objects.requireNonNull(fee, "fee");
    List<JournalEntry> entries = new ArrayList<>(2);
    if (commission.amount().isPositive()) {
      entries.add(commission(commission));
    }
    Money charged = fee.on(commission.amount());
    if (charged.isPositive()) {
      entries.add(fee(commission, charged));
    }
    return List.copyOf(entries);
  }

  /**
   * The advertiser owes the commission and the publisher is owed it: debit {@link
   * AccountKind#ADVERTISER_UNBILLED}, credit {@link AccountKind#PUBLISHER_PAYABLE} (in the payout
   * currency, through {@link AccountKind#CURRENCY_EXCHANGE} when it differs).
   *
   * @throws IllegalArgumentException if the commission is zero: there is nothing to book
   */
  public static JournalEntry commission(LockedCommission commission) {
    Objects.requireNonNull(commission, "commission");
    if (!commission.amount().isPositive()) {
      throw new IllegalArgumentException(
          "commission "
              + commission.commissionId()
              + " is "
              + commission.amount()
              + "; only a commission above zero is booked");
    }
    List<Posting> postings = new ArrayList<>(4);
    transfer(
        postings,
        Account.advertiserUnbilled(commission.advertiserId(), commission.amount().currency()),
        commission.amount(),
        c -> Account.publisherPayable(commission.publisherId(), c),
        commission.payout());
    return new JournalEntry(
        "commission/" + commission.commissionId(),
        EntryKind.COMMISSION,
        commission.lockedAt(),
        commission.references(),
        postings);
  }

  /**
   * The advertiser owes the network fee on a commission and the network earns it: debit {@link
   * AccountKind#ADVERTISER_UNBILLED}, credit {@link AccountKind#NETWORK_REVENUE}.
   *
   * @param fee above zero, in the commission's currency (see {@link NetworkFee#on})
   */
  public static JournalEntry fee(LockedCommission commission, Money fee) {
    Objects.requireNonNull(commission, "commission");
    Objects.requireNonNull(fee, "fee");
    requireCurrency(fee, commission.amount().currency(), "fee");
    if (!fee.isPositive()) {
      throw new IllegalArgumentException(
          "fee: the fee on commission "
              + commission.commissionId()
              + " must be above zero to be booked, not "
              + fee);
    }
    return new JournalEntry(
        "fee/" + commission.commissionId(),
        EntryKind.FEE,
        commission.lockedAt(),
        commission.references(),
        List.of(
            Posting.debit(
                Account.advertiserUnbilled(commission.advertiserId(), fee.currency()), fee),
            Posting.credit(Account.networkRevenue(fee.currency()), fee)));
  }

  /**
   * A correction of what an advertiser owes a publisher, decided after the commission was locked (a
   * bonus, a goodwill gesture, a mistake in the rules): a positive amount is owed by the advertiser
   * and credited to the publisher like a commission, a negative one the other way round.
   *
   * @param adjustmentId the adjustment's own id
   * @param amount the signed correction, not zero, in the currency the advertiser is billed in
   * @param payout how {@code amount} was converted into the publisher's payout currency, or null
   *     when the publisher is paid in the same currency
   * @param references what the adjustment concerns, such as a commission
   */
  public static JournalEntry adjustment(
      String adjustmentId,
      String advertiserId,
      String publisherId,
      Money amount,
      @Nullable Conversion payout,
      References references,
      Instant at) {
    Ids.require(adjustmentId, "adjustmentId");
    Ids.require(advertiserId, "advertiserId");
    Ids.require(publisherId, "publisherId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(references, "references");
    Objects.requireNonNull(at, "at");
    if (amount.isZero()) {
      throw new IllegalArgumentException(
          "amount: adjustment " + adjustmentId + " of zero changes nothing");
    }
    if (payout != null && !payout.from().equals(amount)) {
      throw new IllegalArgumentException(
          "payout: adjustment "
              + adjustmentId
              + " is "
              + amount
              + " but its conversion converts "
              + payout.from());
    }
    List<Posting> postings = new ArrayList<>(4);
    transfer(
        postings,
        Account.advertiserUnbilled(advertiserId, amount.currency()),
        amount,
        c -> Account.publisherPayable(publisherId, c),
        payout);
    return new JournalEntry(
        "adjustment/" + adjustmentId, EntryKind.ADJUSTMENT, at, references, postings);
  }

  /**
   * Takes back part or all of a locked commission (a late return, a chargeback), with the fee to
   * give back: the publisher's payable is reduced, even below zero when the commission was already
   * paid out, so the amount is recovered from the next payout; the advertiser's unbilled balance is
   * reduced, so the next invoice credits it.
   *
   * <p>When the publisher is paid in another currency, the amount is converted at the rate the
   * commission was booked at, so that taking back all of it takes back exactly what was credited;
   * the network carries the change in rates since.
   *
   * @param clawbackId the clawback's own id; several partial clawbacks of one commission have
   *     different ids
   * @param commission the locked commission taken back
   * @param amount how much of the commission is taken back, zero to the whole of it
   * @param feeRefund the part of the fee given back to the advertiser, zero or more (see {@link
   *     NetworkFee#refund})
   * @throws IllegalArgumentException if both amounts are zero, the amount is more than the
   *     commission, or an amount is negative or in another currency
   */
  public static JournalEntry clawback(
      String clawbackId, LockedCommission commission, Money amount, Money feeRefund, Instant at) {
    Ids.require(clawbackId, "clawbackId");
    Objects.requireNonNull(commission, "commission");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(feeRefund, "feeRefund");
    Objects.requireNonNull(at, "at");
    CurrencyUnit currency = commission.amount().currency();
    requireCurrency(amount, currency, "amount");
    requireCurrency(feeRefund, currency, "feeRefund");
    if (amount.isNegative() || amount.compareTo(commission.amount()) > 0) {
      throw new IllegalArgumentException(
          "amount: clawback "
              + clawbackId
              + " takes back "
              + amount
              + " but commission "
              + commission.commissionId()
              + " is "
              + commission.amount()
              + "; a clawback takes back zero up to the whole commission");
    }
    if (feeRefund.isNegative()) {
      throw new IllegalArgumentException(
          "feeRefund: clawback " + clawbackId + " cannot refund a negative fee, " + feeRefund);
    }
    if (amount.isZero() && feeRefund.isZero()) {
      throw new IllegalArgumentException(
          "clawback " + clawbackId + " takes back nothing: amount and feeRefund are both zero");
    }
    List<Posting> postings = new ArrayList<>(6);
    if (amount.isPositive()) {
      Conversion payout = commission.payout();
      transfer(
          postings,
          Account.advertiserUnbilled(commission.advertiserId(), currency),
          amount.negate(),
          c -> Account.publisherPayable(commission.publisherId(), c),
          payout == null ? null : payout.atSameRate(amount).negate());
    }
    if (feeRefund.isPositive()) {
      postings.add(Posting.debit(Account.networkRevenue(currency), feeRefund));
      postings.add(
          Posting.credit(
              Account.advertiserUnbilled(commission.advertiserId(), currency), feeRefund));
    }
    return new JournalEntry(
        "clawback/" + clawbackId, EntryKind.CLAWBACK, at, commission.references(), postings);
  }

  /**
   * An invoice issued: its net amount leaves {@link AccountKind#ADVERTISER_UNBILLED}, its VAT is
   * owed to the tax authority ({@link AccountKind#VAT_PAYABLE}), and the advertiser owes the gross
   * amount on {@link AccountKind#ADVERTISER_RECEIVABLE}. A negative invoice (a credit note, when
   * clawbacks outweigh new commissions) books the same postings the other way round.
   *
   * @throws IllegalArgumentException if the invoice is for zero: there is nothing to book
   */
  public static JournalEntry invoice(Invoice invoice, Instant issuedAt) {
    Objects.requireNonNull(invoice, "invoice");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (invoice.net().isZero()) {
      throw new IllegalArgumentException(
          "invoice " + invoice.number() + " is for zero; there is nothing to book");
    }
    CurrencyUnit currency = invoice.currency();
    List<Posting> postings = new ArrayList<>(3);
    add(postings, Account.advertiserReceivable(invoice.advertiserId(), currency), invoice.gross());
    add(
        postings,
        Account.advertiserUnbilled(invoice.advertiserId(), currency),
        invoice.net().negate());
    add(postings, Account.vatPayable(currency), invoice.vat().negate());
    return new JournalEntry(
        "invoice/" + invoice.number(),
        EntryKind.INVOICE,
        issuedAt,
        References.NONE.withInvoiceNumber(invoice.number().toString()),
        postings);
  }

  /**
   * Money received from an advertiser: debit {@link AccountKind#CASH}, credit {@link
   * AccountKind#ADVERTISER_RECEIVABLE}. A payment above what is owed leaves a credit balance, which
   * the next invoice uses up.
   *
   * @param amount above zero
   * @param invoiceNumber the invoice it pays, or null when the advertiser did not say
   */
  public static JournalEntry payment(
      String paymentId,
      String advertiserId,
      Money amount,
      @Nullable String invoiceNumber,
      Instant at) {
    Ids.require(paymentId, "paymentId");
    Ids.require(advertiserId, "advertiserId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(at, "at");
    if (!amount.isPositive()) {
      throw new IllegalArgumentException(
          "amount: payment " + paymentId + " must be above zero, not " + amount);
    }
    return new JournalEntry(
        "payment/" + paymentId,
        EntryKind.PAYMENT,
        at,
        References.NONE.withPaymentId(paymentId).withInvoiceNumber(invoiceNumber),
        List.of(
            Posting.debit(Account.cash(amount.currency()), amount),
            Posting.credit(Account.advertiserReceivable(advertiserId, amount.currency()), amount)));
  }

  /**
   * A payout scheduled: its amount leaves the publisher's available balance ({@link
   * AccountKind#PUBLISHER_PAYABLE}) for {@link AccountKind#PUBLISHER_PAYOUT_SCHEDULED}, so it
   * cannot be paid twice.
   */
  public static JournalEntry payoutScheduled(Payout payout, Instant at) {
    Objects.requireNonNull(payout, "payout");
    Objects.requireNonNull(at, "at");
    return payoutEntry(
        payout,
        "scheduled",
        EntryKind.PAYOUT_SCHEDULED,
        at,
        Account.publisherPayable(payout.publisherId(), payout.amount().currency()));
  }

  /**
   * A scheduled payout sent: it leaves {@link AccountKind#PUBLISHER_PAYOUT_SCHEDULED} and the
   * network's {@link AccountKind#CASH}.
   *
   * @throws IllegalArgumentException if the payout's status is not {@link PayoutStatus#SENT}
   */
  public static JournalEntry payoutSent(Payout payout, Instant at) {
    requireStatus(payout, PayoutStatus.SENT);
    Objects.requireNonNull(at, "at");
    List<Posting> postings =
        List.of(
            Posting.debit(scheduled(payout), payout.amount()),
            Posting.credit(Account.cash(payout.amount().currency()), payout.amount()));
    return new JournalEntry(
        "payout/" + payout.id() + "/sent",
        EntryKind.PAYOUT_SENT,
        at,
        References.NONE.withPayoutId(payout.id()),
        postings);
  }

  /**
   * A scheduled payout that failed (refused by the bank, wrong account details): the amount goes
   * back from {@link AccountKind#PUBLISHER_PAYOUT_SCHEDULED} to the publisher's available balance,
   * to be paid in a later payout.
   *
   * @throws IllegalArgumentException if the payout's status is not {@link PayoutStatus#FAILED}
   */
  public static JournalEntry payoutFailed(Payout payout, Instant at) {
    requireStatus(payout, PayoutStatus.FAILED);
    Objects.requireNonNull(at, "at");
    List<Posting> postings =
        List.of(
            Posting.debit(scheduled(payout), payout.amount()),
            Posting.credit(
                Account.publisherPayable(payout.publisherId(), payout.amount().currency()),
                payout.amount()));
    return new JournalEntry(
        "payout/" + payout.id() + "/failed",
        EntryKind.PAYOUT_FAILED,
        at,
        References.NONE.withPayoutId(payout.id()),
        postings);
  }

  /**
   * The exact opposite of a booked entry, which stays as it was: the way to cancel a mistake. The
   * reversal keeps the original's references and names it; its id is {@code reversal/} followed by
   * the original's id, so one entry can be reversed only once.
   */
  public static JournalEntry reversal(JournalEntry original, Instant at) {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(at, "at");
    return original.reversed("reversal/" + original.id(), at);
  }

  private static JournalEntry payoutEntry(
      Payout payout, String step, EntryKind kind, Instant at, Account from) {
    List<Posting> postings =
        List.of(
            Posting.debit(from, payout.amount()),
            Posting.credit(scheduled(payout), payout.amount()));
    return new JournalEntry(
        "payout/" + payout.id() + "/" + step,
        kind,
        at,
        References.NONE.withPayoutId(payout.id()),
        postings);
  }

  private static Account scheduled(Payout payout) {
    return Account.publisherPayoutScheduled(payout.publisherId(), payout.amount().currency());
  }

  private static void requireStatus(Payout payout, PayoutStatus status) {
    Objects.requireNonNull(payout, "payout");
    if (payout.status() != status) {
      throw new IllegalArgumentException(
          "payout "
              + payout.id()
              + " is "
              + payout.status()
              + "; only a "
              + status
              + " payout is booked as "
              + status);
    }
  }

  /**
   * Posts {@code amount} (signed) to {@code debited} and the same amount, converted when a
   * conversion is given, the other way to the account {@code credited} gives for its currency.
   */
  private static void transfer(
      List<Posting> postings,
      Account debited,
      Money amount,
      Function<CurrencyUnit, Account> credited,
      @Nullable Conversion conversion) {
    add(postings, debited, amount);
    if (conversion == null) {
      add(postings, credited.apply(amount.currency()), amount.negate());
      return;
    }
    Money converted = conversion.to();
    if (!converted.currency().equals(amount.currency())) {
      add(postings, Account.currencyExchange(amount.currency()), amount.negate());
      add(postings, Account.currencyExchange(converted.currency()), converted);
    }
    if (!converted.isZero()) {
      postings.add(
          new Posting(credited.apply(converted.currency()), converted.negate(), conversion));
    }
  }

  /** Adds a signed posting unless it is zero, which moves nothing. */
  private static void add(List<Posting> postings, Account account, Money signed) {
    if (!signed.isZero()) {
      postings.add(Posting.of(account, signed));
    }
  }

  private static void requireCurrency(Money amount, CurrencyUnit currency, String field) {
    if (!amount.currency().equals(currency)) {
      throw new IllegalArgumentException(
          field + ": " + amount + " is not in the commission's currency " + currency);
    }
  }
}
