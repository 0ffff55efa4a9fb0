package dev.levier.rtb;

import dev.levier.attribution.Attributions;
import dev.levier.config.RtbSettings;
import dev.levier.finance.RateTable;
import dev.levier.http.DirectRoute;
import dev.levier.http.HotRoute;
import dev.levier.storage.Database;
import dev.levier.tracking.IpCountryTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bidder, wired: the bid endpoint, the notices and the click tracker over one index, one set of
 * counters (budgets, caps, predicted rates, shading statistics), one journal, and what it learnt
 * before (loaded at start, saved every minute and at a clean stop).
 */
public final class Rtb implements AutoCloseable {
  /** Click rate assumed before any impression is seen: 0.1%. */
  static final double PRIOR_CLICK_RATE = 0.001;

  /** Conversion rate of a click assumed before any is seen: 2%. */
  static final double PRIOR_CONVERSION_RATE = 0.02;

  /** The prior weighs as much as this many impressions. */
  static final double PRIOR_STRENGTH = 1000;

  /**
   * User and line item pairs counted for frequency caps, at most (about 130 bytes each: some 65 MB,
   * within a 512 MB heap).
   */
  static final int CAP_KEYS = 500_000;

  private final RtbIndex index;
  private final Bidder bidder;
  private final PendingBids pending = new PendingBids();
  private final RtbJournal journal;
  private final BidHandler bids;
  private final NoticeHandler notices;
  private final Clock clock;
  private final RtbState state;

  private final ProgrammaticClicks programmatic;

  public Rtb(
      RtbIndex index,
      Database database,
      Attributions attributions,
      Supplier<RateTable> fx,
      IpCountryTable countries,
      Clock clock,
      Supplier<String> baseUrl,
      int maxBodyBytes,
      boolean secureCookie,
      ProgrammaticClicks programmatic,
      RtbSettings settings,
      MeterRegistry registry) {
    this.index = index;
    this.clock = clock;
    this.programmatic = programmatic;
    BidShading shading = new BidShading();
    this.bidder =
        new Bidder(index::budget, new FrequencyCounter(CAP_KEYS), programmatic.rates(), shading);
    this.state = new RtbState(database, programmatic.rates(), shading, programmatic, clock);
    state.load();
    NoticeSigner signer =
        new NoticeSigner(RtbState.noticeSecret(database, settings.noticeSecret(), clock));
    this.journal = new RtbJournal(database, attributions);
    OpenRtbCodec.warmUp();
    this.bids =
        new BidHandler(
            index,
            bidder,
            fx,
            new AuctionReader(BidHandler.SEAT, countries, new Consent(settings.vendorId())),
            pending,
            signer,
            clock,
            baseUrl,
            maxBodyBytes,
            registry);
    this.notices =
        new NoticeHandler(
            index, bidder, pending, journal, signer, programmatic, clock, secureCookie);
  }

  /** What the bidder learns from its clicks and the sales that follow them. */
  public ProgrammaticClicks programmatic() {
    return programmatic;
  }

  /** The click and conversion rates a new bidder starts from, before it has seen anything. */
  public static SmoothedRates learningRates() {
    return new SmoothedRates(PRIOR_CLICK_RATE, PRIOR_CONVERSION_RATE, PRIOR_STRENGTH);
  }

  public List<HotRoute> routes() {
    return List.of(
        new HotRoute("GET", "/openrtb2/win", notices::win),
        new HotRoute("GET", "/openrtb2/bill", notices::bill),
        new HotRoute("GET", "/openrtb2/loss", notices::loss),
        new HotRoute("GET", CampaignService.CLICK_PATH + "{creativeId}", notices::click));
  }

  /** The bid request, served before the router: it is the path taken most by far. */
  public List<DirectRoute> directRoutes() {
    return List.of(DirectRoute.at(HttpMethod.POST, BidHandler.PATH, bids::handle));
  }

  /** Lapses bids without notices and forgets idle cap counts; run every few seconds. */
  public void sweep() {
    pending.sweep(clock.instant(), index::budget);
  }

  /** Sweeps the frequency counts of users not seen for a day; run every hour or so. */
  public void sweepCaps() {
    bidder.caps().sweep(clock.instant());
  }

  public RtbJournal journal() {
    return journal;
  }

  /** Stores what was learnt since the last save; run every {@link #SAVE_EVERY}, off the loop. */
  public void saveLearning() {
    state.saveQuietly();
  }

  /** How often what the bidder learnt is stored: a crash loses at most this much learning. */
  public static final java.time.Duration SAVE_EVERY =
      java.time.Duration.ofSeconds(RtbState.SAVE_EVERY_SECONDS);

  @Override
  public void close() {
    journal.close();
    state.saveQuietly();
  }
}
