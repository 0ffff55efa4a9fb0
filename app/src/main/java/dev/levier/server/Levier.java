package dev.levier.server;

import dev.levier.advertiser.AdvertiserRoutes;
import dev.levier.advertiser.AdvertiserService;
import dev.levier.analytics.AnalyticsRoutes;
import dev.levier.analytics.CommissionAdvice;
import dev.levier.analytics.CustomerValue;
import dev.levier.analytics.FairnessReport;
import dev.levier.analytics.RecommendationRoutes;
import dev.levier.analytics.RecommendationService;
import dev.levier.analytics.SaleRollups;
import dev.levier.attribution.AttributionRoutes;
import dev.levier.attribution.AttributionService;
import dev.levier.attribution.Attributions;
import dev.levier.auth.IssuedKey;
import dev.levier.auth.KeyRoutes;
import dev.levier.auth.KeyService;
import dev.levier.clock.ClockRoutes;
import dev.levier.clock.ServerClock;
import dev.levier.commission.CommissionActions;
import dev.levier.commission.CommissionRoutes;
import dev.levier.commission.CommissionRules;
import dev.levier.commission.CommissionService;
import dev.levier.commission.CommissionSimulator;
import dev.levier.commission.RuleSetRoutes;
import dev.levier.commission.RuleSetService;
import dev.levier.config.LevierConfig;
import dev.levier.conversion.ConversionIntake;
import dev.levier.conversion.ConversionProcessor;
import dev.levier.conversion.ConversionRoutes;
import dev.levier.conversion.ConversionService;
import dev.levier.conversion.TouchpointService;
import dev.levier.demo.DemoNetwork;
import dev.levier.demo.DemoRoutes;
import dev.levier.demo.DemoSummaries;
import dev.levier.experiment.ExperimentRoutes;
import dev.levier.experiment.ExperimentService;
import dev.levier.finance.BillingService;
import dev.levier.finance.FinanceRoutes;
import dev.levier.finance.InvoiceService;
import dev.levier.finance.PayoutService;
import dev.levier.finance.PeriodService;
import dev.levier.finance.RateRoutes;
import dev.levier.finance.RateService;
import dev.levier.finance.Rates;
import dev.levier.http.ApiRoute;
import dev.levier.http.DirectRoute;
import dev.levier.http.HotRoute;
import dev.levier.http.HttpApi;
import dev.levier.http.RateLimiter;
import dev.levier.http.Readiness;
import dev.levier.partnership.PartnershipRoutes;
import dev.levier.partnership.PartnershipService;
import dev.levier.programme.ProgrammeRoutes;
import dev.levier.programme.ProgrammeService;
import dev.levier.publisher.PublisherRoutes;
import dev.levier.publisher.PublisherService;
import dev.levier.report.PublisherReport;
import dev.levier.report.ReportRoutes;
import dev.levier.report.ReportService;
import dev.levier.rtb.CampaignRoutes;
import dev.levier.rtb.CampaignService;
import dev.levier.rtb.ProgrammaticClicks;
import dev.levier.rtb.Rtb;
import dev.levier.rtb.RtbIndex;
import dev.levier.storage.Database;
import dev.levier.storage.H2FileUpkeep;
import dev.levier.tracking.ClickHandler;
import dev.levier.tracking.ClickJournal;
import dev.levier.tracking.ClickRows;
import dev.levier.tracking.ClickVelocity;
import dev.levier.tracking.CouponRoutes;
import dev.levier.tracking.CouponService;
import dev.levier.tracking.LinkRoutes;
import dev.levier.tracking.LinkService;
import dev.levier.tracking.TrackingIndex;
import dev.levier.tracking.TrackingLists;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Levier: configuration, database, services and the HTTP server, wired by hand in the
 * order they depend on each other, and stopped in the reverse order.
 */
public final class Levier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Levier.class);
  // About 64 bytes a key: the two counts hold at most some 32 MB.
  private static final int VELOCITY_KEYS = 250_000;

  /** How often a node rereads configuration that other processes may have changed. */
  public static final java.time.Duration INDEX_REFRESH = java.time.Duration.ofSeconds(5);

  private static final java.time.Duration AUTO_APPROVAL_EVERY = java.time.Duration.ofMinutes(1);
  private static final java.time.Duration LEARN_EVERY = java.time.Duration.ofHours(1);
  private static final java.time.Duration ROLLUP_EVERY = java.time.Duration.ofSeconds(5);
  private static final java.time.Duration CLV_EVERY = java.time.Duration.ofDays(1);
  private static final java.time.Duration RTB_SWEEP_EVERY = java.time.Duration.ofSeconds(10);
  private static final java.time.Duration RTB_CAP_SWEEP_EVERY = java.time.Duration.ofHours(1);

  private final LevierConfig config;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Database database;
  private final Services services;
  private final ClickJournal clicks;
  private final ConversionProcessor conversions;
  private final Rtb rtb;
  private final Vertx vertx;
  private final PeriodicJobs jobs;
  private final HttpApi http;
  private final Optional<IssuedKey> announcedKey;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Levier(
      LevierConfig config,
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      Database database,
      Services services,
      ClickJournal clicks,
      ConversionProcessor conversions,
      Rtb rtb,
      Vertx vertx,
      PeriodicJobs jobs,
      HttpApi http,
      Optional<IssuedKey> announcedKey) {
    this.config = config;
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.database = database;
    this.services = services;
    this.clicks = clicks;
    this.conversions = conversions;
    this.rtb = rtb;
    this.vertx = vertx;
    this.jobs = jobs;
    this.http = http;
    this.announcedKey = announcedKey;
  }

  /**
   * Starts Levier: opens the database (migrating it unless told not to), optionally loads the demo
   * network, and listens. Fails fast, releasing what was opened, if any step fails.
   */
  public static Levier start(LevierConfig config, boolean demo) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    Database database = Database.open(config.database(), registry);
    Vertx vertx = null;
    ClickJournal clicks = null;
    ConversionProcessor conversions = null;
    Rtb rtb = null;
    PeriodicJobs jobs = null;
    try {
      if (config.migrateOnStart()) {
        int applied = database.migrate();
        LOG.atInfo()
            .addKeyValue("applied", applied)
            .addKeyValue("schemaVersion", database.schemaVersion())
            .log("database migrated");
      } else if (database.pendingMigrations() > 0) {
        throw new IllegalStateException(
            "the database has "
                + database.pendingMigrations()
                + " pending migrations and db.migrate-on-start is false; run: levier migrate");
      }
      ServerClock clock = config.simulatedClock() ? ServerClock.simulated() : ServerClock.system();
      TrackingIndex index = new TrackingIndex(database);
      Services services = Services.create(database, clock, index);
      Optional<IssuedKey> key;
      if (demo) {
        DemoNetwork.load(services);
        key = Optional.of(services.keys().rotateDemoAdminKey());
      } else {
        key = services.keys().bootstrapAdminKey();
      }

      // Without it the embedded file, and H2's memory, grow with every commit of the journals.
      Optional<H2FileUpkeep> fileUpkeep = H2FileUpkeep.open(database, registry);
      TrackingLists lists = TrackingLists.load(config.tracking());
      clicks =
          new ClickJournal(
              database,
              config.tracking().clickQueue(),
              registry,
              () -> fileUpkeep.ifPresent(H2FileUpkeep::roundIfDue));
      // Sales teach the bidder which of its clicks convert.
      ProgrammaticClicks programmatic = new ProgrammaticClicks(Rtb.learningRates());
      conversions =
          new ConversionProcessor(
              database,
              index,
              services.commissionRules(),
              services.exchangeRates(),
              services.attributions(),
              clicks,
              config.tracking().conversionQueue(),
              config.tracking().conversionWriters(),
              programmatic,
              registry);
      vertx =
          Vertx.vertx(
              new VertxOptions()
                  // Netty's epoll transport where it is on the class path (Linux, x86-64): 17%
                  // more clicks a second than the JDK's selector on two cores (BENCHMARKS.md).
                  .setPreferNativeTransport(true)
                  .setEventLoopPoolSize(
                      Math.max(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE, config.eventLoops())));
      Vertx v = vertx;
      jobs = new PeriodicJobs(v);
      // Sale rollups follow changes within a few seconds. A round still running (a first build, a
      // month close) is not joined by another: waiting rounds would fill the worker pool.
      java.util.concurrent.atomic.AtomicBoolean rollupRunning =
          new java.util.concurrent.atomic.AtomicBoolean();
      jobs.every(
          ROLLUP_EVERY,
          timer -> {
            if (rollupRunning.compareAndSet(false, true)) {
              v.executeBlocking(
                      () -> {
                        services.saleRollups().refreshEnded(clock.instant());
                        return null;
                      },
                      false)
                  .onComplete(
                      done -> {
                        rollupRunning.set(false);
                        if (done.failed()) {
                          LOG.atError().setCause(done.cause()).log("sale rollups not refreshed");
                        }
                      });
            }
          });
      // Each advertiser's customer value models are fitted on its orders every day.
      jobs.every(
          CLV_EVERY,
          timer ->
              v.executeBlocking(
                  () -> {
                    services.customerValue().fitAll();
                    return null;
                  },
                  false));
      // Data-driven attribution models learn their channel weights at start, then every hour.
      v.executeBlocking(
          () -> {
            services.attribution().learnAll();
            return null;
          },
          false);
      jobs.every(
          LEARN_EVERY,
          timer ->
              v.executeBlocking(
                  () -> {
                    services.attribution().learnAll();
                    return null;
                  },
                  false));
      // Commissions whose validation period is over are approved within a minute of it.
      jobs.every(
          AUTO_APPROVAL_EVERY,
          timer ->
              v.executeBlocking(() -> services.commissionActions().autoApprove())
                  .onSuccess(
                      count -> {
                        if (count > 0) {
                          LOG.atInfo()
                              .addKeyValue("commissions", count)
                              .log("approved after their validation period");
                        }
                      })
                  .onFailure(e -> LOG.atError().setCause(e).log("automatic approval failed")));
      ClickVelocity perAddress =
          new ClickVelocity(config.tracking().maxClicksPerIpMinute(), VELOCITY_KEYS);
      ClickVelocity perVisitor =
          new ClickVelocity(config.tracking().maxClicksPerVisitorMinute(), VELOCITY_KEYS);
      ClickRows rows = new ClickRows(database, ForkJoinPool.commonPool());
      ClickHandler clickHandler =
          new ClickHandler(
              v,
              index,
              clicks,
              rows,
              lists,
              perAddress,
              perVisitor,
              config.tracking().trustForwardedFor(),
              config.publicUrl().startsWith("https:"),
              clock,
              registry);
      HttpApi[] self = new HttpApi[1];
      ConversionIntake intake =
          new ConversionIntake(
              v, index, conversions, clock, () -> config.publicUrl(self[0].actualPort()));
      rtb =
          new Rtb(
              services.rtb(),
              database,
              services.attributions(),
              services.exchangeRates()::table,
              lists.countries(),
              clock,
              () -> config.publicUrl(self[0].actualPort()),
              config.maxBodyBytes(),
              config.publicUrl().startsWith("https:"),
              programmatic,
              config.rtb(),
              registry);
      Rtb bidder = rtb;
      jobs.every(RTB_SWEEP_EVERY, id -> bidder.sweep());
      jobs.every(
          Rtb.SAVE_EVERY,
          id ->
              v.executeBlocking(
                  () -> {
                    bidder.saveLearning();
                    return null;
                  },
                  false));
      jobs.every(RTB_CAP_SWEEP_EVERY, id -> bidder.sweepCaps());
      List<HotRoute> hotRoutes = new ArrayList<>();
      hotRoutes.add(new HotRoute("POST", "/api/v1/conversions", intake::api));
      hotRoutes.add(new HotRoute("GET", "/postback", intake::postback));
      hotRoutes.add(new HotRoute("GET", "/px.gif", intake::pixel));
      hotRoutes.addAll(rtb.routes());
      List<DirectRoute> directRoutes = new ArrayList<>();
      directRoutes.add(
          DirectRoute.under(HttpMethod.GET, "/c/{linkId}", ClickHandler.PREFIX, clickHandler));
      directRoutes.addAll(rtb.directRoutes());
      HttpApi http =
          new HttpApi(
              v,
              services.routes(),
              hotRoutes,
              directRoutes,
              index::authenticate,
              () -> readiness(database),
              registry,
              openApi(),
              config.maxBodyBytes(),
              config.maxInFlight(),
              new RateLimiter(config.rateLimitPerKey(), config.rateBurstPerKey()),
              config::publicUrl);
      self[0] = http;
      jobs.every(
          java.time.Duration.ofMinutes(1),
          id -> {
            long minute = clock.instant().getEpochSecond() / 60;
            perAddress.sweep(minute);
            perVisitor.sweep(minute);
          });
      // Changes made elsewhere (the command line, another node) reach this node's memory too.
      jobs.every(
          INDEX_REFRESH,
          id ->
              v.executeBlocking(
                  () -> {
                    index.configurationChanged();
                    index.refreshLinks();
                    services.rtb().refresh();
                    services.exchangeRates().refresh();
                    return null;
                  },
                  false));
      await(
          http.listen(config.host(), config.port(), config.eventLoops())
              .toCompletionStage()
              .toCompletableFuture());
      Levier levier =
          new Levier(
              config,
              registry,
              gcMetrics,
              database,
              services,
              clicks,
              conversions,
              rtb,
              v,
              jobs,
              http,
              key);
      LOG.atInfo()
          .addKeyValue("url", levier.baseUrl())
          .addKeyValue("database", config.database().kind())
          .addKeyValue("transport", v.isNativeTransportEnabled() ? "epoll" : "nio")
          .addKeyValue("eventLoops", http.eventLoops())
          .log("Levier is listening");
      return levier;
    } catch (RuntimeException e) {
      if (jobs != null) {
        jobs.stop();
      }
      if (vertx != null) {
        vertx.close();
      }
      if (conversions != null) {
        conversions.close();
      }
      if (rtb != null) {
        rtb.close();
      }
      if (clicks != null) {
        clicks.close();
      }
      database.close();
      gcMetrics.close();
      throw e;
    }
  }

  /** The key to print at start: the demo admin key, or the first admin key of a new install. */
  public Optional<IssuedKey> announcedKey() {
    return announcedKey;
  }

  public int port() {
    return http.actualPort();
  }

  public String baseUrl() {
    return config.publicUrl(port());
  }

  public Services services() {
    return services;
  }

  public HttpApi http() {
    return http;
  }

  public Database database() {
    return database;
  }

  /** The bidder, for tests that wait for its spend and touches to be stored. */
  public Rtb rtb() {
    return rtb;
  }

  /** The click journal, for operations and for tests that wait for clicks to be stored. */
  public ClickJournal clickJournal() {
    return clicks;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Graceful stop: finish in-flight requests within the grace period, then release all. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.atInfo().log("Levier is stopping");
    jobs.stop();
    try {
      http.shutdown(config.shutdownGrace().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Sales first (they wait for clicks), then clicks: both journals drain what they accepted.
    conversions.close();
    rtb.close();
    clicks.close();
    try {
      await(vertx.close().toCompletionStage().toCompletableFuture());
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("Vert.x did not close cleanly");
    }
    database.close();
    gcMetrics.close();
    registry.close();
    LOG.atInfo().log("Levier stopped");
  }

  private static Readiness.Status readiness(Database database) {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean reachable = database.isReachable();
    details.put("database", reachable ? "reachable" : "unreachable");
    boolean migrated = false;
    if (reachable) {
      try {
        int pending = database.pendingMigrations();
        details.put("schemaVersion", database.schemaVersion());
        details.put("pendingMigrations", pending);
        migrated = pending == 0;
      } catch (RuntimeException e) {
        details.put("migrations", "unknown: " + e.getMessage());
      }
    }
    return new Readiness.Status(reachable && migrated, details);
  }

  private static byte[] openApi() {
    try (InputStream in = Levier.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after 30 s", e);
    }
  }

  /** The services, built once and shared by the API, the demo loader and the command line. */
  public record Services(
      AdvertiserService advertisers,
      ProgrammeService programmes,
      PublisherService publishers,
      PartnershipService partnerships,
      KeyService keys,
      LinkService links,
      CouponService coupons,
      ExperimentService experiments,
      ConversionService conversions,
      TouchpointService touchpoints,
      ReportService reports,
      SaleRollups saleRollups,
      PublisherReport publisherReport,
      FairnessReport fairness,
      CustomerValue customerValue,
      CommissionAdvice commissionAdvice,
      Attributions attributions,
      AttributionService attribution,
      RuleSetService ruleSets,
      CommissionService commissions,
      CommissionActions commissionActions,
      CommissionSimulator simulator,
      CommissionRules commissionRules,
      BillingService billing,
      PeriodService periods,
      InvoiceService invoices,
      PayoutService payouts,
      Database database,
      RateService rates,
      Rates exchangeRates,
      TrackingIndex index,
      ServerClock clock,
      DemoSummaries demoSummaries,
      RtbIndex rtb,
      CampaignService campaigns) {

    public static Services create(Database database, ServerClock clock, TrackingIndex index) {
      ProgrammeService programmes = new ProgrammeService(database, clock, index);
      CommissionRules rules = new CommissionRules(database);
      Rates exchangeRates = new Rates(database);
      RuleSetService ruleSets = new RuleSetService(database, clock, programmes, rules);
      CommissionService commissions = new CommissionService(database);
      Attributions attributions = new Attributions(database);
      SaleRollups saleRollups = new SaleRollups(database, index);
      AdvertiserService advertisers = new AdvertiserService(database, clock, index);
      CommissionSimulator simulator =
          new CommissionSimulator(database, index, ruleSets, exchangeRates, attributions);
      PublisherReport publisherReport = new PublisherReport(database, index, saleRollups);
      FairnessReport fairness =
          new FairnessReport(database, programmes, index, exchangeRates, saleRollups);
      RtbIndex rtb = new RtbIndex(database, clock);
      return new Services(
          advertisers,
          programmes,
          new PublisherService(database, clock, index),
          new PartnershipService(database, clock, index),
          new KeyService(database, clock, index),
          new LinkService(database, clock, index),
          new CouponService(database, clock, index),
          new ExperimentService(database, clock, index),
          new ConversionService(database, clock),
          new TouchpointService(database, clock, attributions),
          new ReportService(database, index),
          saleRollups,
          publisherReport,
          fairness,
          new CustomerValue(database, clock, advertisers, programmes, index, exchangeRates),
          new CommissionAdvice(programmes, fairness, publisherReport, ruleSets, simulator, index),
          attributions,
          new AttributionService(database, clock, programmes, index, exchangeRates, attributions),
          ruleSets,
          commissions,
          new CommissionActions(database, clock, index, commissions),
          simulator,
          rules,
          new BillingService(database, clock),
          new PeriodService(
              database,
              clock,
              exchangeRates::table,
              (programme, at) -> {
                CommissionRules.Version version = rules.inEffect(programme, at);
                return version == null ? null : version.incentives();
              },
              (programme, at, publisher) -> {
                CommissionRules.Version version = rules.inEffect(programme, at);
                return version == null ? null : version.engine().evaluateClick(publisher);
              }),
          new InvoiceService(database, clock),
          new PayoutService(database, clock),
          database,
          new RateService(database, clock, exchangeRates),
          exchangeRates,
          index,
          clock,
          new DemoSummaries(database, clock),
          rtb,
          new CampaignService(database, clock, rtb));
    }

    /** Every management route, in the order they are documented. */
    public List<ApiRoute> routes() {
      List<ApiRoute> all = new ArrayList<>();
      all.addAll(new AdvertiserRoutes(advertisers).routes());
      all.addAll(new ProgrammeRoutes(programmes).routes());
      all.addAll(new PublisherRoutes(publishers).routes());
      all.addAll(new PartnershipRoutes(partnerships).routes());
      all.addAll(new KeyRoutes(keys).routes());
      all.addAll(new LinkRoutes(links).routes());
      all.addAll(new CouponRoutes(coupons).routes());
      all.addAll(new ExperimentRoutes(experiments).routes());
      all.addAll(new ConversionRoutes(conversions, touchpoints).routes());
      all.addAll(new ReportRoutes(reports, publisherReport).routes());
      all.addAll(new AttributionRoutes(attribution).routes());
      all.addAll(new AnalyticsRoutes(fairness, customerValue, commissionAdvice).routes());
      all.addAll(
          new RecommendationRoutes(new RecommendationService(database, programmes)).routes());
      all.addAll(new RuleSetRoutes(ruleSets, simulator).routes());
      all.addAll(new CommissionRoutes(commissions, commissionActions).routes());
      all.addAll(new FinanceRoutes(database, billing, periods, invoices, payouts).routes());
      all.addAll(new RateRoutes(rates).routes());
      all.addAll(new ClockRoutes(clock).routes());
      all.addAll(new DemoRoutes(demoSummaries).routes());
      all.addAll(new CampaignRoutes(campaigns).routes());
      return all;
    }
  }
}
