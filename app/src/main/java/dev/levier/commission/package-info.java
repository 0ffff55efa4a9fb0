/**
 * Commission rule sets as programmes keep them (drafts, published versions), the commissions
 * computed on incoming sales, and what-if simulations over stored sales. The rules themselves are
 * evaluated by the pure engine in the core module.
 */
@NullMarked
package dev.levier.commission;

import org.jspecify.annotations.NullMarked;
