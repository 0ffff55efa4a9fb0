package dev.levier.rtb;

import dev.levier.http.Problems;
import dev.levier.http.Responses;
import dev.levier.tracking.ClickHandler;
import dev.levier.tracking.RandomIds;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The exchange's notices and the clicks on Levier's ads, on the event loop:
 *
 * <ul>
 *   <li>{@code GET /openrtb2/win?bid=&price=${AUCTION_PRICE}}: the bid won; first-price shading
 *       counts the win at the bid's price level.
 *   <li>{@code GET /openrtb2/bill?bid=&price=${AUCTION_PRICE}}: the impression is billable. The
 *       clearing price is spent, once: a second notice for the same bid changes nothing. The
 *       impression counts for the predicted rates, and joins the visitor's journey when the visitor
 *       is known.
 *   <li>{@code GET /openrtb2/loss?bid=&reason=${AUCTION_LOSS}&min=${AUCTION_MIN_TO_WIN}}: the bid's
 *       reservation and its frequency count are given back.
 *   <li>{@code GET /rtb/click/{creativeId}?bid=}: Levier's click tracker. The visitor (by the same
 *       cookie as affiliate clicks, set here when missing) gets a programmatic touch in the
 *       advertiser's journeys, and lands on the creative's landing page.
 * </ul>
 *
 * Notices always answer 200 with no body, whatever they name: an exchange retries on errors, and a
 * notice for an unknown or settled bid has nothing left to do.
 */
public final class NoticeHandler {
  private final RtbIndex index;
  private final Bidder bidder;
  private final PendingBids pending;
  private final RtbJournal journal;
  private final Clock clock;
  private final String cookieAttributes;

  private final ProgrammaticClicks programmatic;

  NoticeHandler(
      RtbIndex index,
      Bidder bidder,
      PendingBids pending,
      RtbJournal journal,
      ProgrammaticClicks programmatic,
      Clock clock,
      boolean secureCookie) {
    this.index = index;
    this.bidder = bidder;
    this.pending = pending;
    this.journal = journal;
    this.programmatic = programmatic;
    this.clock = clock;
    this.cookieAttributes = ClickHandler.cookieAttributes(secureCookie);
  }

  public void win(RoutingContext ctx) {
    String bidId = ctx.request().getParam("bid");
    PendingBids.Pending bid = bidId == null ? null : pending.get(bidId);
    if (bid != null) {
      pending.won(bid.bidId());
      if (bid.firstPrice()) {
        bidder.shading().won(bid.bidCpmLocal());
      }
    }
    ok(ctx);
  }

  public void bill(RoutingContext ctx) {
    String bidId = ctx.request().getParam("bid");
    PendingBids.Pending bid = bidId == null ? null : pending.takeForBilling(bidId);
    if (bid != null) {
      Instant now = clock.instant();
      LineItem item = bid.entry().item();
      long priceLocal = clearing(ctx.request().getParam("price"), bid);
      long paid = Micros.perImpression(priceLocal);
      Budget budget = index.budget(item.id());
      if (budget != null) {
        budget.spend(bid.reservedMicros(), paid, now);
      }
      journal.spend(
          new RtbJournal.Spend(
              bid.bidId(),
              bid.entry().rowId(),
              bid.entry().campaignRowId(),
              LocalDate.ofInstant(now, item.zone()),
              paid,
              item.currency(),
              now));
      bidder.rates().impression(bid.levels());
      String visitor = bid.visitor();
      if (visitor != null) {
        journal.touch(
            new RtbJournal.Touch(
                bid.entry().advertiserRowId(), visitor, RtbJournal.IMPRESSION_CHANNEL, now));
      }
    }
    ok(ctx);
  }

  public void loss(RoutingContext ctx) {
    String bidId = ctx.request().getParam("bid");
    PendingBids.Pending bid = bidId == null ? null : pending.takeLost(bidId);
    if (bid != null) {
      LineItem item = bid.entry().item();
      Budget budget = index.budget(item.id());
      if (budget != null) {
        budget.release(bid.reservedMicros());
      }
      String user = bid.capUser();
      if (item.caps().any() && user != null) {
        bidder.caps().uncount(item.id(), user, clock.instant());
      }
    }
    ok(ctx);
  }

  public void click(RoutingContext ctx) {
    String creativeId = ctx.pathParam("creativeId");
    RtbIndex.CreativeEntry entry =
        creativeId == null ? null : index.snapshot().creatives().get(creativeId);
    if (entry == null) {
      Responses.write(
          ctx, Problems.forStatus(404, "no creative " + creativeId, Responses.path(ctx)));
      return;
    }
    Instant now = clock.instant();
    String visitor = null;
    Cookie cookie = ctx.request().getCookie(ClickHandler.VISITOR_COOKIE);
    if (cookie != null && RandomIds.looksLikeVisitorId(cookie.getValue())) {
      visitor = cookie.getValue();
    }
    if (visitor == null) {
      visitor = RandomIds.visitorId(now.toEpochMilli());
    }
    journal.touch(
        new RtbJournal.Touch(entry.advertiserRowId(), visitor, RtbJournal.CLICK_CHANNEL, now));
    String bidId = ctx.request().getParam("bid");
    PendingBids.Pending bid = bidId == null ? null : pending.billed(bidId);
    if (bid != null) {
      programmatic.clicked(visitor, bid.levels(), now);
    }
    HttpServerResponse response = ctx.response();
    response.setStatusCode(302);
    response.putHeader("Location", entry.creative().landingUrl());
    response.putHeader("Cache-Control", "no-store");
    response.putHeader(
        "Set-Cookie", ClickHandler.VISITOR_COOKIE + "=" + visitor + cookieAttributes);
    response.end();
  }

  /**
   * The clearing price in the line item's currency: the exchange's {@code ${AUCTION_PRICE}}, never
   * above the bid (a price above it would break the budget's promise), the bid when the exchange
   * sent none.
   */
  private static long clearing(@Nullable String price, PendingBids.Pending bid) {
    if (price != null) {
      try {
        long micros = Micros.of(new BigDecimal(price));
        return Math.min(Micros.convert(micros, bid.toLocal()), bid.bidCpmLocal());
      } catch (IllegalArgumentException | ArithmeticException e) {
        // An unsubstituted macro or an encrypted price: counted at the bid.
      }
    }
    return bid.bidCpmLocal();
  }

  private static void ok(RoutingContext ctx) {
    ctx.response().setStatusCode(200).putHeader("Cache-Control", "no-store").end();
  }
}
