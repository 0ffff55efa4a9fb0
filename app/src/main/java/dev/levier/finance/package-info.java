/**
 * The money as Levier keeps it: billing settings, dated exchange rates (loaded by API or CSV, held
 * in memory by {@link dev.levier.finance.Rates} for intake and the simulator), closed periods that
 * lock commissions, the double-entry ledger, invoices and payouts. The rules of the books are pure
 * code in the core module ({@code dev.levier.finance}); this package stores them and serves them.
 */
@NullMarked
package dev.levier.finance;

import org.jspecify.annotations.NullMarked;
