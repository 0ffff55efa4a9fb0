package dev.levier.rtb;

import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Bids made and not yet settled, by bid id, so that a notice finds what its bid reserved. A billing
 * or loss notice takes its bid out (once: a second notice finds nothing, which is what makes spend
 * counted once). A bid without a notice for {@link #LAPSE} releases its reservation and is kept as
 * lapsed for {@link #FORGET}, so that a late billing notice is still counted; after that it is
 * forgotten. Billed bids are remembered as long, for the clicks on their ads.
 */
final class PendingBids {
  static final Duration LAPSE = Duration.ofMinutes(10);
  static final Duration FORGET = Duration.ofHours(1);
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  /**
   * A bid in flight.
   *
   * @param bidCpmLocal the bid, in the line item's currency
   * @param toLocal the rate from the auction's currency into the line item's
   */
  record Pending(
      String bidId,
      RtbIndex.Entry entry,
      long reservedMicros,
      long bidCpmLocal,
      BigDecimal toLocal,
      CurrencyUnit auctionCurrency,
      boolean firstPrice,
      @Nullable String capUser,
      @Nullable String visitor,
      List<String> levels,
      Instant at) {}

  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Pending> lapsed = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Pending> billed = new ConcurrentHashMap<>();

  /** A new bid id: 96 random bits, URL-safe, unguessable so that no one bills another's bid. */
  static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.get().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void add(Pending bid) {
    pending.put(bid.bidId(), bid);
  }

  @Nullable Pending get(String bidId) {
    return pending.get(bidId);
  }

  /** Takes a bid out to bill it; null if it was billed, lost or forgotten already. */
  @Nullable Pending takeForBilling(String bidId) {
    Pending bid = pending.remove(bidId);
    if (bid == null) {
      bid = lapsed.remove(bidId);
      if (bid != null) {
        // Its reservation was released when it lapsed.
        bid = withoutReservation(bid);
      }
    }
    if (bid != null) {
      billed.put(bidId, bid);
    }
    return bid;
  }

  /** Takes a bid out as lost; null if it was settled already. */
  @Nullable Pending takeLost(String bidId) {
    Pending bid = pending.remove(bidId);
    if (bid == null) {
      Pending gone = lapsed.remove(bidId);
      return gone == null ? null : withoutReservation(gone);
    }
    return bid;
  }

  /** A billed bid, for the clicks on its ad. */
  @Nullable Pending billed(String bidId) {
    return billed.get(bidId);
  }

  /** Lapses bids older than {@link #LAPSE}, releasing what they reserved; forgets older ones. */
  void sweep(Instant now, Function<String, @Nullable Budget> budgets) {
    Instant lapse = now.minus(LAPSE);
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending bid = it.next();
      if (bid.at().isBefore(lapse) && pending.remove(bid.bidId(), bid)) {
        Budget budget = budgets.apply(bid.entry().item().id());
        if (budget != null) {
          budget.release(bid.reservedMicros());
        }
        lapsed.put(bid.bidId(), bid);
      }
    }
    Instant forget = now.minus(FORGET);
    lapsed.values().removeIf(bid -> bid.at().isBefore(forget));
    billed.values().removeIf(bid -> bid.at().isBefore(forget));
  }

  int size() {
    return pending.size();
  }

  private static Pending withoutReservation(Pending bid) {
    return new Pending(
        bid.bidId(),
        bid.entry(),
        0,
        bid.bidCpmLocal(),
        bid.toLocal(),
        bid.auctionCurrency(),
        bid.firstPrice(),
        bid.capUser(),
        bid.visitor(),
        bid.levels(),
        bid.at());
  }
}
