/**
 * What publishers are worth to an advertiser: sales rolled up per programme, local day and
 * publisher ({@link SaleRollups}), kept exact by rebuilding every day a change touches, and the
 * metrics read from them ({@link PublisherMetrics}).
 */
@NullMarked
package dev.levier.analytics;

import org.jspecify.annotations.NullMarked;
