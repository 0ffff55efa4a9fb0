package dev.levier.commission;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A programme's monthly caps and the time zone its months are counted in.
 *
 * <p>An order belongs to the month of its local date in the programme's time zone: an order placed
 * at 23:30 UTC on 31 January belongs to February for a programme in Paris, and stays in January for
 * one in New York. Caps are applied one after the other, the publisher's first: a commission cut by
 * the publisher's cap counts only what it still pays against the programme's.
 *
 * @param currency the programme's currency, in which every cap is
 * @param zone the programme's time zone
 * @param caps at most one cap per scope, applied in scope order (publisher, then programme)
 */
public record MonthlyCaps(CurrencyUnit currency, ZoneId zone, List<MonthlyCap> caps) {

  public MonthlyCaps {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(zone, "zone");
    List<MonthlyCap> sorted = new ArrayList<>(caps);
    sorted.sort((a, b) -> a.scope().compareTo(b.scope()));
    Set<MonthlyCap.Scope> scopes = EnumSet.noneOf(MonthlyCap.Scope.class);
    for (MonthlyCap cap : sorted) {
      if (!scopes.add(cap.scope())) {
        throw new IllegalArgumentException(
            "caps: at most one cap per scope, and " + cap.scope() + " has two");
      }
      if (!cap.max().currency().equals(currency)) {
        throw new IllegalArgumentException(
            "caps: the "
                + cap.scope()
                + " cap's "
                + cap.max()
                + " is not in the programme's currency "
                + currency);
      }
    }
    caps = List.copyOf(sorted);
  }

  /** The month an order placed at {@code orderedAt} belongs to, in {@code zone}. */
  public static YearMonth monthOf(Instant orderedAt, ZoneId zone) {
    return YearMonth.from(LocalDate.ofInstant(orderedAt, zone));
  }

  /** The month an order placed at {@code orderedAt} belongs to, in the programme's time zone. */
  public YearMonth monthOf(Instant orderedAt) {
    return monthOf(orderedAt, zone);
  }

  /**
   * What a new commission is paid under the caps.
   *
   * @param earned what was already earned in the commission's month
   * @param amount what the commission would pay without monthly caps, zero or more
   * @return the amount paid and, when capped, every reason, joined by "; "
   */
  public CapOutcome apply(MonthToDate earned, Money amount) {
    Objects.requireNonNull(earned, "earned");
    Objects.requireNonNull(amount, "amount");
    if (!amount.currency().equals(currency) || !earned.publisher().currency().equals(currency)) {
      throw new IllegalArgumentException(
          "amount and earned: must be in the programme's currency "
              + currency
              + ", not "
              + amount
              + " and "
              + earned.publisher());
    }
    Money paid = amount;
    List<String> reasons = new ArrayList<>(caps.size());
    for (MonthlyCap cap : caps) {
      CapOutcome outcome = cap.apply(earned.month(), earned.earned(cap.scope()), paid);
      paid = outcome.paid();
      if (outcome.reason() != null) {
        reasons.add(outcome.reason());
      }
    }
    return new CapOutcome(amount, paid, reasons.isEmpty() ? null : String.join("; ", reasons));
  }

  /**
   * A sale's commission under the caps: when capped, what it still pays is shared among its parts
   * in proportion to what each earned, exactly to the minor unit (as a cap per order is), and each
   * part keeps the reason after any earlier one.
   */
  public SaleCommission apply(MonthToDate earned, SaleCommission sale) {
    Objects.requireNonNull(sale, "sale");
    CapOutcome outcome = apply(earned, sale.total());
    String reason = outcome.reason();
    if (reason == null) {
      return sale;
    }
    List<LineCommission> parts = new ArrayList<>(sale.parts());
    List<Integer> paying = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).amount().isPositive()) {
        paying.add(i);
      }
    }
    long[] weights = new long[paying.size()];
    for (int k = 0; k < paying.size(); k++) {
      weights[k] = parts.get(paying.get(k)).amount().minor();
    }
    List<Money> shares = outcome.paid().allocate(weights);
    for (int k = 0; k < paying.size(); k++) {
      LineCommission part = parts.get(paying.get(k));
      String note = part.capNote() == null ? reason : part.capNote() + "; then " + reason;
      parts.set(paying.get(k), part.capped(shares.get(k), note));
    }
    return new SaleCommission(sale.version(), parts, outcome.paid());
  }
}
