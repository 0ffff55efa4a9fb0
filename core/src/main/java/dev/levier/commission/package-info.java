/**
 * Dynamic commissions: what a publisher earns on a sale, line by line, from the programme's rules.
 *
 * <p>A {@link RuleSet} is one published version of a programme's rules. Each {@link Rule} pairs a
 * {@link Condition} (customer status, category, brand, publisher type, role in the journey, time of
 * day, ..., or a CEL expression over the same facts) with a {@link Basis} (a percentage of the
 * line, a fixed amount per line, unit or order) and an optional cap per order. {@link
 * CommissionEngine} applies a rule set to the facts of one sale ({@link SaleFacts}) and returns
 * what each line earns and why ({@link SaleCommission}): the rule, its version, the conditions that
 * held, the base, the rate and the amount.
 *
 * <p>After a commission is computed, {@link CommissionLifecycle} moves it through the statuses of
 * {@link CommissionStatus} (pending, approved or declined with a {@link DeclineReason}, locked,
 * invoiced, paid, or reversed). {@link CommissionReturns} works out what a return or cancellation
 * takes back, line by line and exactly, and whether it is a reduction before lock or a clawback
 * after. {@link MonthlyCaps} limit what a publisher or a whole programme earns in a month of the
 * programme's time zone, and {@link PeriodClose} settles a publisher's month: volume tiers as
 * adjustments on its commissions, and bonuses, idempotently.
 *
 * <p>Everything here is pure: the caller reads the rules and the sale from storage and passes them
 * in, so that the conversion processor, the what-if simulation and the command line compute the
 * same amounts.
 */
@NullMarked
package dev.levier.commission;

import org.jspecify.annotations.NullMarked;
