/** Geography as exact ISO codes: countries, for targeting, tax and payout rules. */
@NullMarked
package dev.levier.geo;

import org.jspecify.annotations.NullMarked;
