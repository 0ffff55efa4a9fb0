package dev.levier.finance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The promises of the books, over any sequence of movements: they balance in every currency, a
 * split or a conversion never loses a minor unit, and processing the same movements again, or from
 * scratch, gives the same books.
 */
class FinancePropertyTest {

  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  static final List<String> ADVERTISERS = List.of("adv_0", "adv_1", "adv_2");
  static final List<String> PUBLISHERS = List.of("pub_0", "pub_1", "pub_2");

  /** Programme currency per advertiser and payout currency per publisher, so that some convert. */
  static final List<CurrencyUnit> ADVERTISER_CURRENCY =
      List.of(CurrencyUnit.EUR, CurrencyUnit.USD, CurrencyUnit.JPY);

  static final List<CurrencyUnit> PUBLISHER_CURRENCY =
      List.of(CurrencyUnit.EUR, CurrencyUnit.GBP, CurrencyUnit.BHD);

  static final List<String> VAT_PERCENTS = List.of("0", "19", "20", "5.5", "8.1");

  /** One movement, its meaning decided by {@code kind} and its numbers by the rest. */
  record Step(int kind, int x, int y, long amount, int rateBasisPoints) {}

  @Provide
  Arbitrary<List<Step>> movements() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.longs().between(0, 2_000_000),
                Arbitraries.integers().between(1, 30_000))
            .as(Step::new);
    return step.list().ofMinSize(0).ofMaxSize(60);
  }

  /** Plays movements on empty books, booking each the way the processors will. */
  static final class Simulation {
    Ledger books = Ledger.empty();
    final List<LockedCommission> locked = new ArrayList<>();
    final Map<String, Money> remaining = new HashMap<>();
    final Map<String, NetworkFee> fees = new HashMap<>();
    final List<Payout> open = new ArrayList<>();
    final InvoiceNumbers numbers = new InvoiceNumbers("LEV");
    InvoiceNumber lastNumber = null;
    int counter;

    Ledger run(List<Step> steps) {
      for (Step step : steps) {
        counter++;
        play(step, START.plusSeconds(60L * counter));
        assertThat(books.trialBalance()).allMatch(TrialBalance::isBalanced);
      }
      return books;
    }

    private void play(Step s, Instant at) {
      switch (s.kind()) {
        case 0, 1, 2 -> lock(s, at);
        case 3 -> clawback(s, at);
        case 4 -> adjustment(s, at);
        case 5 -> invoice(s, at);
        case 6 -> payment(s, at);
        case 7 -> payoutRun(s, at);
        case 8 -> payoutOutcome(s, at);
        case 9 -> reversal(s, at);
        default -> replay(s);
      }
    }

    private void lock(Step s, Instant at) {
      int a = s.x() % 3;
      int p = s.y() % 3;
      Money amount = Money.ofMinor(s.amount() % 100_000, ADVERTISER_CURRENCY.get(a));
      String id = "com_" + counter;
      LockedCommission commission =
          new LockedCommission(
              id,
              "cv_" + counter,
              s.x() % 2 == 0 ? "rule_" + s.y() : null,
              ADVERTISERS.get(a),
              PUBLISHERS.get(p),
              amount,
              toPublisher(amount, p, s, at),
              at);
      NetworkFee fee =
          new NetworkFee(
              BigDecimal.valueOf(s.x() % 41, s.y() % 3),
              s.y() % 2 == 0 ? Money.ofMinor(s.y() % 50, amount.currency()) : null);
      books = books.postAll(Books.lock(commission, fee));
      if (amount.isPositive()) {
        locked.add(commission);
        remaining.put(id, amount);
        fees.put(id, fee);
      }
    }

    private void clawback(Step s, Instant at) {
      if (locked.isEmpty()) {
        return;
      }
      LockedCommission commission = locked.get(s.x() % locked.size());
      Money before = remaining.get(commission.commissionId());
      if (before.isZero()) {
        return;
      }
      Money taken = Money.ofMinor(s.amount() % (before.minor() + 1), before.currency());
      Money refund = fees.get(commission.commissionId()).refund(before, taken);
      if (taken.isZero() && refund.isZero()) {
        return;
      }
      books = books.post(Books.clawback("cb_" + counter, commission, taken, refund, at));
      remaining.put(commission.commissionId(), before.minus(taken));
    }

    private void adjustment(Step s, Instant at) {
      int a = s.x() % 3;
      int p = s.y() % 3;
      long signed = s.amount() % 20_001 - 10_000;
      if (signed == 0) {
        return;
      }
      Money amount = Money.ofMinor(signed, ADVERTISER_CURRENCY.get(a));
      References refs = locked.isEmpty() ? References.NONE : locked.get(0).references();
      books =
          books.post(
              Books.adjustment(
                  "adj_" + counter,
                  ADVERTISERS.get(a),
                  PUBLISHERS.get(p),
                  amount,
                  toPublisher(amount, p, s, at),
                  refs,
                  at));
    }

    private void invoice(Step s, Instant at) {
      int a = s.x() % 3;
      CurrencyUnit currency = ADVERTISER_CURRENCY.get(a);
      Money unbilled =
          books.balanceOnNormalSide(Account.advertiserUnbilled(ADVERTISERS.get(a), currency));
      if (unbilled.isZero()) {
        return;
      }
      Money fees = unbilled.allocate(s.y() % 5, 7).get(0);
      InvoiceNumber number = numbers.next(lastNumber, 2026);
      Invoice invoice =
          new Invoice(
              number,
              ADVERTISERS.get(a),
              YearMonth.of(2026, 2),
              CountryCode.of("FR"),
              new BigDecimal(VAT_PERCENTS.get(s.y() % VAT_PERCENTS.size())),
              List.of(
                  new InvoiceLine(
                      "period_" + counter, null, "pub_0", at, unbilled.minus(fees), fees)));
      books = books.post(Books.invoice(invoice, at));
      lastNumber = number;
      assertThat(books.balance(Account.advertiserUnbilled(ADVERTISERS.get(a), currency)).isZero())
          .isTrue();
    }

    private void payment(Step s, Instant at) {
      int a = s.x() % 3;
      Money amount = Money.ofMinor(1 + s.amount() % 50_000, ADVERTISER_CURRENCY.get(a));
      books = books.post(Books.payment("pay_" + counter, ADVERTISERS.get(a), amount, null, at));
    }

    private void payoutRun(Step s, Instant at) {
      List<PayoutThreshold> thresholds = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        thresholds.add(
            new PayoutThreshold(
                PUBLISHERS.get(p), Money.ofMinor(s.amount() % 5_000, PUBLISHER_CURRENCY.get(p))));
      }
      PayoutPlan plan = Payouts.plan("run_" + counter, books.publisherBalances(), thresholds);
      for (Payout payout : plan.scheduled()) {
        books = books.post(Books.payoutScheduled(payout, at));
        open.add(payout);
      }
      assertThat(Payouts.plan("run_" + counter, books.publisherBalances(), thresholds).scheduled())
          .isEmpty();
    }

    private void payoutOutcome(Step s, Instant at) {
      if (open.isEmpty()) {
        return;
      }
      Payout payout = open.remove(s.x() % open.size());
      books =
          books.post(
              s.y() % 2 == 0
                  ? Books.payoutSent(payout.sent(), at)
                  : Books.payoutFailed(payout.failed("bank refused"), at));
    }

    private void reversal(Step s, Instant at) {
      List<JournalEntry> candidates =
          books.entries().stream()
              .filter(
                  e ->
                      e.kind() == EntryKind.FEE
                          || e.kind() == EntryKind.ADJUSTMENT
                          || e.kind() == EntryKind.INVOICE
                          || e.kind() == EntryKind.PAYMENT
                          || e.kind() == EntryKind.COMMISSION)
              .filter(e -> !books.contains("reversal/" + e.id()))
              .toList();
      if (candidates.isEmpty()) {
        return;
      }
      JournalEntry original = candidates.get(s.x() % candidates.size());
      books = books.post(Books.reversal(original, at));
      String commissionId = original.references().commissionId();
      if (original.kind() == EntryKind.COMMISSION && commissionId != null) {
        Money left = remaining.get(commissionId);
        remaining.put(commissionId, Money.zero(left.currency()));
      }
    }

    private void replay(Step s) {
      if (books.entries().isEmpty()) {
        return;
      }
      Ledger before = books;
      books = books.post(books.entries().get(s.x() % books.entries().size()));
      assertThat(books).isSameAs(before);
    }

    private static Conversion toPublisher(Money amount, int publisher, Step s, Instant at) {
      CurrencyUnit target = PUBLISHER_CURRENCY.get(publisher);
      if (target.equals(amount.currency())) {
        return null;
      }
      BigDecimal rate = BigDecimal.valueOf(s.rateBasisPoints(), 4);
      return Conversion.of(
          amount,
          new ExchangeRate(
              amount.currency(), target, rate, LocalDate.ofInstant(at, ZoneOffset.UTC)));
    }
  }

  @Property
  void anySequenceOfMovementsKeepsTheBooksBalancedInEachCurrency(
      @ForAll("movements") List<Step> steps) {
    Ledger books = new Simulation().run(steps);
    books.entries().stream()
        .map(JournalEntry::kind)
        .distinct()
        .forEach(kind -> Statistics.label("kinds booked").collect(kind));

    Map<Account, Long> recomputed = new TreeMap<>();
    Map<String, Long> perCurrency = new TreeMap<>();
    for (JournalEntry entry : books.entries()) {
      for (Posting posting : entry.postings()) {
        recomputed.merge(posting.account(), posting.amount().minor(), Math::addExact);
        perCurrency.merge(
            posting.amount().currency().code(), posting.amount().minor(), Math::addExact);
      }
    }
    recomputed.values().removeIf(v -> v == 0);
    assertThat(books.balances().keySet()).isEqualTo(recomputed.keySet());
    books
        .balances()
        .forEach((account, money) -> assertThat(money.minor()).isEqualTo(recomputed.get(account)));
    assertThat(perCurrency.values()).allMatch(sum -> sum == 0);
    assertThat(books.trialBalance()).allMatch(TrialBalance::isBalanced);
  }

  @Property
  void everyScheduledPayoutIsStillOwedUntilItIsSentOrFails(@ForAll("movements") List<Step> steps) {
    Simulation simulation = new Simulation();
    Ledger books = simulation.run(steps);

    Map<Account, Long> open = new HashMap<>();
    for (Payout payout : simulation.open) {
      open.merge(
          Account.publisherPayoutScheduled(payout.publisherId(), payout.amount().currency()),
          payout.amount().minor(),
          Math::addExact);
    }
    books
        .balances()
        .forEach(
            (account, money) -> {
              if (account.kind() == AccountKind.PUBLISHER_PAYOUT_SCHEDULED) {
                assertThat(-money.minor()).isEqualTo(open.getOrDefault(account, 0L));
              }
            });
  }

  @Property
  void processingTheSameMovementsAgainGivesTheSameBooks(@ForAll("movements") List<Step> steps) {
    Ledger first = new Simulation().run(steps);
    Ledger second = new Simulation().run(steps);

    assertThat(second.entries()).isEqualTo(first.entries());
    assertThat(second.balances()).isEqualTo(first.balances());
    Ledger rebuilt = Ledger.of(first.entries());
    assertThat(rebuilt.postAll(first.entries())).isSameAs(rebuilt);
    assertThat(rebuilt.balances()).isEqualTo(first.balances());
  }

  @Provide
  Arbitrary<List<InvoiceLine>> invoiceLines() {
    Arbitrary<InvoiceLine> line =
        Combinators.combine(
                Arbitraries.longs().between(-1_000_000, 100_000_000),
                Arbitraries.longs().between(-300_000, 30_000_000))
            .as((c, f) -> new InvoiceLine("x", null, "pub_1", START, eur(c), eur(f)));
    return line.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property
  void invoiceTotalsAreTheExactSumOfFeesAndLinesPlusVatRoundedOnce(
      @ForAll("invoiceLines") List<InvoiceLine> generated,
      @ForAll @IntRange(min = 0, max = 4) int vat) {
    List<InvoiceLine> lines = new ArrayList<>();
    long commission = 0;
    long fees = 0;
    for (int i = 0; i < generated.size(); i++) {
      InvoiceLine g = generated.get(i);
      lines.add(new InvoiceLine("com_" + i, null, "pub_1", START, g.commission(), g.fee()));
      commission += g.commission().minor();
      fees += g.fee().minor();
    }
    BigDecimal percent = new BigDecimal(VAT_PERCENTS.get(vat));
    Invoice invoice =
        new Invoice(
            InvoiceNumber.parse("LEV-2026-000001"),
            "adv_1",
            YearMonth.of(2026, 2),
            CountryCode.of("DE"),
            percent,
            lines);

    assertThat(invoice.commission().minor()).isEqualTo(commission);
    assertThat(invoice.fees().minor()).isEqualTo(fees);
    assertThat(invoice.net().minor()).isEqualTo(commission + fees);
    assertThat(lines.stream().mapToLong(l -> l.net().minor()).sum()).isEqualTo(commission + fees);
    BigDecimal exactVat = BigDecimal.valueOf(commission + fees).multiply(percent).movePointLeft(2);
    assertThat(exactVat.subtract(BigDecimal.valueOf(invoice.vat().minor())).abs())
        .isLessThanOrEqualTo(new BigDecimal("0.5"));
    assertThat(invoice.gross()).isEqualTo(invoice.net().plus(invoice.vat()));
    if (!invoice.net().isZero()) {
      Ledger books = Ledger.of(List.of(Books.invoice(invoice, START)));
      assertThat(books.balance(Account.advertiserUnbilled("adv_1", CurrencyUnit.EUR)))
          .isEqualTo(invoice.net().negate());
      assertThat(books.balance(Account.advertiserReceivable("adv_1", CurrencyUnit.EUR)))
          .isEqualTo(invoice.gross());
    }
  }

  @Provide
  Arbitrary<CurrencyUnit> currencies() {
    return Arbitraries.of(CurrencyUnit.JPY, CurrencyUnit.EUR, CurrencyUnit.BHD, CurrencyUnit.USD);
  }

  @Property
  void convertingThenSplittingNeverLosesAMinorUnit(
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor,
      @ForAll("currencies") CurrencyUnit from,
      @ForAll("currencies") CurrencyUnit to,
      @ForAll @LongRange(min = 1, max = 5_000_000_000L) long rateMicros,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 1_000) Integer> weights) {
    if (weights.stream().allMatch(w -> w == 0)) {
      weights = List.of(1);
    }
    if (from.equals(to)) {
      rateMicros = 1_000_000;
    }
    BigDecimal rate = BigDecimal.valueOf(rateMicros, 6);
    Money amount = Money.ofMinor(minor, from);

    Conversion conversion =
        from.equals(to)
            ? new Conversion(amount, amount, rate, LocalDate.of(2026, 3, 2))
            : Conversion.of(amount, new ExchangeRate(from, to, rate, LocalDate.of(2026, 3, 2)));

    BigDecimal exact =
        BigDecimal.valueOf(minor).multiply(rate).scaleByPowerOfTen(to.exponent() - from.exponent());
    assertThat(exact.subtract(BigDecimal.valueOf(conversion.to().minor())).abs())
        .isLessThanOrEqualTo(new BigDecimal("0.5"));
    List<Money> parts =
        conversion.to().allocate(weights.stream().map(BigDecimal::valueOf).toList());
    BigInteger sum = BigInteger.ZERO;
    for (Money part : parts) {
      sum = sum.add(BigInteger.valueOf(part.minor()));
    }
    assertThat(sum).isEqualTo(BigInteger.valueOf(conversion.to().minor()));
  }

  @Property
  void feeRefundsOfPartialClawbacksNeverExceedTheFeeAndAddUpToItAtTheEnd(
      @ForAll @LongRange(min = 1, max = 10_000_000) long commissionCents,
      @ForAll @IntRange(min = 0, max = 1_000_000) int percentTenThousandths,
      @ForAll @LongRange(min = 0, max = 500) long fixedCents,
      @ForAll @Size(max = 10) List<@LongRange(min = 0, max = 10_000_000) Long> takes) {
    NetworkFee fee = new NetworkFee(BigDecimal.valueOf(percentTenThousandths, 4), eur(fixedCents));
    Money charged = fee.on(eur(commissionCents));
    Money left = eur(commissionCents);
    long refunded = 0;
    for (long take : takes) {
      Money taken = eur(Math.min(take, left.minor()));
      refunded += fee.refund(left, taken).minor();
      left = left.minus(taken);
      assertThat(refunded).isBetween(0L, charged.minor());
    }
    refunded += fee.refund(left, left).minor();

    assertThat(refunded).isEqualTo(charged.minor());
  }

  @Property
  void anInverseRateUndoesTheRateToTwelveDigits(
      @ForAll @LongRange(min = 1, max = 100_000_000_000L) long rateMicros) {
    BigDecimal rate = BigDecimal.valueOf(rateMicros, 6);
    RateTable table =
        RateTable.of(
            List.of(
                new ExchangeRate(
                    CurrencyUnit.EUR, CurrencyUnit.USD, rate, LocalDate.of(2026, 1, 1))));

    BigDecimal inverse = table.rate(CurrencyUnit.USD, CurrencyUnit.EUR, START).rate();

    assertThat(inverse.multiply(rate).subtract(BigDecimal.ONE).abs())
        .isLessThanOrEqualTo(new BigDecimal("1E-11"));
  }

  static Money eur(long cents) {
    return Money.ofMinor(cents, CurrencyUnit.EUR);
  }
}
