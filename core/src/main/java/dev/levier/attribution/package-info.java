/**
 * Multi-touch attribution: how much of each conversion, and of its value, each channel of the
 * customer's journey earned.
 *
 * <p>{@link Paths} holds journeys summarised as paths of channels with how many ended in a
 * conversion, what those conversions were worth and how many ended without one (the common
 * path-summary format of attribution tools). An {@link AttributionModel} turns them into {@link
 * Credits}: heuristic models ({@link LastTouch}, {@link FirstTouch}, {@link Linear}, {@link
 * TimeDecay}, {@link PositionBased}, {@link RoleBased}) share each path between its touches by a
 * fixed rule ({@link TouchModel}); data-driven models ({@link MarkovChain}, {@link Shapley}) learn
 * each channel's part from all the paths together.
 *
 * <p>Credits are estimates, computed in {@code double}. Money is never split here: the commission
 * processor turns the shares of one journey into amounts with {@link
 * dev.levier.money.Money#allocate(java.util.List)}, whose parts add up to the commission exactly.
 *
 * <p>Everything here is pure, so the command line, the API report and the commission processor
 * compute the same credits.
 */
@NullMarked
package dev.levier.attribution;

import org.jspecify.annotations.NullMarked;
