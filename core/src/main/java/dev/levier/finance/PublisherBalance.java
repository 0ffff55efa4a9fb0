package dev.levier.finance;

import dev.levier.money.Money;
import java.util.Objects;

/**
 * What the network owes one publisher in one currency and has not yet put in a payout: the balance
 * of its {@link AccountKind#PUBLISHER_PAYABLE} account, positive when the network owes it, negative
 * when a clawback left the publisher owing.
 *
 * @param publisherId the publisher's public id
 * @param balance the amount owed, in the account's currency
 */
public record PublisherBalance(String publisherId, Money balance) {

  public PublisherBalance {
    Ids.require(publisherId, "publisherId");
    Objects.requireNonNull(balance, "balance");
  }
}
