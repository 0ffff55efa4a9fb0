package dev.levier.rtb;

import dev.levier.errors.BadRequestException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.LevierException;
import dev.levier.http.Problems;
import dev.levier.http.Responses;
import dev.levier.tracking.ClickHandler;
import dev.levier.tracking.RandomIds;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange's notices and the clicks on Levier's ads, on the event loop:
 *
 * <ul>
 *   <li>{@code GET /openrtb2/win?t=&price=${AUCTION_PRICE}}: the bid won; first-price shading
 *       counts the win at the bid's price level.
 *   <li>{@code GET /openrtb2/bill?t=&price=${AUCTION_PRICE}}: the impression is billable. The
 *       clearing price is spent, once: a second notice for the same bid changes nothing, even after
 *       a restart. The impression counts for the predicted rates, and joins the visitor's journey
 *       when the visitor is known.
 *   <li>{@code GET /openrtb2/loss?t=&reason=${AUCTION_LOSS}&min=${AUCTION_MIN_TO_WIN}}: the bid's
 *       reservation and its frequency count are given back.
 *   <li>{@code GET /rtb/click/{creativeId}?t=}: Levier's click tracker. The visitor (by the same
 *       cookie as affiliate clicks, set here when missing) gets a programmatic touch in the
 *       advertiser's journeys, and lands on the creative's landing page.
 * </ul>
 *
 * {@code t} is the bid, signed by {@link NoticeSigner}: a notice without a valid signature is
 * refused (400 when it has none, 403 when it is wrong) and changes nothing. A signed notice answers
 * 200 with no body, whatever became of its bid: an exchange retries on errors, and a notice for a
 * settled bid has nothing left to do. A billing notice whose bid is no longer in memory (made
 * before a restart, or forgotten) is settled from its URL: storage, which keeps every billed bid
 * id, says whether it was billed already, and the answer waits for it (503 when storage cannot say,
 * so that the exchange retries).
 */
public final class NoticeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(NoticeHandler.class);

  /** A billing notice older than this is not counted: exchanges bill within minutes. */
  static final Duration MAX_NOTICE_AGE = Duration.ofDays(1);

  static final String TOKEN = "t";

  private final RtbIndex index;
  private final Bidder bidder;
  private final PendingBids pending;
  private final RtbJournal journal;
  private final NoticeSigner signer;
  private final Clock clock;
  private final String cookieAttributes;

  private final ProgrammaticClicks programmatic;

  NoticeHandler(
      RtbIndex index,
      Bidder bidder,
      PendingBids pending,
      RtbJournal journal,
      NoticeSigner signer,
      ProgrammaticClicks programmatic,
      Clock clock,
      boolean secureCookie) {
    this.index = index;
    this.bidder = bidder;
    this.pending = pending;
    this.journal = journal;
    this.signer = signer;
    this.programmatic = programmatic;
    this.clock = clock;
    this.cookieAttributes = ClickHandler.cookieAttributes(secureCookie);
  }

  public void win(RoutingContext ctx) {
    NoticeSigner.Signed signed = signed(ctx);
    if (signed == null) {
      return;
    }
    pending.won(signed.bidId());
    if (signed.firstPrice()) {
      bidder.shading().won(signed.bidCpmLocal());
    }
    ok(ctx);
  }

  public void bill(RoutingContext ctx) {
    NoticeSigner.Signed signed = signed(ctx);
    if (signed == null) {
      return;
    }
    Instant now = clock.instant();
    PendingBids.Pending bid = pending.takeForBilling(signed.bidId());
    if (bid != null) {
      long paid = Micros.perImpression(clearing(ctx.request().getParam("price"), bid));
      RtbJournal.Spend spend = spend(bid, paid, now);
      journal.spend(spend);
      billed(bid, spend);
      ok(ctx);
      return;
    }
    RtbIndex.Entry entry = index.snapshot().lineItems().get(signed.lineItemId());
    if (pending.billed(signed.bidId()) != null
        || entry == null
        || signed.at().isBefore(now.minus(MAX_NOTICE_AGE))) {
      ok(ctx);
      return;
    }
    // Not in memory: made before a restart, or forgotten. Only storage knows if it was billed.
    PendingBids.Pending fromUrl =
        new PendingBids.Pending(
            signed.bidId(),
            entry,
            0,
            signed.bidCpmLocal(),
            signed.toLocal(),
            signed.auctionCurrency(),
            signed.firstPrice(),
            null,
            signed.visitor(),
            signed.levels(),
            signed.at());
    long paid = Micros.perImpression(clearing(ctx.request().getParam("price"), fromUrl));
    RtbJournal.Spend spend = spend(fromUrl, paid, now);
    ctx.vertx()
        .executeBlocking(() -> journal.spendOnce(spend), false)
        .onComplete(
            stored -> {
              if (stored.failed()) {
                LOG.atWarn().setCause(stored.cause()).log("a billing notice waits for storage");
                Responses.write(ctx, Problems.from(stored.cause(), Responses.path(ctx)));
                return;
              }
              if (Boolean.TRUE.equals(stored.result())) {
                pending.remember(fromUrl);
                billed(fromUrl, spend);
              }
              ok(ctx);
            });
  }

  private static RtbJournal.Spend spend(PendingBids.Pending bid, long paid, Instant now) {
    LineItem item = bid.entry().item();
    return new RtbJournal.Spend(
        bid.bidId(),
        bid.entry().rowId(),
        bid.entry().campaignRowId(),
        LocalDate.ofInstant(now, item.zone()),
        paid,
        item.currency(),
        now);
  }

  /** What a billed bid changes in memory: its budget, the rates, the visitor's journey. */
  private void billed(PendingBids.Pending bid, RtbJournal.Spend spend) {
    Budget budget = index.budget(bid.entry().item().id());
    if (budget != null) {
      budget.spend(bid.reservedMicros(), spend.micros(), spend.at());
    }
    bidder.rates().impression(bid.levels());
    String visitor = bid.visitor();
    if (visitor != null) {
      journal.touch(
          new RtbJournal.Touch(
              bid.entry().advertiserRowId(), visitor, RtbJournal.IMPRESSION_CHANNEL, spend.at()));
    }
  }

  public void loss(RoutingContext ctx) {
    NoticeSigner.Signed signed = signed(ctx);
    if (signed == null) {
      return;
    }
    // A bid no longer in memory reserves nothing and counts for no cap: nothing to give back.
    PendingBids.Pending bid = pending.takeLost(signed.bidId());
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

  /**
   * The notice's signed bid; null after answering 400 or 403 when it has none or a forged one, or
   * 200 when it answered a test request: a test bid is never won, billed or lost.
   */
  private NoticeSigner.@Nullable Signed signed(RoutingContext ctx) {
    String token = ctx.request().getParam(TOKEN);
    NoticeSigner.Signed signed = signer.readNotice(token);
    if (signed != null && signed.test()) {
      ok(ctx);
      return null;
    }
    if (signed == null) {
      LevierException refusal =
          token == null || token.isEmpty()
              ? new BadRequestException(TOKEN, "a notice names its bid with a signed t")
              : new ForbiddenException("the notice's t is not signed by this server");
      Responses.write(ctx, Problems.from(refusal, Responses.path(ctx)));
    }
    return signed;
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
    // Only a click URL Levier signed teaches the rates: anyone can type a click URL.
    NoticeSigner.SignedClick signed = signer.readClick(ctx.request().getParam(TOKEN));
    if (signed != null) {
      programmatic.clicked(visitor, signed.levels(), now);
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
