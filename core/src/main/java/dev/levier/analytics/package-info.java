/**
 * Analytics: what publishers are worth: customer value models, holdout experiments.
 *
 * <p>Everything here is pure computation on counts and amounts that the app module reads from
 * storage, so the API, the reports and the command line give the same numbers.
 */
@NullMarked
package dev.levier.analytics;

import org.jspecify.annotations.NullMarked;
