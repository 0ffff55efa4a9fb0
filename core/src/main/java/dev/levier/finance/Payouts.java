package dev.levier.finance;

import dev.levier.money.Money;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which publishers are paid in a payout run, and writes the payout file for the bank.
 *
 * <p>A publisher is paid per currency, the whole available balance, once that balance reaches the
 * publisher's threshold in that currency. A balance without a threshold in its currency is held
 * rather than paid with a guessed one, and a negative balance (a clawback after the money was paid
 * out) is held until later commissions cover it.
 */
public final class Payouts {
  private Payouts() {}

  /** The header of the payout file. */
  public static final String CSV_HEADER = "payout_id,publisher_id,currency,amount,status";

  /**
   * The payouts of one run. Ids are {@code runId:publisherId:currency}, so planning the same run
   * again from the same balances gives the same payouts, and a ledger that already booked them
   * ignores them; once they are booked, the balances are zero and a new plan schedules nothing.
   *
   * @param runId names the run, such as {@code 2026-03}; no two runs may share it
   * @param balances available balances, at most one per publisher and currency (see {@link
   *     Ledger#publisherBalances()})
   * @param thresholds at most one per publisher and currency
   * @throws IllegalArgumentException if a publisher has two balances or two thresholds in one
   *     currency
   */
  public static PayoutPlan plan(
      String runId, List<PublisherBalance> balances, List<PayoutThreshold> thresholds) {
    Ids.require(runId, "runId");
    Objects.requireNonNull(balances, "balances");
    Objects.requireNonNull(thresholds, "thresholds");
    Map<String, Money> minimum = new HashMap<>();
    for (PayoutThreshold threshold : thresholds) {
      String key = key(threshold.publisherId(), threshold.minimum());
      if (minimum.putIfAbsent(key, threshold.minimum()) != null) {
        throw new IllegalArgumentException(
            "thresholds: "
                + threshold.publisherId()
                + " has two thresholds in "
                + threshold.minimum().currency());
      }
    }
    List<PublisherBalance> sorted = new ArrayList<>(balances);
    sorted.sort(
        Comparator.comparing(PublisherBalance::publisherId)
            .thenComparing(b -> b.balance().currency().code()));
    List<Payout> scheduled = new ArrayList<>();
    List<PayoutPlan.Held> held = new ArrayList<>();
    String previous = null;
    for (PublisherBalance balance : sorted) {
      String key = key(balance.publisherId(), balance.balance());
      if (key.equals(previous)) {
        throw new IllegalArgumentException(
            "balances: "
                + balance.publisherId()
                + " has two balances in "
                + balance.balance().currency());
      }
      previous = key;
      Money amount = balance.balance();
      Money threshold = minimum.get(key);
      String reason = null;
      if (amount.isZero()) {
        reason = "nothing is owed";
      } else if (amount.isNegative()) {
        reason =
            "the publisher owes "
                + amount.negate()
                + " after clawbacks, recovered from later commissions";
      } else if (threshold == null) {
        reason = "no payout threshold in " + amount.currency();
      } else if (amount.compareTo(threshold) < 0) {
        reason = "below the threshold of " + threshold;
      }
      if (reason == null) {
        scheduled.add(
            Payout.scheduled(
                runId + ":" + balance.publisherId() + ":" + amount.currency(),
                balance.publisherId(),
                amount));
      } else {
        held.add(new PayoutPlan.Held(balance.publisherId(), amount, reason));
      }
    }
    return new PayoutPlan(scheduled, held);
  }

  /**
   * Writes the payout file: {@link #CSV_HEADER}, then one row per payout in the order given, the
   * amount in major units with the currency's decimals ({@code 1234.50}).
   */
  public static void writeCsv(List<Payout> payouts, Appendable out) {
    Objects.requireNonNull(payouts, "payouts");
    Objects.requireNonNull(out, "out");
    Csv.row(out, CSV_HEADER);
    for (Payout payout : payouts) {
      Csv.row(
          out,
          Csv.text(payout.id()),
          Csv.text(payout.publisherId()),
          Csv.plain(payout.amount().currency().code()),
          Csv.plain(payout.amount().toDecimalString()),
          Csv.plain(payout.status().toString()));
    }
  }

  private static String key(String publisherId, Money money) {
    return publisherId + " " + money.currency().code();
  }
}
