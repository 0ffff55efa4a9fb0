/**
 * Customer analytics: how many purchases a customer is still likely to make, what they will spend,
 * and what that is worth today.
 *
 * <p>The models work on one {@link CustomerSummary} per customer (repeat purchases, recency, age
 * and mean repeat value), the sufficient statistics of the "buy till you die" family. {@link BgNbd}
 * (Fader, Hardie and Lee 2005) predicts purchases and the probability that a customer is still
 * active; {@link GammaGamma} (Fader and Hardie) predicts the mean value of future purchases; {@link
 * LifetimeValue} combines them over a horizon with a discount rate.
 *
 * <p>Time is in whatever unit the summaries use (weeks for the CDNOW sample), and every duration
 * given to a model must be in that unit. Values are in the currency units of the summaries' means.
 * Results are estimates, computed in {@code double}: they rank customers and price their
 * acquisition; they are never amounts to pay, so they do not go through {@link
 * dev.levier.money.Money}.
 *
 * <p>Fitting uses Apache Commons Math (log-gamma, log-beta and a Nelder-Mead optimiser), a pure
 * arithmetic library; nothing here reads files or clocks.
 *
 * <p>Holdout experiments ({@link HoldoutResult}) measure what a publisher's reward adds: the
 * conversions of the visitors who saw it against those of a random share held out, with the
 * relative lift, its confidence interval and a p-value that hold for small samples.
 *
 * <p>Recommendations ({@link Recommender}) suggest programmes to a publisher and publishers to a
 * programme from an {@link AffinityMatrix} of what each pair sold by category, how each performs
 * and who works with whom; {@link RecommendEvaluation} checks them offline on hidden partnerships.
 */
@NullMarked
package dev.levier.analytics;

import org.jspecify.annotations.NullMarked;
