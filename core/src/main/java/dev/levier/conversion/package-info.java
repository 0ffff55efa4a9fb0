/**
 * What an advertiser reports when a visitor buys, and the pure decisions taken on it: the order and
 * its lines, returns and cancellation, whether the customer is new, which touch gets the credit
 * (last touch), and which fraud signals hold the conversion for review.
 *
 * <p>The conversion intake (API, postback, pixel), the commission engine and the analytics all call
 * these types, so they know nothing of HTTP or SQL: the caller looks up the touches, the customer's
 * last order and the recent orders, and passes them in.
 */
@NullMarked
package dev.levier.conversion;

import org.jspecify.annotations.NullMarked;
