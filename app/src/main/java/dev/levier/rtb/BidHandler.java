package dev.levier.rtb;

import dev.levier.finance.RateTable;
import dev.levier.http.BufferOutput;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.BidResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /openrtb2/bid}: answers a bid request on the event loop, from memory. 200 with a bid
 * response, 204 for no bid, 400 with no body for a request that breaks the specification (a body
 * that is not JSON, a known field of the wrong type, no impression, a body over the size limit,
 * broken gzip); never a 5xx for what the exchange sent. Bodies may be gzip-compressed ({@code
 * Content-Encoding: gzip}); answers are compressed when the exchange accepts it.
 */
public final class BidHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BidHandler.class);
  public static final String PATH = "/openrtb2/bid";

  /** Levier's seat, as exchanges name it in {@code wseat}, {@code bseat} and deals. */
  public static final String SEAT = "levier";

  /** Under this many milliseconds left, there is no time to answer: no bid. */
  static final int MIN_TMAX_MS = 10;

  static final String VERSION_HEADER = "x-openrtb-version";
  private static final CharSequence VERSION = HttpHeaders.createOptimized(VERSION_HEADER);
  private static final CharSequence VERSION_26 = HttpHeaders.createOptimized("2.6");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  static final String CLICK_MACRO = "${CLICK_URL}";

  /** Room for a one-bid response with its signed URLs, so that the buffer rarely grows. */
  private static final int RESPONSE_BYTES = 1536;

  private final RtbIndex index;
  private final Bidder bidder;
  private final Supplier<RateTable> fx;
  private final AuctionReader reader;
  private final PendingBids pending;
  private final NoticeSigner signer;
  private final Clock clock;
  private final Supplier<String> baseUrl;
  private final int maxBodyBytes;
  private final Counter bids;
  private final Counter noBids;
  private final Counter invalid;
  private final Timer bidTime;
  private final Timer noBidTime;
  private final Timer invalidTime;

  BidHandler(
      RtbIndex index,
      Bidder bidder,
      Supplier<RateTable> fx,
      AuctionReader reader,
      PendingBids pending,
      NoticeSigner signer,
      Clock clock,
      Supplier<String> baseUrl,
      int maxBodyBytes,
      MeterRegistry registry) {
    this.index = index;
    this.bidder = bidder;
    this.fx = fx;
    this.reader = reader;
    this.pending = pending;
    this.signer = signer;
    this.clock = clock;
    this.baseUrl = baseUrl;
    this.maxBodyBytes = maxBodyBytes;
    this.bids = counter(registry, "bid");
    this.noBids = counter(registry, "no-bid");
    this.invalid = counter(registry, "invalid");
    this.bidTime = timer(registry, 200);
    this.noBidTime = timer(registry, 204);
    this.invalidTime = timer(registry, 400);
  }

  /** The same server timer as every other route's, which the router would have recorded. */
  private static Timer timer(MeterRegistry registry, int status) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests served, by route template and status")
        .tag("method", "POST")
        .tag("route", PATH)
        .tag("status", Integer.toString(status))
        .tag("outcome", status < 400 ? "success" : "client_error")
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("levier.rtb.requests")
        .description("Bid requests answered, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Reads the body (at most {@code maxBodyBytes}; a longer one is an invalid request), then
   * answers. The router is not in the way: it costs more than a bid request can spare.
   */
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declaredTooLong(declared)) {
      refuse(request, start);
      return;
    }
    Buffer body = Buffer.buffer(declared == null ? 1024 : Integer.parseInt(declared.trim()));
    boolean[] refused = new boolean[1];
    request.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + chunk.length() > maxBodyBytes) {
            refused[0] = true;
            refuse(request, start);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(
        failure -> {
          if (!refused[0] && !request.response().ended()) {
            refused[0] = true;
            refuse(request, start);
          }
        });
    request.endHandler(
        done -> {
          if (!refused[0]) {
            answer(request, body, start);
          }
        });
  }

  private boolean declaredTooLong(String declared) {
    try {
      long length = Long.parseLong(declared.trim());
      return length < 0 || length > maxBodyBytes;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /**
   * 400 with no body, as exchanges expect of an invalid request. On HTTP/1 the rest of the body may
   * still be on its way, so the connection is closed rather than read to its end.
   */
  private void refuse(HttpServerRequest request, long start) {
    invalid.increment();
    HttpServerResponse response = request.response();
    response.putHeader(VERSION, VERSION_26).setStatusCode(400);
    if (request.version() == HttpVersion.HTTP_2) {
      response.end();
    } else {
      response.end().onComplete(sent -> request.connection().close());
    }
    timed(invalidTime, start);
  }

  private void answer(HttpServerRequest request, Buffer buffer, long start) {
    HttpServerResponse response = request.response();
    response.putHeader(VERSION, VERSION_26);
    try {
      String version = request.getHeader(VERSION_HEADER);
      if (version != null && !version.startsWith("2.5") && !version.startsWith("2.6")) {
        throw new InvalidBidRequest("version " + version);
      }
      byte[] body = buffer.getBytes();
      String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
      if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
        body = OpenRtbCodec.gunzip(body, OpenRtbCodec.inflateLimit(maxBodyBytes));
      }
      BidRequest bidRequest = OpenRtbCodec.read(body);
      Buffer answer = answer(bidRequest, start);
      if (answer == null) {
        noBids.increment();
        response.setStatusCode(204).end();
        timed(noBidTime, start);
      } else {
        bids.increment();
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer);
        timed(bidTime, start);
      }
    } catch (InvalidBidRequest e) {
      invalid.increment();
      response.setStatusCode(400).end();
      timed(invalidTime, start);
    } catch (RuntimeException e) {
      // A fault of Levier's, never of the request: the exchange gets an answer all the same.
      LOG.atError().setCause(e).log("bid request failed");
      if (!response.ended()) {
        response.setStatusCode(500).end();
      }
    }
  }

  private static void timed(Timer timer, long start) {
    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  private @Nullable Buffer answer(BidRequest request, long start) {
    Integer tmax = request.tmax();
    if (tmax != null && tmax > 0 && tmax < MIN_TMAX_MS) {
      return null;
    }
    if (pending.full()) {
      // Bids that could not be tracked could not be billed against their budgets.
      return null;
    }
    Instant now = clock.instant();
    RateTable rates = fx.get();
    Auction auction = reader.read(request, rates, now);
    if (auction == null) {
      return null;
    }
    RtbIndex.Snapshot snapshot = index.snapshot();
    List<Bid> decided = bidder.bid(auction, snapshot.index(), rates);
    if (decided.isEmpty()) {
      return null;
    }
    boolean test = request.test() != null && request.test() == 1;
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    if (test || (tmax != null && tmax > 0 && elapsedMs >= tmax)) {
      // A test auction is never billed, and an answer after tmax is never read: nothing stays
      // reserved for them.
      for (Bid bid : decided) {
        undo(bid, auction, now);
      }
      if (!test) {
        return null;
      }
    }
    String visitor = reader.visitor(request);
    String base = baseUrl.get();
    List<BidResponse.Bid> out = new ArrayList<>(decided.size());
    for (Bid bid : decided) {
      RtbIndex.Entry entry = snapshot.lineItems().get(bid.lineItem().id());
      if (entry == null) {
        undo(bid, auction, now);
        continue;
      }
      String bidId = PendingBids.newId();
      BigDecimal toLocal = bid.toLocal();
      if (!test) {
        pending.add(
            new PendingBids.Pending(
                bidId,
                entry,
                bid.reservedMicros(),
                bid.priceCpmLocalMicros(),
                toLocal,
                auction.currency(),
                auction.firstPrice(),
                auction.user(),
                visitor,
                bid.levels(),
                now));
      }
      String notice =
          signer.notice(
              new NoticeSigner.Signed(
                  bidId,
                  bid.lineItem().id(),
                  bid.priceCpmLocalMicros(),
                  toLocal,
                  auction.currency(),
                  auction.firstPrice(),
                  visitor,
                  bid.levels(),
                  now,
                  test));
      String click = signer.click(new NoticeSigner.SignedClick(bidId, bid.levels(), now));
      out.add(response(bid, bidId, notice, click, base));
    }
    if (out.isEmpty()) {
      return null;
    }
    Buffer body = Buffer.buffer(RESPONSE_BYTES);
    OpenRtbCodec.write(
        new BidResponse(
            java.util.Objects.requireNonNull(request.id()),
            List.of(new BidResponse.SeatBid(out, SEAT)),
            PendingBids.newId(),
            auction.currency().code()),
        new BufferOutput(body));
    return body;
  }

  private void undo(Bid bid, Auction auction, Instant now) {
    if (auction.firstPrice()) {
      bidder.shading().withdrawn(bid.priceCpmLocalMicros());
    }
    Budget budget = index.budget(bid.lineItem().id());
    if (budget != null) {
      budget.release(bid.reservedMicros());
    }
    String user = auction.user();
    if (bid.lineItem().caps().any() && user != null) {
      bidder.caps().uncount(bid.lineItem().id(), user, now);
    }
  }

  private static BidResponse.Bid response(
      Bid bid, String bidId, String token, String clickToken, String base) {
    Creative creative = bid.creative();
    String notice = base + "/openrtb2/";
    String clickUrl =
        base
            + CampaignService.CLICK_PATH
            + creative.id()
            + "?"
            + NoticeHandler.TOKEN
            + "="
            + clickToken;
    String signed = "?" + NoticeHandler.TOKEN + "=" + token;
    // The click is the only macro Levier fills; the exchange's (the price) stay for the exchange.
    String adm = creative.markup().replace(CLICK_MACRO, clickUrl);
    boolean sized = creative.format() != AdFormat.NATIVE && creative.width() > 0;
    return new BidResponse.Bid(
        bidId,
        bid.impId(),
        Micros.toDecimal(bid.priceCpmMicros()),
        notice + "win" + signed + "&price=" + NoticeMacros.AUCTION_PRICE,
        notice + "bill" + signed + "&price=" + NoticeMacros.AUCTION_PRICE,
        notice
            + "loss"
            + signed
            + "&reason="
            + NoticeMacros.AUCTION_LOSS
            + "&min="
            + NoticeMacros.AUCTION_MIN_TO_WIN,
        adm,
        creative.id(),
        creative.adomain(),
        creative.bundle(),
        bid.lineItem().campaignId(),
        creative.id(),
        creative.categories(),
        List.copyOf(creative.attributes()),
        bid.dealId(),
        sized ? creative.width() : null,
        sized ? creative.height() : null,
        switch (creative.format()) {
          case BANNER -> 1;
          case VIDEO -> 2;
          case NATIVE -> 4;
        });
  }
}
