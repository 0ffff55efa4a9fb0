/**
 * Programmatic buying, as pure engines: line items and creatives, the targeting index, bid
 * strategies with smoothed predicted rates, first-price shading, floors, frequency caps, budgets
 * and pacing, and the notice macros. Prices here are {@link dev.levier.rtb.Micros micros}; the
 * OpenRTB wire model and the HTTP server live in the app module.
 */
@NullMarked
package dev.levier.rtb;

import org.jspecify.annotations.NullMarked;
