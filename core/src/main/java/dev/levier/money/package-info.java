/** Money as minor units of an ISO 4217 currency: exact parsing, rounding and splitting. */
@NullMarked
package dev.levier.money;

import org.jspecify.annotations.NullMarked;
