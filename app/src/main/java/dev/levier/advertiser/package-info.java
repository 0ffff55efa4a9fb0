/** Advertisers: the retailers and brands that run programmes. */
@NullMarked
package dev.levier.advertiser;

import org.jspecify.annotations.NullMarked;
