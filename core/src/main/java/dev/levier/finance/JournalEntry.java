package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One movement of money in the books: postings that balance in each currency, when it happened and
 * what it is traced to.
 *
 * <p>An entry is immutable and is never edited once booked: a mistake is cancelled by a {@link
 * EntryKind#REVERSAL} and the right movement is booked as a new entry, so the books always show
 * what was believed at each moment. The constructor refuses an entry whose debits and credits
 * differ in any currency, so an unbalanced entry cannot exist, let alone be booked.
 *
 * @param id unique in the books and derived from the movement ({@link Books} builds it, such as
 *     {@code commission/com_42}), so that booking the same movement twice is recognised and ignored
 * @param kind the movement
 * @param occurredAt when it happened, in UTC
 * @param references what it is traced to
 * @param postings at least two postings, adding up to zero in each currency
 */
public record JournalEntry(
    String id, EntryKind kind, Instant occurredAt, References references, List<Posting> postings) {

  public JournalEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(references, "references");
    postings = List.copyOf(postings);
    if (id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    if (postings.size() < 2) {
      throw new IllegalArgumentException(
          "postings: entry "
              + id
              + " has "
              + postings.size()
              + " posting(s); a movement of money needs at least a debit and a credit");
    }
    Map<CurrencyUnit, long[]> sides = new TreeMap<>(JournalEntry::byCode);
    for (Posting posting : postings) {
      long[] debitsCredits = sides.computeIfAbsent(posting.amount().currency(), c -> new long[2]);
      long minor = posting.amount().minor();
      if (minor > 0) {
        debitsCredits[0] = Math.addExact(debitsCredits[0], minor);
      } else {
        debitsCredits[1] = Math.subtractExact(debitsCredits[1], minor);
      }
    }
    for (Map.Entry<CurrencyUnit, long[]> side : sides.entrySet()) {
      long debits = side.getValue()[0];
      long credits = side.getValue()[1];
      if (debits != credits) {
        CurrencyUnit currency = side.getKey();
        throw new IllegalArgumentException(
            "postings: entry "
                + id
                + " does not balance in "
                + currency
                + ": debits "
                + new Money(debits, currency)
                + ", credits "
                + new Money(credits, currency));
      }
    }
  }

  /** The same postings negated, a new entry: how a booked entry is cancelled. */
  JournalEntry reversed(String reversalId, Instant at) {
    return new JournalEntry(
        reversalId,
        EntryKind.REVERSAL,
        at,
        references.withReversedEntryId(id),
        postings.stream().map(Posting::negate).toList());
  }

  private static int byCode(CurrencyUnit a, CurrencyUnit b) {
    return a.code().compareTo(b.code());
  }
}
