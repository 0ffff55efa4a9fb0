/**
 * Pure tracking rules for the click path: which destinations a programme may send visitors to, how
 * a redirect URL is built, and what a click's IP address and user agent say about it (country,
 * data-centre origin, device type, bot). Lookups allocate little or nothing, because they run on
 * every click.
 */
@NullMarked
package dev.levier.tracking;

import org.jspecify.annotations.NullMarked;
