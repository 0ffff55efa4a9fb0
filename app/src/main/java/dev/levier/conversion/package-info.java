/**
 * Conversion intake (API, postback, pixel), the conversion journal that attributes and stores them,
 * and their management.
 */
@NullMarked
package dev.levier.conversion;

import org.jspecify.annotations.NullMarked;
