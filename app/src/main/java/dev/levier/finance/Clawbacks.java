package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Books what a return takes back from a locked commission: the publisher owes it back out of its
 * next payout, and the advertiser is credited, with its share of the network fee, on its next
 * invoice.
 */
public final class Clawbacks {
  private Clawbacks() {}

  private record Booked(
      String commissionId,
      String conversionId,
      String publisherId,
      String advertiserId,
      long advertiserRow,
      CurrencyUnit currency,
      long lockedMinor,
      @Nullable Instant lockedAt,
      String parts) {}

  /**
   * Books a clawback of {@code amountMinor} from the commission; does nothing when the commission
   * was never booked (locked with a zero amount, or not locked at all).
   *
   * @param earlierMinor what earlier clawbacks already took back from it
   */
  public static void book(
      Connection c, long commissionRow, long amountMinor, long earlierMinor, Instant now)
      throws SQLException {
    Booked k =
        Sql.queryOne(
                c,
                "SELECT k.public_id, v.public_id AS conversion_public_id,"
                    + " p.public_id AS publisher_public_id, a.public_id AS advertiser_public_id,"
                    + " a.id AS advertiser_row, k.currency, k.amount_minor, k.locked_at, k.parts"
                    + " FROM commission k JOIN conversion v ON v.id = k.conversion_id"
                    + " JOIN publisher p ON p.id = k.publisher_id"
                    + " JOIN programme g ON g.id = k.programme_id"
                    + " JOIN advertiser a ON a.id = g.advertiser_id WHERE k.id = ?",
                r ->
                    new Booked(
                        Sql.requiredString(r, "public_id"),
                        Sql.requiredString(r, "conversion_public_id"),
                        Sql.requiredString(r, "publisher_public_id"),
                        Sql.requiredString(r, "advertiser_public_id"),
                        r.getLong("advertiser_row"),
                        CurrencyUnit.of(Sql.requiredString(r, "currency")),
                        r.getLong("amount_minor"),
                        Sql.instant(r, "locked_at"),
                        Sql.requiredString(r, "parts")),
                commissionRow)
            .orElseThrow(() -> new SQLException("commission row " + commissionRow + " vanished"));
    Instant lockedAt = k.lockedAt();
    if (lockedAt == null || k.lockedMinor() <= 0 || amountMinor <= 0) {
      return;
    }
    Money locked = Money.ofMinor(k.lockedMinor(), k.currency());
    Money amount = Money.ofMinor(amountMinor, k.currency());
    Money before = locked.minus(Money.ofMinor(earlierMinor, k.currency()));
    NetworkFee fee = BillingService.fee(c, k.advertiserRow(), k.currency());
    Money feeRefund = fee.refund(before, amount);
    LockedCommission commission =
        new LockedCommission(
            k.commissionId(),
            k.conversionId(),
            PeriodService.mainRule(k.parts()),
            k.advertiserId(),
            k.publisherId(),
            locked,
            LedgerStore.payoutConversion(c, k.commissionId()).orElse(null),
            lockedAt);
    int sequence =
        Sql.queryOne(
                    c,
                    "SELECT COUNT(*) FROM clawback WHERE commission_id = ?",
                    r -> r.getInt(1),
                    commissionRow)
                .orElse(0)
            + 1;
    String id = k.commissionId() + "-" + sequence;
    JournalEntry entry = Books.clawback(id, commission, amount, feeRefund, now);
    LedgerStore.post(c, java.util.List.of(entry));
    Sql.update(
        c,
        "INSERT INTO clawback (entry_key, commission_id, currency, amount_minor, fee_refund_minor,"
            + " booked_at) VALUES (?, ?, ?, ?, ?, ?)",
        entry.id(),
        commissionRow,
        k.currency().code(),
        amount.minor(),
        feeRefund.minor(),
        now);
  }
}
