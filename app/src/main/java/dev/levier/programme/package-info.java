/** Programmes: what an advertiser offers publishers, with its landing page and rules. */
@NullMarked
package dev.levier.programme;

import org.jspecify.annotations.NullMarked;
