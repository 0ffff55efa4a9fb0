package dev.levier.commission;

import dev.levier.conversion.CustomerStatus;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A programme's period incentives, and the pure settlement of one publisher's month against them.
 *
 * <p><b>Volume tiers.</b> The publisher's confirmed sales in the month are counted by order; the
 * highest tier reached replaces the rate of each confirmed percentage commission paid at a lower
 * rate, retroactively for the whole month. The commission is not rewritten: an adjustment of {@code
 * base × tier% − base × own%} (each rounded half-even, as the engine rounds a line) is booked on
 * it, so a commission paid EUR 12.00 at 6% of EUR 200.00 gets EUR 4.00 more at 8%.
 *
 * <p><b>Bonuses.</b> A bonus is granted once in the month when the confirmed sales to new customers
 * reach its threshold.
 *
 * <p><b>Settling twice changes nothing.</b> What a month should carry is worked out from its
 * commissions alone, and the adjustments and bonuses already booked for it are subtracted; only a
 * difference is returned. Running the close again on the same month gives nothing; running it after
 * the month changed (a sale reversed below a tier's threshold) books the correction, negative if
 * need be. The result depends only on the arguments, in the order they are given.
 *
 * @param currency the programme's currency, in which every amount is
 * @param tiers the volume tiers, each threshold once (kept in threshold order)
 * @param bonuses the bonuses, each id once
 */
public record PeriodClose(CurrencyUnit currency, List<VolumeTier> tiers, List<Bonus> bonuses) {

  public PeriodClose {
    Objects.requireNonNull(currency, "currency");
    List<VolumeTier> sorted = new ArrayList<>(tiers);
    sorted.sort((a, b) -> Integer.compare(a.minSales(), b.minSales()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).minSales() == sorted.get(i - 1).minSales()) {
        throw new IllegalArgumentException(
            "tiers: two tiers start at " + sorted.get(i).minSales() + " sales");
      }
    }
    tiers = List.copyOf(sorted);
    bonuses = List.copyOf(bonuses);
    Set<String> ids = new HashSet<>();
    for (Bonus bonus : bonuses) {
      if (!ids.add(bonus.id())) {
        throw new IllegalArgumentException("bonuses: the id " + bonus.id() + " is used twice");
      }
      if (!bonus.amount().currency().equals(currency)) {
        throw new IllegalArgumentException(
            "bonuses: bonus "
                + bonus.id()
                + " pays "
                + bonus.amount()
                + ", not in the programme's currency "
                + currency);
      }
    }
  }

  /** The tier reached with {@code sales} confirmed sales, or null; for previews and tests. */
  public @Nullable VolumeTier tierFor(int sales) {
    VolumeTier reached = null;
    for (VolumeTier tier : tiers) {
      if (tier.minSales() <= sales) {
        reached = tier;
      }
    }
    return reached;
  }

  /**
   * Settles one publisher's month.
   *
   * @param publisherId the publisher
   * @param month the month, in the programme's time zone
   * @param commissions all the publisher's commissions of the month in the programme, whatever
   *     their status, each id once
   * @param booked the adjustments already booked for this month (from earlier closes)
   * @param granted the bonuses already booked for this month (from earlier closes)
   * @throws IllegalArgumentException if an amount is in another currency, an id repeats, or
   *     something booked names a commission or bonus that is not given
   */
  public PeriodSettlement settle(
      String publisherId,
      YearMonth month,
      List<MonthCommission> commissions,
      List<Adjustment> booked,
      List<BonusAward> granted) {
    Objects.requireNonNull(publisherId, "publisherId");
    Objects.requireNonNull(month, "month");
    Set<String> ids = new HashSet<>();
    Set<String> sold = new HashSet<>();
    Set<String> newOrders = new HashSet<>();
    for (MonthCommission c : commissions) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("commissions: the id " + c.id() + " is given twice");
      }
      requireCurrency("commission " + c.id(), c.base());
      if (c.status().isConfirmed()) {
        sold.add(c.orderId());
        if (c.customerStatus() == CustomerStatus.NEW) {
          newOrders.add(c.orderId());
        }
      }
    }
    Map<String, Money> adjustedBefore = sums(booked, Adjustment::commissionId, Adjustment::delta);
    for (String id : adjustedBefore.keySet()) {
      if (!ids.contains(id)) {
        throw new IllegalArgumentException(
            "booked: an adjustment names commission " + id + ", which is not among the month's");
      }
    }
    Map<String, Money> grantedBefore = sums(granted, BonusAward::bonusId, BonusAward::amount);
    for (String id : grantedBefore.keySet()) {
      if (bonuses.stream().noneMatch(b -> b.id().equals(id))) {
        throw new IllegalArgumentException(
            "granted: bonus " + id + " is not one of the programme's bonuses");
      }
    }
    int sales = sold.size();
    int newCustomers = newOrders.size();
    VolumeTier tier = tierFor(sales);
    String counted = sales + (sales == 1 ? " sale in " : " sales in ") + month;
    Money zero = Money.zero(currency);
    Money total = zero;
    List<Adjustment> adjustments = new ArrayList<>();
    for (MonthCommission c : commissions) {
      Money before = adjustedBefore.getOrDefault(c.id(), zero);
      Money target = zero;
      String why;
      BigDecimal own = c.percent();
      if (!c.status().isConfirmed()) {
        why = "commission " + c.id() + " is " + c.status() + ", so it does not count";
      } else if (tier == null) {
        why = "no volume tier is reached (" + counted + ")";
      } else if (own == null || own.compareTo(tier.percent()) >= 0) {
        why =
            "commission "
                + c.id()
                + (own == null
                    ? " is a fixed amount"
                    : " is paid at " + own.toPlainString() + "%, not below the tier's rate");
      } else {
        Money atTier = c.base().percent(tier.percent());
        Money atOwn = c.base().percent(own);
        target = atTier.minus(atOwn);
        why =
            "volume tier "
                + tier.describe()
                + " reached ("
                + counted
                + "): commission "
                + c.id()
                + " was paid at "
                + own.toPlainString()
                + "% of "
                + c.base()
                + "; at "
                + tier.percent().toPlainString()
                + "% it earns "
                + atTier
                + " instead of "
                + atOwn
                + ", so "
                + target
                + " more";
      }
      Money delta = target.minus(before);
      if (delta.isZero()) {
        continue;
      }
      String text =
          capitalize(why) + (before.isZero() ? "." : withBefore(before, delta, "adjusted"));
      adjustments.add(new Adjustment(c.id(), delta, text));
      total = total.plus(delta);
    }
    List<BonusAward> awards = new ArrayList<>();
    String customers =
        newCustomers + (newCustomers == 1 ? " new customer in " : " new customers in ") + month;
    for (Bonus bonus : bonuses) {
      Money before = grantedBefore.getOrDefault(bonus.id(), zero);
      String name = "Bonus \"" + bonus.name() + "\" (" + bonus.id() + ")";
      Money target = zero;
      String why;
      if (!bonus.offeredTo(publisherId)) {
        why = name + " is not offered to " + publisherId;
      } else if (newCustomers < bonus.newCustomers()) {
        why = name + ": " + customers + ", fewer than " + bonus.newCustomers();
      } else {
        target = bonus.amount();
        why = name + ": " + customers + " reach " + bonus.newCustomers() + ", so " + target;
      }
      Money delta = target.minus(before);
      if (delta.isZero()) {
        continue;
      }
      awards.add(
          new BonusAward(
              bonus.id(),
              delta,
              why + (before.isZero() ? "." : withBefore(before, delta, "granted"))));
      total = total.plus(delta);
    }
    String summary =
        publisherId
            + " in "
            + month
            + ": "
            + sales
            + (sales == 1 ? " sale, " : " sales, ")
            + newCustomers
            + (newCustomers == 1 ? " new customer" : " new customers")
            + (tier == null ? ", no volume tier" : ", volume tier " + tier.describe())
            + "; "
            + (adjustments.isEmpty() && awards.isEmpty()
                ? "nothing to book"
                : count(adjustments.size(), "adjustment")
                    + " and "
                    + count(awards.size(), "bonus")
                    + ", "
                    + total
                    + " in all")
            + ".";
    return new PeriodSettlement(
        publisherId, month, sales, newCustomers, tier, adjustments, awards, total, summary);
  }

  private static String withBefore(Money before, Money delta, String verb) {
    String now = delta.isNegative() ? delta.negate() + " is taken back" : delta + " is added";
    return "; " + before + " was " + verb + " before, so " + now + ".";
  }

  private static String count(int n, String noun) {
    String plural = noun.endsWith("s") ? noun + "es" : noun + "s";
    return n + " " + (n == 1 ? noun : plural);
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private <T> Map<String, Money> sums(
      List<T> items, Function<T, String> id, Function<T, Money> amount) {
    Map<String, Money> sums = new LinkedHashMap<>();
    for (T item : items) {
      Money value = amount.apply(item);
      requireCurrency(id.apply(item), value);
      sums.merge(id.apply(item), value, Money::plus);
    }
    return sums;
  }

  private void requireCurrency(String what, Money amount) {
    if (!amount.currency().equals(currency)) {
      throw new IllegalArgumentException(
          what + ": " + amount + " is not in the programme's currency " + currency);
    }
  }
}
