/**
 * Multi-touch attribution in the running network: each programme's model and de-duplication rule
 * ({@link AttributionPolicy}, held in memory by {@link Attributions}), the journeys stored with
 * every conversion read back as paths ({@link JourneyPaths}), the models compared side by side over
 * a period, and the channel weights a data-driven model learns for the commission processor.
 */
@NullMarked
package dev.levier.attribution;

import org.jspecify.annotations.NullMarked;
