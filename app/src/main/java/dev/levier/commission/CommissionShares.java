package dev.levier.commission;

import dev.levier.attribution.JourneyCredit;
import dev.levier.conversion.OrderLine;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one sale earns each publisher paid a part of it: the rules applied to the whole sale with
 * each publisher's own facts, every line split between the parts ({@link CommissionSplit}), then
 * channel de-duplication. Intake and the what-if simulation compute shares the same way through
 * here.
 */
public final class CommissionShares {

  private CommissionShares() {}

  /**
   * One publisher's part.
   *
   * @param whole what the whole sale earns under its rules, before the split
   * @param paid what its part pays: its share of {@code whole}, less channel de-duplication
   */
  public record Part(SaleCommission whole, SaleCommission paid) {}

  /**
   * Evaluates the sale for every paid part and splits it.
   *
   * @param shares every channel's part of the sale, adding up to the whole
   * @param reduceByPercent what channel de-duplication takes off every paid part, or null
   * @param factsOf the facts of the sale as the publisher of a paid part sees them (its type,
   *     group, role, click device)
   * @return one part per share, in the same order; null for a part nobody is paid
   */
  public static List<@Nullable Part> evaluate(
      CommissionEngine engine,
      List<JourneyCredit.Share> shares,
      @Nullable BigDecimal reduceByPercent,
      Function<JourneyCredit.Share, SaleFacts> factsOf,
      boolean lead,
      List<OrderLine> lines,
      CurrencyUnit currency) {
    List<SaleCommission> whole = new ArrayList<>(shares.size());
    long[] parts = new long[shares.size()];
    Money zero = Money.zero(currency);
    for (int i = 0; i < shares.size(); i++) {
      JourneyCredit.Share share = shares.get(i);
      parts[i] = share.partsPerBillion();
      if (!share.paid()) {
        whole.add(new SaleCommission(engine.rules().version(), List.of(), zero));
        continue;
      }
      SaleFacts facts = factsOf.apply(share);
      whole.add(lead ? engine.evaluateLead(facts) : engine.evaluateSale(facts, lines));
    }
    List<SaleCommission> split = CommissionSplit.split(whole, parts);
    List<@Nullable Part> result = new ArrayList<>(shares.size());
    for (int i = 0; i < shares.size(); i++) {
      if (!shares.get(i).paid()) {
        result.add(null);
        continue;
      }
      SaleCommission computed = split.get(i);
      if (reduceByPercent != null) {
        long taken =
            reduceByPercent
                .movePointLeft(2)
                .multiply(BigDecimal.valueOf(CommissionSplit.WHOLE))
                .longValueExact();
        computed =
            CommissionSplit.split(
                    List.of(computed, computed), new long[] {CommissionSplit.WHOLE - taken, taken})
                .get(0);
      }
      result.add(new Part(whole.get(i), computed));
    }
    return result;
  }
}
