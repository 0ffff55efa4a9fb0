/**
 * Click tracking: links, coupons, the click redirect, the click journal and the in-memory index the
 * hot paths read.
 */
@NullMarked
package dev.levier.tracking;

import org.jspecify.annotations.NullMarked;
