package dev.levier.experiment;

import dev.levier.analytics.HoldoutCounts;
import dev.levier.analytics.HoldoutInterval;
import dev.levier.analytics.HoldoutResult;
import dev.levier.analytics.HoldoutSignificance;
import dev.levier.analytics.LiftEstimate;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a holdout experiment measured: the visitors of each group, those who converted, and the
 * analysis of {@link HoldoutResult} on those four counts (see docs/analytics.md, "Holdout
 * experiments", "In the API").
 *
 * <p>A visitor is in a group when the redirect put one of its clicks on the partnership in that
 * group during the experiment. A visitor converted when the programme received a sale, not
 * cancelled, ordered from its first click of the experiment to the attribution window after its
 * last, whose visitor id is the visitor's or whose journey holds one of the visitor's clicks,
 * whoever the sale was credited to: held-out visitors buy without the reward, often through another
 * channel, and a count of credited sales alone would hide exactly the sales the holdout measures.
 * Each visitor counts once, however many times it bought: the rates are shares of visitors, as the
 * statistics need.
 *
 * @param from the start of the experiment
 * @param to the end of the clicks counted: the experiment's end, or now while it runs
 * @param attributionWindowDays how long after a visitor's last click its sales count
 * @param treatedRate treated conversions over treated visitors; null without treated visitors
 * @param holdoutRate the same for the holdout
 * @param confidenceLevel the level of every interval, 0.90
 * @param rateDifference treated rate minus holdout rate (Newcombe's hybrid score interval)
 * @param incrementalConversions treated conversions that would not have happened without the reward
 * @param lift treated rate over holdout rate minus one (Koopman's score interval)
 * @param significance the two-sided p-value of "the reward changes nothing" and the test used
 * @param undefinedBecause why the analysis is missing (a group without visitors), else null
 */
public record ExperimentResults(
    Instant from,
    Instant to,
    int attributionWindowDays,
    long treatedVisitors,
    long treatedConversions,
    long holdoutVisitors,
    long holdoutConversions,
    @Nullable Double treatedRate,
    @Nullable Double holdoutRate,
    double confidenceLevel,
    @Nullable Interval rateDifference,
    @Nullable Interval incrementalConversions,
    @Nullable Lift lift,
    @Nullable Significance significance,
    @Nullable String undefinedBecause) {

  /** An estimate with its confidence interval. */
  public record Interval(double estimate, double lower, double upper) {
    static Interval of(HoldoutInterval interval) {
      return new Interval(interval.estimate(), interval.lower(), interval.upper());
    }
  }

  /**
   * The relative lift; {@code estimate} and {@code upper} are null when the holdout has no
   * conversion, and {@code undefinedBecause} then says why.
   */
  public record Lift(
      @Nullable Double estimate,
      double lower,
      @Nullable Double upper,
      @Nullable String undefinedBecause) {
    static Lift of(LiftEstimate lift) {
      return new Lift(lift.estimate(), lift.lower(), lift.upper(), lift.undefinedBecause());
    }
  }

  /**
   * The p-value and the test that gave it: {@code fisher-exact} when some expected cell count is
   * below 5, else {@code pooled-z}.
   */
  public record Significance(double pValue, String method, double smallestExpectedCount) {
    static Significance of(HoldoutSignificance significance) {
      String method =
          switch (significance.method()) {
            case FISHER_EXACT -> "fisher-exact";
            case POOLED_Z -> "pooled-z";
          };
      return new Significance(significance.pValue(), method, significance.smallestExpectedCount());
    }
  }

  /** The results of these counts: the analysis when both groups have visitors. */
  static ExperimentResults of(
      Instant from,
      Instant to,
      int attributionWindowDays,
      long treatedVisitors,
      long treatedConversions,
      long holdoutVisitors,
      long holdoutConversions) {
    Double treatedRate =
        treatedVisitors == 0 ? null : (double) treatedConversions / treatedVisitors;
    Double holdoutRate =
        holdoutVisitors == 0 ? null : (double) holdoutConversions / holdoutVisitors;
    if (treatedVisitors == 0 || holdoutVisitors == 0) {
      String why =
          treatedVisitors == 0 && holdoutVisitors == 0
              ? "no visitor in either group yet"
              : treatedVisitors == 0
                  ? "no treated visitor yet: a comparison needs both groups"
                  : "no held-out visitor yet: a comparison needs both groups";
      return new ExperimentResults(
          from,
          to,
          attributionWindowDays,
          treatedVisitors,
          treatedConversions,
          holdoutVisitors,
          holdoutConversions,
          treatedRate,
          holdoutRate,
          HoldoutResult.DEFAULT_CONFIDENCE_LEVEL,
          null,
          null,
          null,
          null,
          why);
    }
    HoldoutResult result =
        HoldoutResult.of(
            new HoldoutCounts(
                treatedVisitors, treatedConversions, holdoutVisitors, holdoutConversions));
    return new ExperimentResults(
        from,
        to,
        attributionWindowDays,
        treatedVisitors,
        treatedConversions,
        holdoutVisitors,
        holdoutConversions,
        result.treatedRate(),
        result.holdoutRate(),
        result.confidenceLevel(),
        Interval.of(result.rateDifference()),
        Interval.of(result.incrementalConversions()),
        Lift.of(result.lift()),
        Significance.of(result.significance()),
        null);
  }
}
