package dev.levier.finance;

import dev.levier.money.CurrencyUnit;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One account of the books: a kind, the party it belongs to and one currency.
 *
 * <p>An account holds a single currency so that its balance is one exact amount; a party working in
 * two currencies has two accounts of the same kind. Accounts are values: the same kind, owner and
 * currency are the same account wherever they appear, so there is nothing to open first.
 *
 * @param kind what the account records
 * @param owner the public id of the advertiser or publisher ({@code adv_…}, {@code pub_…}) for
 *     their accounts; null for the network's own accounts
 * @param currency the one currency of every amount posted to it
 */
public record Account(AccountKind kind, @Nullable String owner, CurrencyUnit currency)
    implements Comparable<Account> {

  /** Kind, then owner (the network's own accounts first), then currency: a stable report order. */
  private static final Comparator<Account> ORDER =
      Comparator.comparing(Account::kind)
          .thenComparing(Account::owner, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(a -> a.currency().code());

  /**
   * Requires an owner exactly for the kinds that belong to a party, so that two spellings of one
   * network account cannot split its balance.
   */
  public Account {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(currency, "currency");
    if (kind.owner() == AccountKind.Owner.NETWORK) {
      if (owner != null) {
        throw new IllegalArgumentException(
            "owner: " + kind + " is the network's own account and has no owner, not " + owner);
      }
    } else if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException(
          "owner: " + kind + " belongs to one " + kind.owner() + " and needs its public id");
    }
  }

  /** What an advertiser owes for booked commissions and fees not yet invoiced. */
  public static Account advertiserUnbilled(String advertiserId, CurrencyUnit currency) {
    return new Account(AccountKind.ADVERTISER_UNBILLED, advertiserId, currency);
  }

  /** What an advertiser owes on issued invoices. */
  public static Account advertiserReceivable(String advertiserId, CurrencyUnit currency) {
    return new Account(AccountKind.ADVERTISER_RECEIVABLE, advertiserId, currency);
  }

  /** What the network owes a publisher, available for the next payout. */
  public static Account publisherPayable(String publisherId, CurrencyUnit currency) {
    return new Account(AccountKind.PUBLISHER_PAYABLE, publisherId, currency);
  }

  /** What the network owes a publisher in scheduled payouts not yet sent. */
  public static Account publisherPayoutScheduled(String publisherId, CurrencyUnit currency) {
    return new Account(AccountKind.PUBLISHER_PAYOUT_SCHEDULED, publisherId, currency);
  }

  /** The network's fee revenue. */
  public static Account networkRevenue(CurrencyUnit currency) {
    return new Account(AccountKind.NETWORK_REVENUE, null, currency);
  }

  /** VAT owed to the tax authority. */
  public static Account vatPayable(CurrencyUnit currency) {
    return new Account(AccountKind.VAT_PAYABLE, null, currency);
  }

  /** The network's bank account. */
  public static Account cash(CurrencyUnit currency) {
    return new Account(AccountKind.CASH, null, currency);
  }

  /** The counterpart of conversions into or out of this currency. */
  public static Account currencyExchange(CurrencyUnit currency) {
    return new Account(AccountKind.CURRENCY_EXCHANGE, null, currency);
  }

  @Override
  public int compareTo(Account other) {
    return ORDER.compare(this, other);
  }

  /** {@code publisher_payable:pub_7:EUR}, or {@code cash:EUR} for a network account. */
  @Override
  public String toString() {
    return owner == null ? kind + ":" + currency : kind + ":" + owner + ":" + currency;
  }
}
