package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The books: journal entries in the order they were booked, and the balances they add up to.
 *
 * <p>A ledger is an immutable value; {@link #post} returns a new ledger with the entry added. It
 * checks what single entries cannot check alone:
 *
 * <ul>
 *   <li>An entry whose id is already booked is ignored when it is equal to the booked one, so that
 *       a processor can run a batch again and change nothing; it is refused when it differs,
 *       because a booked entry is never changed (book a reversal and a new entry instead).
 *   <li>A reversal must cancel an entry already booked, exactly, and only once; payout entries are
 *       not reversed, since a payout ends as sent or failed.
 *   <li>A payout moves only along {@link PayoutStatus}: scheduled once, then sent or failed, and it
 *       is never scheduled for more than the publisher's available balance.
 * </ul>
 *
 * <p>Since every entry balances in each currency, every ledger does too: {@link #trialBalance()}
 * shows debits equal to credits in each currency.
 *
 * <p>Each {@link #postAll} copies the ledger once, so it suits a batch, a check or a simulation;
 * the books of a running network live in storage, which applies the same rules.
 */
public final class Ledger {

  private static final Ledger EMPTY = new Ledger(List.of(), Map.of(), Map.of(), Map.of(), Set.of());

  private final List<JournalEntry> entries;
  private final Map<String, JournalEntry> byId;
  private final Map<Account, Long> balances;
  private final Map<String, PayoutStatus> payouts;
  private final Set<String> reversed;

  private Ledger(
      List<JournalEntry> entries,
      Map<String, JournalEntry> byId,
      Map<Account, Long> balances,
      Map<String, PayoutStatus> payouts,
      Set<String> reversed) {
    this.entries = entries;
    this.byId = byId;
    this.balances = balances;
    this.payouts = payouts;
    this.reversed = reversed;
  }

  /** Books with no entry, where every balance is zero. */
  public static Ledger empty() {
    return EMPTY;
  }

  /** The books of these entries, booked in order; see {@link #post}. */
  public static Ledger of(Iterable<JournalEntry> entries) {
    return EMPTY.postAll(entries);
  }

  /**
   * These books with the entry added, or these very books when an equal entry is already booked.
   *
   * @throws IllegalArgumentException naming the entry, if it conflicts with a booked entry, is a
   *     reversal of nothing booked, moves a payout out of order, or schedules a payout above the
   *     publisher's available balance
   */
  public Ledger post(JournalEntry entry) {
    return postAll(List.of(entry));
  }

  /**
   * These books with the entries added in order, each as by {@link #post}; when one is refused,
   * none is added.
   */
  public Ledger postAll(Iterable<JournalEntry> toPost) {
    Objects.requireNonNull(toPost, "entries");
    Booking booking = null;
    for (JournalEntry entry : toPost) {
      Objects.requireNonNull(entry, "entry");
      JournalEntry booked = booking == null ? byId.get(entry.id()) : booking.byId.get(entry.id());
      if (booked != null) {
        if (!booked.equals(entry)) {
          throw new IllegalArgumentException(
              "entry "
                  + entry.id()
                  + " is already booked with other content; a booked entry is never changed:"
                  + " book a reversal and a new entry");
        }
        continue;
      }
      if (booking == null) {
        booking = new Booking(this);
      }
      booking.apply(entry);
    }
    return booking == null ? this : booking.freeze();
  }

  /** Every entry, in the order booked. */
  public List<JournalEntry> entries() {
    return entries;
  }

  /** The entry booked under this id, if any. */
  public Optional<JournalEntry> entry(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Whether an entry with this id is booked. */
  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** The balance of an account, debit positive and credit negative; zero for an unused account. */
  public Money balance(Account account) {
    Objects.requireNonNull(account, "account");
    return Money.ofMinor(balances.getOrDefault(account, 0L), account.currency());
  }

  /**
   * The balance of an account read on its normal side ({@link AccountKind#normalSide()}): positive
   * for what an advertiser owes on its accounts, for what the network owes a publisher on theirs,
   * for revenue earned; negative when the balance stands on the other side.
   */
  public Money balanceOnNormalSide(Account account) {
    Money signed = balance(account);
    return account.kind().normalSide() == Side.DEBIT ? signed : signed.negate();
  }

  /** Every account with a balance other than zero, in account order, debit positive. */
  public SortedMap<Account, Money> balances() {
    SortedMap<Account, Money> result = new TreeMap<>();
    balances.forEach(
        (account, minor) -> {
          if (minor != 0) {
            result.put(account, Money.ofMinor(minor, account.currency()));
          }
        });
    return Collections.unmodifiableSortedMap(result);
  }

  /**
   * The balances of all accounts of one kind added up per currency, on the kind's normal side (all
   * revenue per currency, all VAT owed per currency, ...): totals never mix currencies. Currencies
   * come in code order; those where the kind was never used are left out.
   */
  public Map<CurrencyUnit, Money> totals(AccountKind kind) {
    Objects.requireNonNull(kind, "kind");
    Map<String, Money> byCode = new TreeMap<>();
    balances.forEach(
        (account, minor) -> {
          if (account.kind() == kind) {
            Money normal = balanceOnNormalSide(account);
            byCode.merge(account.currency().code(), normal, Money::plus);
          }
        });
    Map<CurrencyUnit, Money> result = new LinkedHashMap<>();
    byCode.values().forEach(total -> result.put(total.currency(), total));
    return Collections.unmodifiableMap(result);
  }

  /**
   * Per currency, in code order, the sum of debit balances and of credit balances of all accounts;
   * balanced books have equal sums in every currency.
   */
  public List<TrialBalance> trialBalance() {
    Map<String, long[]> byCode = new TreeMap<>();
    Map<String, CurrencyUnit> units = new HashMap<>();
    balances.forEach(
        (account, minor) -> {
          String code = account.currency().code();
          units.put(code, account.currency());
          long[] sums = byCode.computeIfAbsent(code, c -> new long[2]);
          if (minor > 0) {
            sums[0] = Math.addExact(sums[0], minor);
          } else {
            sums[1] = Math.subtractExact(sums[1], minor);
          }
        });
    List<TrialBalance> result = new ArrayList<>(byCode.size());
    byCode.forEach(
        (code, sums) -> {
          CurrencyUnit currency = Objects.requireNonNull(units.get(code));
          result.add(
              new TrialBalance(
                  currency, Money.ofMinor(sums[0], currency), Money.ofMinor(sums[1], currency)));
        });
    return List.copyOf(result);
  }

  /**
   * What the network owes each publisher in each currency and has not yet put in a payout, for
   * every publisher whose balance is not zero, by publisher then currency: the input of {@link
   * Payouts#plan}.
   */
  public List<PublisherBalance> publisherBalances() {
    List<PublisherBalance> result = new ArrayList<>();
    for (Map.Entry<Account, Money> balance : balances().entrySet()) {
      Account account = balance.getKey();
      if (account.kind() == AccountKind.PUBLISHER_PAYABLE) {
        result.add(
            new PublisherBalance(
                Objects.requireNonNull(account.owner()), balance.getValue().negate()));
      }
    }
    return List.copyOf(result);
  }

  /** Where a payout stands in these books, or empty when it was never scheduled. */
  public Optional<PayoutStatus> payoutStatus(String payoutId) {
    return Optional.ofNullable(payouts.get(payoutId));
  }

  @Override
  public String toString() {
    return "Ledger[" + entries.size() + " entries, " + balances().size() + " accounts]";
  }

  /** The mutable copy one {@link #postAll} works on, frozen into a new ledger at the end. */
  private static final class Booking {
    final List<JournalEntry> entries;
    final Map<String, JournalEntry> byId;
    final Map<Account, Long> balances;
    final Map<String, PayoutStatus> payouts;
    final Set<String> reversed;

    Booking(Ledger from) {
      entries = new ArrayList<>(from.entries);
      byId = new HashMap<>(from.byId);
      balances = new HashMap<>(from.balances);
      payouts = new HashMap<>(from.payouts);
      reversed = new HashSet<>(from.reversed);
    }

    void apply(JournalEntry entry) {
      switch (entry.kind()) {
        case REVERSAL -> checkReversal(entry);
        case PAYOUT_SCHEDULED -> movePayout(entry, null, PayoutStatus.SCHEDULED);
        case PAYOUT_SENT -> movePayout(entry, PayoutStatus.SCHEDULED, PayoutStatus.SENT);
        case PAYOUT_FAILED -> movePayout(entry, PayoutStatus.SCHEDULED, PayoutStatus.FAILED);
        default -> {}
      }
      for (Posting posting : entry.postings()) {
        balances.merge(posting.account(), posting.amount().minor(), Math::addExact);
      }
      if (entry.kind() == EntryKind.PAYOUT_SCHEDULED) {
        checkNotOverdrawn(entry);
      }
      entries.add(entry);
      byId.put(entry.id(), entry);
    }

    private void checkReversal(JournalEntry entry) {
      String originalId = entry.references().reversedEntryId();
      if (originalId == null) {
        throw new IllegalArgumentException(
            "reversal " + entry.id() + " does not say which entry it reverses (reversedEntryId)");
      }
      JournalEntry original = byId.get(originalId);
      if (original == null) {
        throw new IllegalArgumentException(
            "reversal " + entry.id() + " reverses entry " + originalId + ", which is not booked");
      }
      if (isPayout(original.kind())) {
        throw new IllegalArgumentException(
            "reversal "
                + entry.id()
                + ": "
                + original.kind()
                + " entry "
                + originalId
                + " cannot be reversed; a scheduled payout ends as sent or failed");
      }
      if (!reversed.add(originalId)) {
        throw new IllegalArgumentException(
            "reversal " + entry.id() + ": entry " + originalId + " is already reversed");
      }
      List<Posting> opposite = original.postings().stream().map(Posting::negate).toList();
      if (!entry.postings().equals(opposite)) {
        throw new IllegalArgumentException(
            "reversal "
                + entry.id()
                + " is not the exact opposite of entry "
                + originalId
                + "; build it with Books.reversal");
      }
    }

    private void movePayout(JournalEntry entry, @Nullable PayoutStatus from, PayoutStatus to) {
      String payoutId = entry.references().payoutId();
      if (payoutId == null) {
        throw new IllegalArgumentException(
            entry.kind() + " entry " + entry.id() + " does not name its payout (payoutId)");
      }
      PayoutStatus current = payouts.get(payoutId);
      if (current != from) {
        String where = current == null ? "not scheduled" : "already " + current;
        throw new IllegalArgumentException(
            entry.kind()
                + " entry "
                + entry.id()
                + ": payout "
                + payoutId
                + " is "
                + where
                + "; a payout is scheduled once, then sent or failed");
      }
      payouts.put(payoutId, to);
    }

    private void checkNotOverdrawn(JournalEntry entry) {
      for (Posting posting : entry.postings()) {
        Account account = posting.account();
        if (account.kind() == AccountKind.PUBLISHER_PAYABLE && posting.amount().isPositive()) {
          long owed = -balances.getOrDefault(account, 0L);
          if (owed < 0) {
            Money before = Money.ofMinor(owed, account.currency()).plus(posting.amount());
            throw new IllegalArgumentException(
                "payout "
                    + entry.references().payoutId()
                    + " of "
                    + posting.amount()
                    + " is more than "
                    + account.owner()
                    + " is owed ("
                    + before
                    + ")");
          }
        }
      }
    }

    private static boolean isPayout(EntryKind kind) {
      return kind == EntryKind.PAYOUT_SCHEDULED
          || kind == EntryKind.PAYOUT_SENT
          || kind == EntryKind.PAYOUT_FAILED;
    }

    Ledger freeze() {
      return new Ledger(
          Collections.unmodifiableList(entries),
          Collections.unmodifiableMap(byId),
          Collections.unmodifiableMap(balances),
          Collections.unmodifiableMap(payouts),
          Collections.unmodifiableSet(reversed));
    }
  }
}
