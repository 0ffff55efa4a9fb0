/**
 * The server's clock: the system clock, or a clock a simulation sets, so that clicks, sales,
 * experiments and month closes of a simulated period happen at their simulated times.
 */
@NullMarked
package dev.levier.clock;

import org.jspecify.annotations.NullMarked;
