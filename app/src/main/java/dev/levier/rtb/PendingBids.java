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
 * counted once). Most exchanges send no loss notice, so a bid without any notice for {@link #LAPSE}
 * is taken as lost, and a won bid (its win notice came) waiting for its billing notice lapses after
 * {@link #WON_LAPSE}: either releases its reservation and is kept as lapsed for {@link #FORGET}, so
 * that a late billing notice is still counted; after that it is forgotten. Billed bids are
 * remembered as long, so that a repeated billing notice is answered without asking storage.
 *
 * <p>Memory is bounded: at most {@link #MAX_PENDING} bids wait (about 200 bytes each); when that
 * many do, {@link #full()} says so and the bidder answers no bid rather than promise what it cannot
 * track. Lapsed and billed bids beyond {@link #MAX_KEPT} are forgotten at once: a late billing
 * notice for them is settled from its signed URL, as after a restart (see {@link NoticeHandler}).
 */
final class PendingBids {
  static final Duration LAPSE = Duration.ofMinutes(1);
  static final Duration WON_LAPSE = Duration.ofMinutes(10);
  static final Duration FORGET = Duration.ofHours(1);
  static final int MAX_PENDING = 300_000;
  static final int MAX_KEPT = 300_000;
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
  private final java.util.Set<String> won = ConcurrentHashMap.newKeySet();
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

  /** Whether no more bids can be tracked until some settle or lapse. */
  boolean full() {
    return pending.size() >= MAX_PENDING;
  }

  /** The bid's win notice came: it waits longer for its billing notice. */
  void won(String bidId) {
    if (pending.containsKey(bidId)) {
      won.add(bidId);
    }
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
    won.remove(bidId);
    if (bid != null && billed.size() < MAX_KEPT) {
      billed.put(bidId, bid);
    }
    return bid;
  }

  /** Takes a bid out as lost; null if it was settled already. */
  @Nullable Pending takeLost(String bidId) {
    won.remove(bidId);
    Pending bid = pending.remove(bidId);
    if (bid == null) {
      Pending gone = lapsed.remove(bidId);
      return gone == null ? null : withoutReservation(gone);
    }
    return bid;
  }

  /** A bid billed in the last {@link #FORGET}. */
  @Nullable Pending billed(String bidId) {
    return billed.get(bidId);
  }

  /**
   * A bid billed from its notice URL, not from memory: remembered as billed, so that a repeated
   * notice is answered from memory rather than from storage.
   */
  void remember(Pending bid) {
    if (billed.size() < MAX_KEPT) {
      billed.put(bid.bidId(), bid);
    }
  }

  /** Lapses bids older than their lapse, releasing what they reserved; forgets older ones. */
  void sweep(Instant now, Function<String, @Nullable Budget> budgets) {
    Instant lapse = now.minus(LAPSE);
    Instant wonLapse = now.minus(WON_LAPSE);
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending bid = it.next();
      Instant limit = won.contains(bid.bidId()) ? wonLapse : lapse;
      if (bid.at().isBefore(limit) && pending.remove(bid.bidId(), bid)) {
        won.remove(bid.bidId());
        Budget budget = budgets.apply(bid.entry().item().id());
        if (budget != null) {
          budget.release(bid.reservedMicros());
        }
        if (lapsed.size() < MAX_KEPT) {
          lapsed.put(bid.bidId(), bid);
        }
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
