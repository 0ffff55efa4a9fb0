package dev.levier.demo;

import java.io.PrintWriter;

/** The summary as a person reads it at the end of {@code levier demo}. */
public final class DemoSummaryText {
  private DemoSummaryText() {}

  public static void print(DemoSummary summary, PrintWriter out) {
    DemoSummary.Run run = summary.run();
    out.println();
    out.printf(
        "Levier demo: %,d customers over %d days (seed %d), %s to %s%n",
        run.customers(), run.days(), run.seed(), run.from(), run.to());
    out.printf(
        "  sent %,d clicks, %,d touches in the advertisers' own channels, %,d sales, %,d returns,"
            + " %,d cancellations in %.1f s%n",
        run.clicks(),
        run.touchpoints(),
        run.conversionsSent(),
        run.returns(),
        run.cancellations(),
        run.seconds());
    out.printf(
        "  %,d customers held out from a reward by the experiments did not buy%n", run.heldOut());
    out.println();
    out.println(
        "What each publisher type brought (EUR): the truth the market knows, Levier's estimate,"
            + " what it was paid");
    out.printf(
        "  %-11s %14s %14s %-8s %12s %9s %9s %5s%n",
        "type", "true incr.", "estimated", "from", "paid", "value/pay", "true/pay", "rank");
    for (DemoSummary.TypeRow row : summary.publisherTypes()) {
      out.printf(
          "  %-11s %12s %12s %-8s %12s %11s %9s %9s %5s%n",
          row.publisherType(),
          row.trueIncrementalRevenue(),
          row.estimatedValue(),
          row.estimatedFrom(),
          row.markovValue(),
          row.paid(),
          String.valueOf(row.valueToPay()),
          String.valueOf(row.trueValueToPay()),
          row.trueRank()
              + (row.trueRank() == row.estimatedRank() ? "=" : "≠")
              + row.estimatedRank());
    }
    out.println();
    out.println("Planted fraud and what Levier held for review");
    out.printf(
        "  %-15s %-16s %8s %8s %8s %10s %7s%n",
        "kind", "signal", "planted", "flagged", "caught", "precision", "recall");
    for (DemoSummary.FraudRow row : summary.fraud()) {
      out.printf(
          "  %-15s %-16s %8d %8d %8d %10s %7s%n",
          row.kind(),
          row.signal(),
          row.planted(),
          row.flagged(),
          row.caught(),
          String.valueOf(row.precision()),
          String.valueOf(row.recall()));
    }
    out.println();
    DemoSummary.Reconciliation totals = summary.reconciliation();
    out.printf(
        "Reconciliation: %s%n", totals.reconciled() ? "every total agrees" : "TOTALS DISAGREE");
    out.printf(
        "  conversions sent %,d, stored %,d; %,d commissions of held sales declined; %,d approved"
            + " commissions not locked at the month's close%n",
        totals.conversionsSent(),
        totals.conversionsStored(),
        totals.heldDeclined(),
        totals.notLocked());
    for (DemoSummary.CurrencyCheck check : totals.commission()) {
      out.printf(
          "  commission %s %s, booked in the ledger %s%n",
          check.currency(), check.commission(), check.ledger());
    }
    out.println();
    out.println("Where to look next (with the admin key):");
    for (DemoSummary.Report report : summary.reports()) {
      out.printf("  %-45s %s%n", report.name(), report.url());
    }
    out.flush();
  }
}
