/**
 * The network's money: a double-entry ledger, network fees, exchange rates, invoices and payouts.
 *
 * <p>Every movement of money (a locked commission, its network fee, an adjustment, a clawback, an
 * invoice, a payment, a payout and its outcome) is one immutable {@link JournalEntry} whose {@link
 * Posting postings} balance in each currency. {@link Books} builds those entries from the facts of
 * each movement; {@link Ledger} holds them, refuses what would break the books, ignores an entry it
 * already has (so re-running a processor changes nothing) and answers balances. A mistake is
 * corrected by a reversal and a new entry, never by an edit.
 *
 * <p>{@link NetworkFee} computes what the network charges on a commission, {@link RateTable}
 * converts between currencies from dated rates and records the rate used in a {@link Conversion},
 * {@link Invoice} and {@link InvoiceNumbers} build the monthly advertiser invoice, and {@link
 * Payouts} decides which publishers are paid.
 *
 * <p>Everything here is pure: storage, scheduling and HTTP live in the app module, which passes the
 * facts in and stores what comes out.
 */
@NullMarked
package dev.levier.finance;

import org.jspecify.annotations.NullMarked;
