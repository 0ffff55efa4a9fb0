package dev.levier.analytics;

import dev.levier.finance.MissingRateException;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every known customer of an advertiser with the orders it placed, oldest first, read from the
 * stored conversions (cancelled ones left out). A customer is known by the reference the advertiser
 * gives, or else by the hash of its e-mail; orders without either cannot be told apart and are left
 * out. Order values are what the customer kept (after returns), in the advertiser's currency,
 * converted at the rate of the order's day when needed; an order no rate converts counts as a
 * purchase without value.
 */
public final class CustomerHistories {

  /** One order of a customer. */
  public record Purchase(Instant at, double value, long programmeRow, long publisherRow) {}

  /** One customer's orders, oldest first. */
  public record History(String key, List<Purchase> purchases) {

    /** The first order: the one that acquired the customer. */
    public Purchase first() {
      return purchases.get(0);
    }

    /**
     * The customer as the lifetime value models see it on {@code asOf}, times in weeks: repeat
     * purchases, recency and age from the first order, mean value of the repeat purchases.
     */
    public CustomerSummary summary(Instant asOf) {
      Instant start = first().at();
      int repeats = purchases.size() - 1;
      double recency = repeats == 0 ? 0 : weeks(start, purchases.get(repeats).at());
      double age = Math.max(recency, weeks(start, asOf));
      double total = 0;
      for (int i = 1; i < purchases.size(); i++) {
        total += purchases.get(i).value();
      }
      return new CustomerSummary(repeats, recency, age, repeats == 0 ? 0 : total / repeats);
    }
  }

  private CustomerHistories() {}

  /** The weeks between two instants, as a decimal. */
  static double weeks(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / (7 * 86_400_000.0);
  }

  /** Every customer of the advertiser with orders placed before {@code asOf}. */
  public static List<History> of(
      Connection c, long advertiserRow, CurrencyUnit currency, RateTable rates, Instant asOf)
      throws SQLException {
    Map<String, List<Purchase>> byCustomer = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT customer_ref, email_hash, ordered_at, net_minor, currency, programme_id,"
                + " publisher_id FROM conversion WHERE advertiser_id = ? AND status <> 'cancelled'"
                + " AND ordered_at < ? AND (customer_ref IS NOT NULL OR email_hash IS NOT NULL)"
                + " ORDER BY ordered_at, id")) {
      s.setLong(1, advertiserRow);
      s.setObject(2, asOf.atOffset(ZoneOffset.UTC));
      s.setFetchSize(1000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String ref = r.getString("customer_ref");
          String key = ref != null ? "ref:" + ref : "email:" + r.getString("email_hash");
          Instant at = Sql.requiredInstant(r, "ordered_at");
          Money net =
              Money.ofMinor(
                  r.getLong("net_minor"), CurrencyUnit.of(Sql.requiredString(r, "currency")));
          byCustomer
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  new Purchase(
                      at,
                      valueIn(net, currency, rates, at),
                      r.getLong("programme_id"),
                      r.getLong("publisher_id")));
        }
      }
    }
    List<History> histories = new ArrayList<>(byCustomer.size());
    byCustomer.forEach((key, purchases) -> histories.add(new History(key, List.copyOf(purchases))));
    return histories;
  }

  /**
   * A purchase's value in the advertiser's currency, as the lifetime value models take it: a real
   * number for maximum likelihood, never an amount to book or pay (those stay in minor units).
   */
  private static double valueIn(Money amount, CurrencyUnit currency, RateTable rates, Instant at) {
    try {
      return rates.convert(amount, currency, at).to().toBigDecimal().doubleValue();
    } catch (MissingRateException e) {
      return 0;
    }
  }

  /** The advertiser's currency, or null when there is no such advertiser. */
  static @Nullable CurrencyUnit currencyOf(Connection c, long advertiserRow) throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT currency FROM advertiser WHERE id = ?",
            r -> CurrencyUnit.of(Sql.requiredString(r, "currency")),
            advertiserRow)
        .orElse(null);
  }
}
