package dev.levier.demo;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code levier demo} found: the simulated market's truth beside what Levier estimated, the
 * fraud planted beside the fraud caught, and the totals reconciled. Amounts are decimal strings in
 * euros (other currencies converted at the market's fixed rates), so that advertisers add up.
 *
 * @param run what was simulated and sent
 * @param publisherTypes per honest publisher type, truth and estimate
 * @param fraud per planted kind, planted and caught
 * @param reconciliation the totals Levier stored beside what was sent
 * @param reports where to look next
 */
public record DemoSummary(
    Run run,
    List<TypeRow> publisherTypes,
    List<FraudRow> fraud,
    Reconciliation reconciliation,
    List<Report> reports) {

  /**
   * The run.
   *
   * @param customers customers simulated (besides those planted fraud works on)
   * @param days days simulated
   * @param seed the market's seed
   * @param from the first instant simulated
   * @param to the end of the simulated period (exclusive)
   * @param currency the currency of the summary's amounts
   * @param clicks clicks sent through the redirect
   * @param touchpoints touches in the advertisers' own channels reported
   * @param conversionsSent orders reported
   * @param heldOut orders never placed because the reward that would have decided them was held out
   *     by an experiment
   * @param returns returns reported
   * @param cancellations cancellations reported
   * @param seconds wall time of the simulation, setup and reports included
   */
  public record Run(
      int customers,
      int days,
      long seed,
      String from,
      String to,
      String currency,
      int clicks,
      int touchpoints,
      int conversionsSent,
      int heldOut,
      int returns,
      int cancellations,
      double seconds) {}

  /**
   * One publisher type.
   *
   * @param publisherType the type
   * @param trueIncrementalRevenue the net revenue of the orders this type caused: that would not
   *     have happened without it (the market's ground truth)
   * @param estimatedValue what Levier estimates the type brought
   * @param estimatedFrom how: {@code holdout} (the incremental conversions the holdout experiments
   *     measured, at the type's average order value) or {@code markov} (the value the data-driven
   *     model credits the type with, from the fairness report)
   * @param markovValue the value the data-driven model (Markov chain) credits the type with, for
   *     every type: beside the holdout's figure it shows how much of a reward site's credit was
   *     interception
   * @param paid the commission Levier computed for the type (declined ones left out)
   * @param valueToPay the estimated value over the pay; null when nothing was paid
   * @param trueValueToPay the true incremental revenue over the pay; null when nothing was paid
   * @param trueRank the type's place by true incremental revenue, from 1
   * @param estimatedRank its place by Levier's estimate
   */
  public record TypeRow(
      String publisherType,
      String trueIncrementalRevenue,
      String estimatedValue,
      String estimatedFrom,
      String markovValue,
      String paid,
      @Nullable String valueToPay,
      @Nullable String trueValueToPay,
      int trueRank,
      int estimatedRank) {}

  /**
   * One kind of planted fraud.
   *
   * @param kind the kind planted
   * @param signal the fraud signal expected to catch it
   * @param planted orders carrying it that were sent
   * @param flagged orders Levier held with that signal
   * @param caught planted orders Levier held with that signal
   * @param precision caught over flagged; null when nothing was flagged
   * @param recall caught over planted; null when nothing was planted
   */
  public record FraudRow(
      String kind,
      String signal,
      int planted,
      int flagged,
      int caught,
      @Nullable String precision,
      @Nullable String recall) {}

  /**
   * The totals, checked.
   *
   * @param conversionsSent orders reported and acknowledged
   * @param conversionsStored sales Levier's publisher report counts (cancelled ones included)
   * @param commission per programme currency, the commission approved beside what the ledger booked
   *     when the months closed
   * @param heldDeclined commissions of held sales declined by the demo's review
   * @param notLocked approved commissions the month closes could not lock (they say why)
   * @param reconciled whether every pair agrees and every approved commission was booked
   */
  public record Reconciliation(
      int conversionsSent,
      int conversionsStored,
      List<CurrencyCheck> commission,
      int heldDeclined,
      int notLocked,
      boolean reconciled) {}

  /**
   * One currency's commission: approved sales' commission against the ledger.
   *
   * @param currency the programme currency
   * @param commission the commission of the period's sales, from the publisher report
   * @param ledger what the closes booked to advertisers (their unbilled balances)
   */
  public record CurrencyCheck(String currency, String commission, String ledger) {}

  /**
   * A place to look next.
   *
   * @param name what it shows
   * @param url where (with the admin key)
   */
  public record Report(String name, String url) {}
}
