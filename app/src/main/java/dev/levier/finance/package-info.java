/**
 * Dated exchange rates as the network keeps them: loaded by the admin (JSON or a CSV file, through
 * the API or the command line), listed, used to convert an amount, and held in memory ({@link
 * dev.levier.finance.Rates}) for conversion intake and the what-if simulator. The rule that picks
 * the rate in effect is the pure {@link dev.levier.finance.RateTable} of the core module.
 */
@NullMarked
package dev.levier.finance;

import org.jspecify.annotations.NullMarked;
