package dev.levier.conversion;

import dev.levier.analytics.SaleRollups;
import dev.levier.attribution.AttributionPolicy;
import dev.levier.attribution.Attributions;
import dev.levier.attribution.JourneyCredit;
import dev.levier.attribution.JourneyJson;
import dev.levier.attribution.JourneyTouch;
import dev.levier.commission.CommissionRules;
import dev.levier.commission.CommissionShares;
import dev.levier.commission.CommissionStore;
import dev.levier.commission.EventType;
import dev.levier.commission.MonthToDate;
import dev.levier.commission.MonthlyCaps;
import dev.levier.commission.NewCommission;
import dev.levier.commission.OrderConversion;
import dev.levier.commission.SaleCommission;
import dev.levier.config.DatabaseSettings;
import dev.levier.errors.OverloadedException;
import dev.levier.errors.ValidationException;
import dev.levier.finance.ExchangeRate;
import dev.levier.finance.MissingRateException;
import dev.levier.finance.Rates;
import dev.levier.money.Money;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.WireEnum;
import dev.levier.storage.BulkInsert;
import dev.levier.storage.BulkUpdate;
import dev.levier.storage.Committed;
import dev.levier.storage.CustomerIds;
import dev.levier.storage.Database;
import dev.levier.storage.PlannerStatistics;
import dev.levier.storage.Sql;
import dev.levier.storage.StorageException;
import dev.levier.tracking.ClickJournal;
import dev.levier.tracking.DeviceType;
import dev.levier.tracking.RandomIds;
import dev.levier.tracking.TrackingIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversion journal. Intake hands each validated conversion to a bounded queue; a writer
 * thread takes them in batches and, in one transaction per batch, finds each order's touches,
 * attributes it, works out the customer's status, runs the fraud checks and stores it with its
 * lines and history. Only after the commit are the callers answered: an acknowledged conversion is
 * durable.
 *
 * <p>Several writers work side by side, each with its own queue, for the advertisers whose row id
 * falls to it. Everything a sale is checked against belongs to its advertiser (its earlier orders,
 * its customers, its programmes' monthly caps), so one writer per advertiser keeps idempotency and
 * customer status exact: an order seen twice, in one batch or in two, is stored once and the repeat
 * gets the original. The writers only overlap one another's round trips and work, which on
 * PostgreSQL is most of a batch's time.
 */
public final class ConversionProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConversionProcessor.class);
  private static final int MAX_BATCH = 500;
  private static final Duration CLICK_BARRIER = Duration.ofSeconds(2);

  /** The outcome for one caller: a new conversion, or the one this order already made. */
  public record Result(boolean created, Conversion conversion) {}

  private record Submission(
      ConversionRequest request, long clickPosition, CompletableFuture<Result> result) {}

  private final Database database;
  private final TrackingIndex index;
  private final CommissionRules commissionRules;
  private final Rates rates;
  private final Attributions attributions;
  private final ClickJournal clicks;
  private final List<Writer> writers;
  private final Counter stored;
  private final Counter replayed;
  private final Counter refused;
  private final Timer batchTimer;
  private final DistributionSummary batchSizes;
  private final PlannerStatistics statistics;
  private final ConversionListener listener;
  private volatile boolean accepting = true;
  private volatile boolean running = true;

  public ConversionProcessor(
      Database database,
      TrackingIndex index,
      CommissionRules commissionRules,
      Rates rates,
      Attributions attributions,
      ClickJournal clicks,
      int capacity,
      int writerCount,
      ConversionListener listener,
      MeterRegistry registry) {
    this.listener = listener;
    this.database = database;
    this.index = index;
    this.commissionRules = commissionRules;
    this.rates = rates;
    this.attributions = attributions;
    this.clicks = clicks;
    if (writerCount < 1) {
      throw new IllegalArgumentException("at least one conversion writer, not " + writerCount);
    }
    this.stored = Counter.builder("levier.conversions").tag("outcome", "stored").register(registry);
    this.replayed =
        Counter.builder("levier.conversions").tag("outcome", "replayed").register(registry);
    this.refused =
        Counter.builder("levier.conversions")
            .tag("outcome", "refused")
            .description("conversions answered 503 because the journal was full")
            .register(registry);
    this.batchTimer =
        Timer.builder("levier.journal.batch").tag("journal", "conversion").register(registry);
    this.batchSizes =
        DistributionSummary.builder("levier.journal.batch.size")
            .tag("journal", "conversion")
            .register(registry);
    List<Writer> all = new ArrayList<>(writerCount);
    for (int i = 0; i < writerCount; i++) {
      // The bound is shared out: memory stays what tracking.conversion-queue says.
      all.add(new Writer(i, Math.max(1, capacity / writerCount), registry));
    }
    this.writers = List.copyOf(all);
    Gauge.builder("levier.journal.queue", writers, ws -> ws.stream().mapToInt(Writer::queued).sum())
        .tag("journal", "conversion")
        .register(registry);
    this.statistics =
        new PlannerStatistics(
            database,
            List.of(
                "conversion (advertiser_id, order_id)",
                "customer (id)",
                "touchpoint (advertiser_id, identity_kind, identity_value, occurred_at)"));
    writers.forEach(Writer::start);
  }

  /**
   * Queues a conversion. The future completes once it is durable, or fails with {@link
   * OverloadedException} at once when the queue is full, or with the storage failure.
   */
  public CompletableFuture<Result> submit(ConversionRequest request) {
    Submission submission = new Submission(request, clicks.position(), new CompletableFuture<>());
    if (!accepting || !writerOf(request).queue.offer(submission)) {
      refused.increment();
      submission
          .result()
          .completeExceptionally(
              new OverloadedException(
                  "conversions are arriving faster than they can be stored; retry shortly", 1));
    }
    return submission.result();
  }

  /**
   * The writer of the request's advertiser. A programme that is gone by now goes to the first: its
   * batch refuses it.
   */
  private Writer writerOf(ConversionRequest request) {
    TrackingIndex.ProgrammeEntry programme = index.programme(request.programmeId());
    long advertiserRow = programme == null ? 0 : programme.advertiserRowId();
    return writers.get(Math.floorMod(advertiserRow, writers.size()));
  }

  /** Stops accepting, stores what is queued, stops the writers. */
  @Override
  public void close() {
    accepting = false;
    running = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      for (Writer writer : writers) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        writer.thread.join(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    statistics.close();
  }

  /** One writer: its queue, its thread, its block of conversion ids. */
  private final class Writer {
    private final ArrayBlockingQueue<Submission> queue;
    private final Thread thread;
    private long nextId;
    private long lastId = -1;

    Writer(int number, int capacity, MeterRegistry registry) {
      this.queue = new ArrayBlockingQueue<>(capacity);
      // Each writer's own queue: one advertiser much larger than the rest shows as one long queue.
      Gauge.builder("levier.journal.writer.queue", queue, ArrayBlockingQueue::size)
          .tag("journal", "conversion")
          .tag("writer", Integer.toString(number))
          .description(
              "conversions waiting for this writer, which stores a share of the advertisers")
          .register(registry);
      this.thread = Thread.ofPlatform().name("conversion-journal-" + number).unstarted(this::run);
    }

    void start() {
      thread.start();
    }

    int queued() {
      return queue.size();
    }

    /**
     * Takes batches from the queue and stores them. A batch is answered once it is on the disk;
     * meanwhile the writer stores the next one (on H2 the file is written and forced beside it),
     * but never a third: it waits for the batch before last to be answered first, so at most two
     * batches wait for the disk.
     */
    private void run() {
      CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
      try {
        while (running || !queue.isEmpty()) {
          Submission first = queue.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          List<Submission> batch = new ArrayList<>(MAX_BATCH);
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          long start = System.nanoTime();
          CompletableFuture<Void> answered = process(batch, this, previous.isDone());
          batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          batchSizes.record(batch.size());
          previous.join();
          previous = answered;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        previous.join();
      }
    }

    /** Ids come from the database sequence in blocks of 1000, one round trip per block. */
    private long nextId(Connection c) throws SQLException {
      if (nextId > lastId) {
        long block =
            Sql.queryOne(c, database.nextValueSql("conversion_id_seq"), row -> row.getLong(1))
                .orElseThrow(() -> new SQLException("the sequence returned nothing"));
        nextId = block;
        lastId = block + 999;
      }
      return nextId++;
    }
  }

  /**
   * Stores a batch in one transaction and returns once it is committed; the returned future
   * completes once the batch's callers have their answers, which they get when the batch is on the
   * disk. It never fails: a failure is the callers' answer.
   */
  private CompletableFuture<Void> process(
      List<Submission> batch, Writer writer, boolean previousOnDisk) throws InterruptedException {
    long position = 0;
    for (Submission s : batch) {
      position = Math.max(position, s.clickPosition());
    }
    if (!clicks.awaitFlushed(position, CLICK_BARRIER)) {
      LOG.atWarn().log("clicks are late to the journal; attributing with what is stored");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        Map<Integer, RuntimeException> refusals = new HashMap<>();
        Committed<List<@Nullable Result>> committed =
            database.transactionForcedLater(c -> new Batch(c, writer, batch, refusals).run());
        if (previousOnDisk && writer.queue.isEmpty()) {
          // Nothing to store meanwhile, and the batch before was on the disk when this one was
          // taken (a few sales a second): forcing here saves the hand-over's latency, which is
          // then all there is to a sale's wait. Under load, with the batch before still being
          // forced, this thread would only wait for that forcing and then force again, while the
          // sales answered meanwhile queue up behind it.
          try {
            committed.forceNow();
          } catch (RuntimeException e) {
            fail(batch, e);
            return CompletableFuture.completedFuture(null);
          }
          answerOrFail(batch, committed.result(), refusals);
          return CompletableFuture.completedFuture(null);
        }
        return committed
            .forceLater()
            .handle(
                (durable, failure) -> {
                  if (failure != null) {
                    fail(batch, unwrapped(failure));
                  } else {
                    answerOrFail(batch, committed.result(), refusals);
                  }
                  return null;
                });
      } catch (StorageException e) {
        // Another node stored one of these orders first: go again, the replay check will see it.
        if (e.isUniqueViolation() && attempt < 3) {
          continue;
        }
        fail(batch, e);
        return CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        fail(batch, e);
        return CompletableFuture.completedFuture(null);
      }
    }
  }

  /** Answers a batch that is on the disk; callers not answered when that fails hear of it. */
  private void answerOrFail(
      List<Submission> batch,
      List<@Nullable Result> results,
      Map<Integer, RuntimeException> refusals) {
    try {
      answer(batch, results, refusals);
    } catch (RuntimeException e) {
      fail(batch, e);
    }
  }

  private void answer(
      List<Submission> batch,
      List<@Nullable Result> results,
      Map<Integer, RuntimeException> refusals) {
    for (int i = 0; i < batch.size(); i++) {
      Result result = results.get(i);
      RuntimeException refusal = refusals.get(i);
      if (result == null || refusal != null) {
        batch
            .get(i)
            .result()
            .completeExceptionally(
                refusal != null ? refusal : new IllegalStateException("no result"));
        continue;
      }
      (result.created() ? stored : replayed).increment();
      if (result.created()) {
        statistics.inserted(result.conversion().advertiserId(), 1);
        tell(result.conversion());
      }
      batch.get(i).result().complete(result);
    }
  }

  private static RuntimeException unwrapped(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RuntimeException runtime
        ? runtime
        : new StorageException("the batch could not be forced to the disk", cause);
  }

  /**
   * Tells the listener of a stored conversion; what it does wrong is logged, never the caller's.
   */
  private void tell(Conversion conversion) {
    try {
      listener.stored(conversion);
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("a conversion listener failed on " + conversion.id());
    }
  }

  private static void fail(List<Submission> batch, RuntimeException e) {
    LOG.atError()
        .setCause(e)
        .addKeyValue("conversions", batch.size())
        .log("conversion batch failed");
    for (Submission s : batch) {
      s.result().completeExceptionally(e);
    }
  }

  /** A click as attribution needs it. */
  private record ClickRow(
      String clickId,
      Instant occurredAt,
      long programmeRow,
      long partnershipRow,
      String visitorId,
      boolean commissionable,
      Set<String> flags,
      @Nullable String country,
      @Nullable DeviceType device) {}

  /** An order already stored: replayed, or brought up to date when only the pixel saw it. */
  private record Stored(
      long rowId, String publicId, boolean lowTrust, int version, boolean cancelled) {}

  /** The work of one batch inside its transaction. */
  private final class Batch {
    private final Connection c;
    private final Writer writer;
    private final List<Submission> submissions;
    private final List<Conversion> created = new ArrayList<>();
    private final List<Long> createdIds = new ArrayList<>();
    private final List<List<Conversion.Event>> createdEvents = new ArrayList<>();
    private final List<ConversionRequest> createdRequests = new ArrayList<>();
    private final List<Boolean> replacing = new ArrayList<>();
    private final List<List<NewCommission>> createdCommissions = new ArrayList<>();
    private final List<List<JourneyCredit.FoundTouch>> createdJourneys = new ArrayList<>();

    /** The clicks {@link #clicksByVisitor} found, by click id. */
    private final Map<String, ClickRow> visitorClicks = new HashMap<>();

    /** Touches the advertisers reported from other channels: {@code advertiserRow:kind:value}. */
    private Map<String, List<JourneyCredit.FoundTouch>> touchpoints = Map.of();

    private final Map<String, Long> monthEarned = new HashMap<>();
    private final Map<String, CustomerRow> customers = new HashMap<>();
    private final Set<String> existingCustomers = new HashSet<>();

    /** Each customer identity of the batch ({@code advertiserRow:identity}) to its row's number. */
    private final Map<String, Long> customerIdentityIds = new HashMap<>();

    /** Submissions refused inside the batch, by their index: they get no result. */
    private final Map<Integer, RuntimeException> refusals;

    Batch(
        Connection c,
        Writer writer,
        List<Submission> submissions,
        Map<Integer, RuntimeException> refusals) {
      this.c = c;
      this.writer = writer;
      this.submissions = submissions;
      this.refusals = refusals;
      refusals.clear();
    }

    List<@Nullable Result> run() throws SQLException {
      if (database.kind() == DatabaseSettings.Kind.POSTGRESQL) {
        // The lookups below probe indexes for a few dozen keys on pages that are in memory.
        // PostgreSQL's default cost of a random page (4, a disk's) made it prefer a scan of the
        // whole table and a hash join on tables of a few thousand to tens of thousands of rows:
        // half the identity lookups of a run, each reading every row. 1.1 is the usual figure
        // for memory and SSDs; SET LOCAL keeps it to this transaction.
        Sql.update(c, "SET LOCAL random_page_cost = 1.1");
      }
      Map<String, Stored> storedOrders = existingOrders();
      Map<String, ClickRow> byClickId = clicksById();
      loadCustomers();
      Map<String, Set<String>> identityVisitors = identityVisitors();
      Map<String, List<ClickRow>> byVisitor = clicksByVisitor(identityVisitors, byClickId);
      touchpoints = touchpoints(identityVisitors);

      List<@Nullable Result> results = new ArrayList<>();
      Map<String, Integer> firstInBatch = new HashMap<>();
      List<String> replayIds = new ArrayList<>();
      for (Submission s : submissions) {
        ConversionRequest r = s.request();
        TrackingIndex.ProgrammeEntry programme = index.programme(r.programmeId());
        if (programme == null) {
          throw new IllegalStateException("programme " + r.programmeId() + " vanished");
        }
        String orderKey = programme.advertiserRowId() + ":" + r.order().orderId();
        boolean trusted = r.source().trust().equals("high");
        Integer first = firstInBatch.get(orderKey);
        if (first != null) {
          if (trusted && created.get(first).trust().equals("low")) {
            // The authenticated report of an order first seen by a pixel in this very batch.
            Conversion confirmed =
                attributeAndBuild(
                    r, programme, byClickId, byVisitor, identityVisitors, replacing(first));
            replaceCreated(first, confirmed);
            results.add(new Result(false, confirmed));
          } else {
            results.add(new Result(false, created.get(first)));
          }
          continue;
        }
        Stored stored = storedOrders.get(orderKey);
        if (stored != null && !(trusted && stored.lowTrust() && !stored.cancelled())) {
          replayIds.add(stored.publicId());
          results.add(null);
          continue;
        }
        if (programme.archived()) {
          // Checked after the replay: an order stored before the programme was archived still
          // answers its original, only new sales are refused.
          refusals.put(
              results.size(),
              ValidationException.of(
                  "programmeId", "programme " + r.programmeId() + " is archived"));
          results.add(null);
          continue;
        }
        firstInBatch.put(orderKey, created.size());
        Conversion conversion =
            attributeAndBuild(r, programme, byClickId, byVisitor, identityVisitors, stored);
        // An order the pixel reported and the advertiser now confirms is the same conversion,
        // brought up to the authenticated data: the pixel cannot take an order id over.
        results.add(new Result(stored == null, conversion));
      }
      insertAll();
      Map<String, Conversion> replays = ConversionStore.findByIds(c, replayIds, index);
      List<@Nullable Result> complete = new ArrayList<>(results.size());
      int replay = 0;
      for (int i = 0; i < results.size(); i++) {
        Result result = results.get(i);
        if (refusals.containsKey(i)) {
          complete.add(null);
        } else if (result == null) {
          Conversion original = replays.get(replayIds.get(replay++));
          if (original == null) {
            throw new IllegalStateException("a stored conversion could not be read back");
          }
          complete.add(new Result(false, original));
        } else {
          complete.add(result);
        }
      }
      return complete;
    }

    private Conversion attributeAndBuild(
        ConversionRequest r,
        TrackingIndex.ProgrammeEntry programme,
        Map<String, ClickRow> byClickId,
        Map<String, List<ClickRow>> byVisitor,
        Map<String, Set<String>> identityVisitors,
        @Nullable Stored replaces)
        throws SQLException {
      Order order = r.order();
      List<String> notes = new ArrayList<>();
      List<Touch> clickTouches = new ArrayList<>();
      ClickRow given = r.clickId() == null ? null : byClickId.get(r.clickId());
      if (r.clickId() != null) {
        if (given == null) {
          notes.add("click id " + r.clickId() + " is not a click Levier recorded");
        } else if (given.programmeRow() != programme.rowId()) {
          notes.add("click id " + r.clickId() + " belongs to another programme");
        } else {
          clickTouches.add(touch(TouchKind.CLICK, given));
        }
      }
      List<Touch> couponTouches = new ArrayList<>();
      String couponPublisher = null;
      if (r.couponCode() != null) {
        TrackingIndex.CouponEntry coupon =
            index.coupon(programme.advertiserRowId(), r.couponCode());
        TrackingIndex.PartnershipEntry owner =
            coupon == null ? null : index.partnership(coupon.partnershipRowId());
        if (owner == null) {
          notes.add("coupon " + r.couponCode() + " is not assigned to a publisher");
        } else {
          couponPublisher = owner.publisherId();
          if (owner.programmeRowId() != programme.rowId()) {
            notes.add("coupon " + r.couponCode() + " belongs to another programme");
          } else {
            couponTouches.add(
                Touch.coupon(
                    order.orderedAt(), owner.id(), owner.publisherId(), earns(owner, programme)));
          }
        }
      }
      List<Touch> visitorTouches = new ArrayList<>();
      String browser = visitorOf(r, byClickId);
      if (browser != null) {
        for (ClickRow click :
            byVisitor.getOrDefault(programme.rowId() + ":" + browser, List.of())) {
          visitorTouches.add(touch(TouchKind.VISITOR_CLICK, click));
        }
      }
      List<Touch> customerTouches = new ArrayList<>();
      Set<String> customerVisitors = new HashSet<>();
      for (String identity : identities(r)) {
        customerVisitors.addAll(
            identityVisitors.getOrDefault(programme.advertiserRowId() + ":" + identity, Set.of()));
      }
      customerVisitors.remove(browser);
      for (String visitor : customerVisitors) {
        for (ClickRow click :
            byVisitor.getOrDefault(programme.rowId() + ":" + visitor, List.of())) {
          customerTouches.add(touch(TouchKind.CUSTOMER_CLICK, click));
        }
      }
      Attribution attribution =
          LastTouchAttribution.attribute(
              order.orderedAt(),
              Duration.ofDays(programme.attributionWindowDays()),
              clickTouches,
              couponTouches,
              visitorTouches,
              customerTouches);
      List<String> allNotes = new ArrayList<>(notes);
      allNotes.addAll(attribution.notes());

      CustomerStatus status = r.customerStatus();
      boolean statusGiven = status != null;
      long id = replaces == null ? writer.nextId(c) : replaces.rowId();
      if (status == null) {
        status = derivedStatus(r, programme, id, allNotes);
      }

      Touch credited = attribution.touch();
      String country = r.country() != null ? r.country().code() : null;
      if (country == null && credited != null && credited.clickId() != null) {
        ClickRow click = clickOf(credited.clickId(), byClickId);
        country = click == null ? null : click.country();
      }
      FraudFacts facts =
          FraudFacts.of(attribution, order.orderedAt())
              .withCustomer(r.emailHash(), r.customerRef())
              .withRecentSimilarOrders(similarOrders(r, programme, id));
      if (credited != null) {
        facts = facts.withPublisherIdentities(publisherIdentities(credited.partnershipId()));
      }
      if (r.couponCode() != null) {
        facts = facts.withCoupon(r.couponCode(), couponPublisher);
      }
      facts =
          facts.withCountry(
              country == null ? null : dev.levier.geo.CountryCode.of(country),
              programme.countries());
      List<FraudSignal> signals =
          FraudChecks.evaluate(
              facts,
              new FraudPolicy(
                  programme.minClickSeconds(), FraudPolicy.DEFAULT_DUPLICATE_WINDOW_MINUTES));
      String conversionStatus = FraudChecks.holds(signals) ? "held" : "pending";
      boolean commissionable = credited != null && credited.commissionable();

      JourneyCredit.Outcome credit =
          credit(
              r,
              programme,
              credited,
              byClickId,
              clickTouches,
              couponTouches,
              visitorTouches,
              customerTouches,
              customerVisitors);
      allNotes.addAll(credit.notes());
      List<NewCommission> commissions =
          credit.shares().stream().anyMatch(JourneyCredit.Share::paid)
              ? commissions(
                  id, r, programme, status, credit, couponPublisher, byClickId, country, allNotes)
              : List.of();
      String publicId =
          replaces == null
              ? dev.levier.storage.PublicIds.ordered("cnv", r.receivedAt().toEpochMilli())
              : replaces.publicId();
      int version = replaces == null ? 1 : replaces.version() + 1;
      Instant now = r.receivedAt();
      List<Conversion.Event> events = new ArrayList<>();
      events.add(
          new Conversion.Event(
              now,
              replaces == null ? "received" : "confirmed",
              null,
              "reported by "
                  + r.source()
                  + (attribution.isAttributed()
                      ? "; credited by " + attribution.key().label()
                      : "; no touch credited"),
              r.actor()));
      if (!signals.isEmpty()) {
        events.add(
            new Conversion.Event(
                now,
                "held",
                signals.get(0).kind().toString(),
                signals.size() + " fraud signal(s): held for review",
                "levier"));
      }
      Conversion conversion =
          ConversionStore.view(
              publicId,
              programme.advertiserId(),
              programme.id(),
              r,
              status,
              statusGiven,
              attribution,
              commissionable,
              conversionStatus,
              signals,
              allNotes,
              order,
              version,
              now);
      created.add(conversion);
      createdIds.add(id);
      createdEvents.add(events);
      createdRequests.add(r);
      replacing.add(replaces != null);
      createdCommissions.add(commissions);
      createdJourneys.add(credit.touches());
      remember(r, programme, id);
      return conversion;
    }

    /** The conversion made at {@code index} of this batch, as a stored one to bring up to date. */
    private Stored replacing(int index) {
      Conversion first = created.get(index);
      return new Stored(createdIds.get(index), first.id(), true, first.version() - 1, false);
    }

    /**
     * Puts the confirmed conversion, just built at the end of the lists, in place of the pixel's
     * one at {@code index}, keeping the pixel's history before its own.
     */
    private void replaceCreated(int index, Conversion confirmed) {
      int last = created.size() - 1;
      List<Conversion.Event> events = new ArrayList<>(createdEvents.get(index));
      events.addAll(createdEvents.get(last));
      created.set(index, confirmed);
      createdEvents.set(index, events);
      createdRequests.set(index, createdRequests.get(last));
      replacing.set(index, replacing.get(index));
      createdCommissions.set(index, createdCommissions.get(last));
      createdJourneys.set(index, createdJourneys.get(last));
      created.remove(last);
      createdIds.remove(last);
      createdEvents.remove(last);
      createdRequests.remove(last);
      replacing.remove(last);
      createdCommissions.remove(last);
      createdJourneys.remove(last);
    }

    /**
     * Shares the sale between the channels of the customer's journey under the programme's setting:
     * every touch found by any key, and the touches the advertiser reported from its other channels
     * for this visitor or customer.
     */
    private JourneyCredit.Outcome credit(
        ConversionRequest r,
        TrackingIndex.ProgrammeEntry programme,
        @Nullable Touch credited,
        Map<String, ClickRow> byClickId,
        List<Touch> clickTouches,
        List<Touch> couponTouches,
        List<Touch> visitorTouches,
        List<Touch> customerTouches,
        Set<String> customerVisitors) {
      List<JourneyCredit.FoundTouch> found = new ArrayList<>();
      JourneyCredit.FoundTouch lastClick = null;
      for (List<Touch> touches :
          List.of(clickTouches, couponTouches, visitorTouches, customerTouches)) {
        for (Touch touch : touches) {
          JourneyCredit.FoundTouch foundTouch = found(touch, byClickId);
          found.add(foundTouch);
          if (touch.equals(credited)) {
            lastClick = foundTouch;
          }
        }
      }
      if (attributions.hasTouchpoints(programme.advertiserRowId())) {
        List<String> keys = new ArrayList<>(identities(r));
        if (r.visitorId() != null) {
          keys.add("visitor:" + r.visitorId());
        }
        for (String visitor : customerVisitors) {
          keys.add("visitor:" + visitor);
        }
        for (String key : keys) {
          found.addAll(
              touchpoints.getOrDefault(programme.advertiserRowId() + ":" + key, List.of()));
        }
      }
      AttributionPolicy policy = attributions.policy(programme.rowId());
      return JourneyCredit.credit(
          policy,
          attributions.fit(programme.rowId()),
          r.order().orderedAt(),
          Duration.ofDays(programme.attributionWindowDays()),
          found,
          lastClick,
          r.channel());
    }

    private JourneyCredit.FoundTouch found(Touch touch, Map<String, ClickRow> byClickId) {
      ClickRow click = touch.clickId() == null ? null : clickOf(touch.clickId(), byClickId);
      return new JourneyCredit.FoundTouch(
          new JourneyTouch(touch.publisherId(), touch.occurredAt(), true),
          touch.kind() == TouchKind.COUPON ? "coupon" : "click",
          touch.partnershipId(),
          touch.clickId(),
          click == null ? null : click.visitorId(),
          touch.commissionable());
    }

    /**
     * What the sale earns each publisher paid a part of it, under the rules in effect when it was
     * ordered; empty (with a note saying why) when nothing can be computed yet. Each publisher's
     * rules are applied to the whole sale with its own facts (type, group, role in the journey, its
     * click's device), then every line is split between the parts by {@link CommissionSplit}, then
     * channel de-duplication and the monthly caps apply to each part. An order in another currency
     * than the programme's is evaluated converted into the programme's currency at the rate in
     * effect on its UTC day ({@link OrderConversion}: line by line, so the parts can be checked
     * against the order), and the rate is stored beside the commission; without a rate for that day
     * there is no commission yet, and a note says so.
     */
    private List<NewCommission> commissions(
        long conversionRow,
        ConversionRequest r,
        TrackingIndex.ProgrammeEntry programme,
        @Nullable CustomerStatus status,
        JourneyCredit.Outcome credit,
        @Nullable String couponPublisher,
        Map<String, ClickRow> byClickId,
        @Nullable String country,
        List<String> notes)
        throws SQLException {
      Order order = r.order();
      CommissionRules.Version rules =
          commissionRules.inEffect(programme.rowId(), order.orderedAt());
      if (rules == null) {
        notes.add(
            "no commission: the programme had no published rule set in effect on "
                + order.orderedAt());
        return List.of();
      }
      ExchangeRate exchange = null;
      if (!order.currency().equals(programme.currency())) {
        try {
          OrderConversion.Converted converted =
              OrderConversion.convert(order, programme.currency(), rates.table());
          order = converted.order();
          exchange = converted.rate();
        } catch (MissingRateException e) {
          notes.add(
              "no commission yet: the order is in "
                  + order.currency().code()
                  + " and the programme pays in "
                  + programme.currency().code()
                  + "; it is computed once an exchange rate is loaded");
          return List.of();
        } catch (ArithmeticException e) {
          notes.add(
              "no commission: the order converted from "
                  + order.currency().code()
                  + " to "
                  + programme.currency().code()
                  + " is more than an amount can hold");
          return List.of();
        }
      }
      List<JourneyCredit.Share> shares = credit.shares();
      Order sold = order;
      List<CommissionShares.@Nullable Part> parts =
          CommissionShares.evaluate(
              rules.engine(),
              shares,
              credit.reduceByPercent(),
              share -> {
                TrackingIndex.PartnershipEntry partnership = partnershipOf(share);
                String clickId = share.clickId();
                ClickRow click = clickId == null ? null : clickOf(clickId, byClickId);
                return CommissionRules.facts(
                    rules.engine().rules().zone(),
                    sold,
                    partnership,
                    publisherOf(partnership),
                    status,
                    r.couponCode(),
                    couponPublisher,
                    country,
                    click == null ? null : click.device(),
                    r.channel(),
                    r.subscription(),
                    share.role());
              },
              r.event() == EventType.LEAD,
              sold.lines(),
              programme.currency());
      BigDecimal reduceBy = credit.reduceByPercent();
      List<NewCommission> commissions = new ArrayList<>();
      for (int i = 0; i < shares.size(); i++) {
        CommissionShares.Part part = parts.get(i);
        if (part == null) {
          continue;
        }
        JourneyCredit.Share share = shares.get(i);
        TrackingIndex.PartnershipEntry partnership = partnershipOf(share);
        TrackingIndex.PublisherEntry publisher = publisherOf(partnership);
        SaleCommission computed = part.paid();
        MonthlyCaps caps = rules.monthlyCaps();
        if (caps != null) {
          YearMonth month = caps.monthOf(sold.orderedAt());
          String publisherKey = "p:" + programme.rowId() + ":" + publisher.rowId() + ":" + month;
          String programmeKey = "g:" + programme.rowId() + ":" + month;
          long publisherEarned =
              earnedThisMonth(publisherKey, programme.rowId(), publisher.rowId(), month, caps);
          long programmeEarned =
              earnedThisMonth(programmeKey, programme.rowId(), null, month, caps);
          computed =
              caps.apply(
                  new MonthToDate(
                      month,
                      Money.ofMinor(publisherEarned, caps.currency()),
                      Money.ofMinor(programmeEarned, caps.currency())),
                  computed);
          monthEarned.merge(publisherKey, computed.total().minor(), Long::sum);
          monthEarned.merge(programmeKey, computed.total().minor(), Long::sum);
        }
        String attribution =
            shares.size() == 1 && reduceBy == null
                ? null
                : "paid "
                    + share.explanation()
                    + (part.whole().total().equals(computed.total())
                        ? ""
                        : ": "
                            + computed.total()
                            + " of the "
                            + part.whole().total()
                            + " the whole sale earns under its rules")
                    + (reduceBy == null
                        ? ""
                        : "; reduced by "
                            + reduceBy.stripTrailingZeros().toPlainString()
                            + "% by channel de-duplication");
        commissions.add(
            new NewCommission(
                conversionRow,
                programme.rowId(),
                partnership.rowId(),
                publisher.rowId(),
                rules,
                sold.orderedAt(),
                computed,
                exchange,
                r.event(),
                share.partsPerBillion(),
                attribution));
      }
      return commissions;
    }

    private TrackingIndex.PartnershipEntry partnershipOf(JourneyCredit.Share share) {
      String id = share.partnershipId();
      TrackingIndex.PartnershipEntry partnership = id == null ? null : index.partnershipById(id);
      if (partnership == null) {
        throw new IllegalStateException("partnership " + id + " vanished from the index");
      }
      return partnership;
    }

    private TrackingIndex.PublisherEntry publisherOf(TrackingIndex.PartnershipEntry partnership) {
      TrackingIndex.PublisherEntry publisher = index.publisher(partnership.publisherRowId());
      if (publisher == null) {
        throw new IllegalStateException(
            "the publisher of partnership " + partnership.id() + " vanished from the index");
      }
      return publisher;
    }

    /**
     * What a publisher (or, with a null publisher, the whole programme) has earned in the month so
     * far, stored commissions and this batch's together. Read once per batch, and only for
     * programmes with monthly caps.
     */
    private long earnedThisMonth(
        String key,
        long programmeRow,
        @Nullable Long publisherRow,
        YearMonth month,
        MonthlyCaps caps)
        throws SQLException {
      Long known = monthEarned.get(key);
      if (known != null) {
        return known;
      }
      Instant start = month.atDay(1).atStartOfDay(caps.zone()).toInstant();
      Instant end = month.plusMonths(1).atDay(1).atStartOfDay(caps.zone()).toInstant();
      long stored =
          Sql.queryOne(
                  c,
                  "SELECT COALESCE(SUM(amount_minor), 0) FROM commission WHERE programme_id = ?"
                      + (publisherRow == null ? "" : " AND publisher_id = " + publisherRow)
                      + " AND ordered_at >= ? AND ordered_at < ?"
                      + " AND status NOT IN ('declined', 'reversed')",
                  r -> r.getLong(1),
                  programmeRow,
                  start,
                  end)
              .orElse(0L);
      monthEarned.put(key, stored);
      return stored;
    }

    private boolean earns(
        TrackingIndex.PartnershipEntry partnership, TrackingIndex.ProgrammeEntry programme) {
      return partnership.status() == PartnershipStatus.APPROVED
          && !partnership.archived()
          && programme.open();
    }

    private Touch touch(TouchKind kind, ClickRow click) {
      TrackingIndex.PartnershipEntry partnership = index.partnership(click.partnershipRow());
      String partnershipId = partnership == null ? "ptn_unknown" : partnership.id();
      String publisherId = partnership == null ? "pub_unknown" : partnership.publisherId();
      return new Touch(
          kind,
          click.occurredAt(),
          partnershipId,
          publisherId,
          click.clickId(),
          click.commissionable(),
          click.flags());
    }

    private @Nullable ClickRow clickOf(String clickId, Map<String, ClickRow> byClickId) {
      ClickRow row = byClickId.get(clickId);
      return row != null ? row : visitorClicks.get(clickId);
    }

    private Set<Identity> publisherIdentities(String partnershipId) {
      Set<Identity> identities = new HashSet<>();
      TrackingIndex.PublisherEntry publisher = publisherOfPartnership(partnershipId);
      if (publisher != null && publisher.contactEmailHash() != null) {
        identities.add(new EmailHash(publisher.contactEmailHash()));
      }
      return identities;
    }

    private TrackingIndex.@Nullable PublisherEntry publisherOfPartnership(String partnershipId) {
      TrackingIndex.PartnershipEntry partnership = index.partnershipById(partnershipId);
      return partnership == null ? null : index.publisher(partnership.publisherRowId());
    }

    /** Identities of the customer, as they are stored: {@code ref:...} and {@code email:...}. */
    private List<String> identities(ConversionRequest r) {
      List<String> keys = new ArrayList<>(2);
      if (r.customerRef() != null) {
        keys.add("ref:" + r.customerRef().value());
      }
      if (r.emailHash() != null) {
        keys.add("email:" + r.emailHash().hex());
      }
      return keys;
    }

    /**
     * The customer's status from the kept orders of its identities ({@link CustomerRow}), this
     * conversion's own row left out (the signed report of an order a pixel reported is not its own
     * earlier order). An identity whose older orders were let go and whose kept orders are all
     * later than this one is taken as returning, with a note: it has at least {@link
     * CustomerRow#KEPT_ORDERS} later orders and one before, whose date is no longer at hand.
     */
    private @Nullable CustomerStatus derivedStatus(
        ConversionRequest r, TrackingIndex.ProgrammeEntry programme, long row, List<String> notes) {
      List<String> keys = identities(r);
      if (keys.isEmpty()) {
        return null;
      }
      Instant orderedAt = r.order().orderedAt();
      Instant lastBefore = null;
      boolean unknown = false;
      for (String key : keys) {
        CustomerRow customer = customers.get(programme.advertiserRowId() + ":" + key);
        if (customer == null) {
          continue;
        }
        // An order at the same instant but reported earlier counts as earlier.
        Instant found = customer.latestOrderAtOrBefore(orderedAt, row);
        if (found != null) {
          lastBefore = latest(lastBefore, found);
        } else if (customer.mayHaveOrderBefore(orderedAt)) {
          unknown = true;
        }
      }
      CustomerStatus status =
          CustomerHistory.status(lastBefore, orderedAt, programme.lapsedAfterDays());
      if (unknown && status != CustomerStatus.RETURNING) {
        notes.add(
            "customer status: the customer's order before this one is older than its latest "
                + CustomerRow.KEPT_ORDERS
                + " orders; taken as returning");
        return CustomerStatus.RETURNING;
      }
      return status;
    }

    /**
     * How many other orders of the same customer and total were placed within the duplicate window
     * of this one and are not cancelled, from the kept orders of its identities: an order found by
     * both its reference and its e-mail counts once. Only when there are such orders stored before
     * this batch is the database asked which of them were cancelled since.
     */
    private int similarOrders(ConversionRequest r, TrackingIndex.ProgrammeEntry programme, long row)
        throws SQLException {
      Duration window = Duration.ofMinutes(FraudPolicy.DEFAULT_DUPLICATE_WINDOW_MINUTES);
      Instant at = r.order().orderedAt();
      Set<Long> similar = new HashSet<>();
      for (String key : identities(r)) {
        CustomerRow customer = customers.get(programme.advertiserRowId() + ":" + key);
        if (customer == null) {
          continue;
        }
        for (CustomerRow.PastOrder past : customer.recentOrders()) {
          if (past.conversionRow() != row
              && past.totalMinor() == r.order().total().minor()
              && Duration.between(past.orderedAt(), at).abs().compareTo(window) <= 0) {
            similar.add(past.conversionRow());
          }
        }
      }
      List<Long> stored = new ArrayList<>();
      for (Long candidate : similar) {
        if (!createdIds.contains(candidate)) {
          stored.add(candidate);
        }
      }
      if (!stored.isEmpty()) {
        similar.removeAll(cancelled(stored));
      }
      return similar.size();
    }

    private List<Long> cancelled(List<Long> rows) throws SQLException {
      Sql.Fragment id = Sql.oneOf(c, "id", "bigint", rows);
      return Sql.query(
          c,
          "SELECT id FROM conversion WHERE " + id.sql() + " AND status = 'cancelled'",
          found -> found.getLong("id"),
          id.params());
    }

    /** Keeps what later conversions of the same batch must see of this one. */
    private void remember(ConversionRequest r, TrackingIndex.ProgrammeEntry programme, long row) {
      long advertiserRow = programme.advertiserRowId();
      CustomerRow.PastOrder order =
          new CustomerRow.PastOrder(row, r.order().orderedAt(), r.order().total().minor());
      for (String key : identities(r)) {
        String mapKey = advertiserRow + ":" + key;
        CustomerRow customer = customers.get(mapKey);
        customers.put(
            mapKey,
            customer == null
                ? CustomerRow.first(advertiserRow, key, order, r.visitorId())
                : customer.ordered(order, r.visitorId()));
      }
    }

    /**
     * The batch's requests by the row of their programme's advertiser. Every lookup by order or
     * customer goes one advertiser at a time, because the indexes lead with the advertiser: without
     * it, the database reads the whole table.
     */
    private Map<Long, List<ConversionRequest>> byAdvertiser() {
      Map<Long, List<ConversionRequest>> grouped = new HashMap<>();
      for (Submission s : submissions) {
        TrackingIndex.ProgrammeEntry programme = index.programme(s.request().programmeId());
        if (programme != null) {
          grouped
              .computeIfAbsent(programme.advertiserRowId(), k -> new ArrayList<>())
              .add(s.request());
        }
      }
      return grouped;
    }

    private Map<String, Stored> existingOrders() throws SQLException {
      Map<String, Stored> found = new HashMap<>();
      for (Map.Entry<Long, List<ConversionRequest>> group : byAdvertiser().entrySet()) {
        Set<String> orderIds = new HashSet<>();
        for (ConversionRequest r : group.getValue()) {
          orderIds.add(r.order().orderId());
        }
        Sql.Fragment orders = Sql.keyTable(c, "v", "text", orderIds);
        for (Object[] row :
            Sql.query(
                c,
                "SELECT c.id, c.public_id, c.order_id, c.trust, c.version, c.status FROM "
                    + orders.sql()
                    + " JOIN conversion c ON c.advertiser_id = ? AND c.order_id = v.k",
                r ->
                    new Object[] {
                      new Stored(
                          r.getLong("id"),
                          Sql.requiredString(r, "public_id"),
                          Sql.requiredString(r, "trust").equals("low"),
                          r.getInt("version"),
                          Sql.requiredString(r, "status").equals("cancelled")),
                      Sql.requiredString(r, "order_id")
                    },
                orders.params(group.getKey()))) {
          found.put(group.getKey() + ":" + row[1], (Stored) row[0]);
        }
      }
      return found;
    }

    /** The clicks named by the batch's click ids, found by row and checked by secret. */
    private Map<String, ClickRow> clicksById() throws SQLException {
      Map<Long, Set<String>> ids = new HashMap<>();
      for (Submission s : submissions) {
        String clickId = s.request().clickId();
        if (clickId != null) {
          ids.computeIfAbsent(RandomIds.clickRow(clickId), k -> new HashSet<>()).add(clickId);
        }
      }
      Map<String, ClickRow> found = new HashMap<>();
      if (ids.isEmpty()) {
        return found;
      }
      Sql.Fragment id = Sql.oneOf(c, "id", "bigint", ids.keySet());
      for (ClickRow row :
          Sql.query(c, CLICKS + " WHERE " + id.sql(), ConversionProcessor::mapClick, id.params())) {
        // A click id whose secret does not match its row is forged: it finds nothing.
        if (ids.getOrDefault(RandomIds.clickRow(row.clickId()), Set.of()).contains(row.clickId())) {
          found.put(row.clickId(), row);
        }
      }
      return found;
    }

    /**
     * Visitors already seen with each identity of the batch, from the customer rows {@link
     * #loadCustomers} read: {@code advertiserRow:kind:value} to visitor ids.
     */
    private Map<String, Set<String>> identityVisitors() {
      Map<String, Set<String>> found = new HashMap<>();
      for (String key : existingCustomers) {
        CustomerRow row = customers.get(key);
        if (row != null && !row.visitors().isEmpty()) {
          found.put(key, Set.copyOf(row.visitors()));
        }
      }
      return found;
    }

    /**
     * Recent clicks of the visitors involved (the visitor the sale names, else the visitor of its
     * click, and the visitors linked to its customer): {@code programmeRow:visitorId} to clicks.
     */
    private Map<String, List<ClickRow>> clicksByVisitor(
        Map<String, Set<String>> identityVisitors, Map<String, ClickRow> byClickId)
        throws SQLException {
      Set<String> visitors = new HashSet<>();
      Instant since = null;
      for (Submission s : submissions) {
        ConversionRequest r = s.request();
        TrackingIndex.ProgrammeEntry programme = index.programme(r.programmeId());
        if (programme == null) {
          continue;
        }
        boolean involved = false;
        String visitor = visitorOf(r, byClickId);
        if (visitor != null) {
          visitors.add(visitor);
          involved = true;
        }
        for (String identity : identities(r)) {
          Set<String> linked = identityVisitors.get(programme.advertiserRowId() + ":" + identity);
          if (linked != null) {
            visitors.addAll(linked);
            involved = true;
          }
        }
        if (involved) {
          Instant start =
              r.order().orderedAt().minus(Duration.ofDays(programme.attributionWindowDays()));
          since = since == null || start.isBefore(since) ? start : since;
        }
      }
      Map<String, List<ClickRow>> found = new HashMap<>();
      if (visitors.isEmpty() || since == null) {
        return found;
      }
      Sql.Fragment visitor = Sql.oneOf(c, "visitor_id", "text", visitors);
      for (ClickRow row :
          Sql.query(
              c,
              CLICKS + " WHERE " + visitor.sql() + " AND occurred_at >= ? ORDER BY occurred_at",
              ConversionProcessor::mapClick,
              visitor.params(since))) {
        found
            .computeIfAbsent(row.programmeRow() + ":" + row.visitorId(), k -> new ArrayList<>())
            .add(row);
        visitorClicks.put(row.clickId(), row);
      }
      return found;
    }

    /**
     * Reads the rows of the batch's customer identities, by the number each lives at ({@link
     * CustomerIds}), and finds the number of each identity not stored yet.
     */
    private void loadCustomers() throws SQLException {
      Set<String> identities = new HashSet<>();
      for (Submission s : submissions) {
        ConversionRequest r = s.request();
        TrackingIndex.ProgrammeEntry programme = index.programme(r.programmeId());
        if (programme == null) {
          continue;
        }
        for (String identity : identities(r)) {
          identities.add(programme.advertiserRowId() + ":" + identity);
        }
      }
      if (identities.isEmpty()) {
        return;
      }
      Map<Long, CustomerRow> read = new HashMap<>();
      Map<String, CustomerIds.Placement> placed =
          CustomerIds.place(identities, CustomerIds::of, ids -> customersAt(ids, read));
      for (Map.Entry<String, CustomerIds.Placement> entry : placed.entrySet()) {
        long id = entry.getValue().id();
        customerIdentityIds.put(entry.getKey(), id);
        if (entry.getValue().stored()) {
          CustomerRow row = read.get(id);
          if (row == null) {
            throw new IllegalStateException("customer " + entry.getKey() + " was not read");
          }
          customers.put(entry.getKey(), row);
          existingCustomers.add(entry.getKey());
        }
      }
    }

    /** The customer rows at these numbers, kept in {@code read}: number to identity. */
    private Map<Long, String> customersAt(Set<Long> ids, Map<Long, CustomerRow> read)
        throws SQLException {
      Map<Long, String> holders = new HashMap<>();
      Sql.Fragment id = Sql.oneOf(c, "id", "bigint", ids);
      for (Map.Entry<Long, CustomerRow> found :
          Sql.query(
              c,
              "SELECT id, advertiser_id, customer_key, first_order_at, last_order_at, orders,"
                  + " visitors, recent_orders FROM customer WHERE "
                  + id.sql(),
              r ->
                  Map.entry(
                      r.getLong("id"),
                      new CustomerRow(
                          r.getLong("advertiser_id"),
                          Sql.requiredString(r, "customer_key"),
                          Sql.requiredInstant(r, "first_order_at"),
                          Sql.requiredInstant(r, "last_order_at"),
                          r.getInt("orders"),
                          CustomerRow.visitorsOf(Sql.requiredString(r, "visitors")),
                          CustomerRow.ordersOf(Sql.requiredString(r, "recent_orders")))),
              id.params())) {
        CustomerRow row = found.getValue();
        read.put(found.getKey(), row);
        holders.put(found.getKey(), row.advertiserRow() + ":" + row.key());
      }
      return holders;
    }

    private void insertAll() throws SQLException {
      if (created.isEmpty()) {
        return;
      }
      List<Conversion> fresh = new ArrayList<>();
      List<Long> freshIds = new ArrayList<>();
      List<ConversionRequest> freshRequests = new ArrayList<>();
      List<@Nullable String> freshJourneys = new ArrayList<>();
      for (int i = 0; i < created.size(); i++) {
        String journey = JourneyJson.write(createdJourneys.get(i));
        if (replacing.get(i)) {
          ConversionStore.replace(
              c, created.get(i), createdIds.get(i), createdRequests.get(i), journey, index);
        } else {
          fresh.add(created.get(i));
          freshIds.add(createdIds.get(i));
          freshRequests.add(createdRequests.get(i));
          freshJourneys.add(journey);
        }
      }
      ConversionStore.insert(c, fresh, freshIds, freshRequests, freshJourneys, index);
      List<Long> recomputed = new ArrayList<>();
      List<NewCommission> commissions = new ArrayList<>();
      for (int i = 0; i < created.size(); i++) {
        if (replacing.get(i)) {
          recomputed.add(createdIds.get(i));
        }
        commissions.addAll(createdCommissions.get(i));
      }
      CommissionStore.deletePending(c, recomputed);
      CommissionStore.insert(c, commissions, created.get(0).updatedAt());
      SaleRollups.changed(c, rollupChanges());
      BulkInsert events =
          new BulkInsert(
              "conversion_event",
              "conversion_id",
              "occurred_at",
              "kind",
              "reason",
              "detail",
              "actor");
      for (int i = 0; i < created.size(); i++) {
        for (Conversion.Event e : createdEvents.get(i)) {
          events.add(
              createdIds.get(i), e.at(), e.kind(), Sql.text(e.reason()), e.detail(), e.actor());
        }
      }
      events.write(c);
      upsertCustomers();
    }

    /**
     * Touches the advertisers reported from other channels for the visitors and customers of this
     * batch, within their programmes' windows: {@code advertiserRow:kind:value} to touches. Only
     * advertisers that ever reported one are asked.
     */
    private Map<String, List<JourneyCredit.FoundTouch>> touchpoints(
        Map<String, Set<String>> identityVisitors) throws SQLException {
      Map<String, List<JourneyCredit.FoundTouch>> found = new HashMap<>();
      for (Map.Entry<Long, List<ConversionRequest>> group : byAdvertiser().entrySet()) {
        long advertiserRow = group.getKey();
        if (!attributions.hasTouchpoints(advertiserRow)) {
          continue;
        }
        Map<String, Set<String>> valuesByKind = new HashMap<>();
        Instant since = null;
        for (ConversionRequest r : group.getValue()) {
          TrackingIndex.ProgrammeEntry programme = index.programme(r.programmeId());
          if (programme == null) {
            continue;
          }
          List<String> keys = new ArrayList<>(identities(r));
          for (String identity : identities(r)) {
            for (String visitor :
                identityVisitors.getOrDefault(advertiserRow + ":" + identity, Set.of())) {
              keys.add("visitor:" + visitor);
            }
          }
          if (r.visitorId() != null) {
            keys.add("visitor:" + r.visitorId());
          }
          for (String key : keys) {
            int colon = key.indexOf(':');
            valuesByKind
                .computeIfAbsent(key.substring(0, colon), k -> new HashSet<>())
                .add(key.substring(colon + 1));
          }
          Instant start =
              r.order().orderedAt().minus(Duration.ofDays(programme.attributionWindowDays()));
          since = since == null || start.isBefore(since) ? start : since;
        }
        if (since == null) {
          continue;
        }
        for (Map.Entry<String, Set<String>> kind : valuesByKind.entrySet()) {
          Sql.Fragment identities = Sql.keyTable(c, "v", "text", kind.getValue());
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT t.identity_value, t.channel, t.occurred_at FROM "
                      + identities.sql()
                      + " JOIN touchpoint t ON t.advertiser_id = ? AND t.identity_kind = ?"
                      + " AND t.identity_value = v.k WHERE t.occurred_at >= ?",
                  r ->
                      new Object[] {
                        Sql.requiredString(r, "identity_value"),
                        Sql.requiredString(r, "channel"),
                        Sql.requiredInstant(r, "occurred_at")
                      },
                  identities.params(advertiserRow, kind.getKey(), since))) {
            found
                .computeIfAbsent(
                    advertiserRow + ":" + kind.getKey() + ":" + row[0], k -> new ArrayList<>())
                .add(
                    new JourneyCredit.FoundTouch(
                        new JourneyTouch((String) row[1], (Instant) row[2], false),
                        "channel",
                        null,
                        null,
                        null,
                        false));
          }
        }
      }
      return found;
    }

    /**
     * The programmes and order times this batch changed, one range per programme and UTC day of the
     * orders, so that a batch adds a row or two for the rollups, not one per sale.
     */
    private List<SaleRollups.Change> rollupChanges() {
      Map<String, SaleRollups.Change> ranges = new HashMap<>();
      for (Conversion conversion : created) {
        TrackingIndex.ProgrammeEntry programme = index.programme(conversion.programmeId());
        if (programme == null) {
          continue;
        }
        Instant at = conversion.orderedAt();
        String key = programme.rowId() + ":" + at.getEpochSecond() / 86_400;
        ranges.merge(
            key,
            new SaleRollups.Change(programme.rowId(), at, at),
            (a, b) ->
                new SaleRollups.Change(
                    a.programmeRow(),
                    a.from().isBefore(b.from()) ? a.from() : b.from(),
                    a.to().isAfter(b.to()) ? a.to() : b.to()));
      }
      return List.copyOf(ranges.values());
    }

    private void upsertCustomers() throws SQLException {
      BulkInsert inserts =
          new BulkInsert(
              "customer",
              "id",
              "advertiser_id",
              "customer_key",
              "first_order_at",
              "last_order_at",
              "orders",
              "visitors",
              "recent_orders");
      BulkUpdate updates =
          new BulkUpdate(
              "customer",
              "id",
              "first_order_at",
              "last_order_at",
              "orders",
              "visitors",
              "recent_orders");
      // In the order of their numbers: both databases then walk the key's index in one direction.
      TreeMap<Long, String> byId = new TreeMap<>();
      for (String identity : customers.keySet()) {
        Long id = customerIdentityIds.get(identity);
        if (id == null) {
          throw new IllegalStateException("customer " + identity + " has no number");
        }
        byId.put(id, identity);
      }
      for (Map.Entry<Long, String> entry : byId.entrySet()) {
        long id = entry.getKey();
        CustomerRow row = customers.get(entry.getValue());
        if (row == null) {
          throw new IllegalStateException("customer " + entry.getValue() + " has no row");
        }
        if (existingCustomers.contains(entry.getValue())) {
          updates.add(
              id,
              row.firstOrderAt(),
              row.lastOrderAt(),
              row.orders(),
              row.storedVisitors(),
              row.storedOrders());
        } else {
          inserts.add(
              id,
              row.advertiserRow(),
              row.key(),
              row.firstOrderAt(),
              row.lastOrderAt(),
              row.orders(),
              row.storedVisitors(),
              row.storedOrders());
        }
      }
      int expected = updates.size();
      int changed = updates.write(c);
      if (changed != expected) {
        // Customer rows are never deleted: a row read at the start of the batch must still be
        // there.
        throw new IllegalStateException(
            expected + " customer rows were to change but " + changed + " did");
      }
      inserts.write(c);
    }
  }

  private static final String CLICKS =
      "SELECT id, secret, occurred_at, programme_id, partnership_id, visitor_id, commissionable,"
          + " flags, country, device FROM click";

  private static ClickRow mapClick(java.sql.ResultSet row) throws SQLException {
    String flags = Sql.requiredString(row, "flags");
    Set<String> set = new HashSet<>();
    for (String flag : flags.split(" ", -1)) {
      if (!flag.isEmpty()) {
        set.add(flag);
      }
    }
    return new ClickRow(
        RandomIds.clickId(row.getLong("id"), Sql.requiredString(row, "secret")),
        Sql.requiredInstant(row, "occurred_at"),
        row.getLong("programme_id"),
        row.getLong("partnership_id"),
        Sql.requiredString(row, "visitor_id"),
        row.getBoolean("commissionable"),
        Set.copyOf(set),
        row.getString("country"),
        device(row.getString("device")));
  }

  private static @Nullable DeviceType device(@Nullable String stored) {
    return stored == null ? null : WireEnum.parse(DeviceType.class, stored).orElse(null);
  }

  private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  /**
   * The visitor whose clicks make a sale's journey: the one the sale names, else the visitor of the
   * click it names (the same browser, by its cookie), so that a sale credited by click id still
   * holds the visitor's earlier clicks.
   */
  private static @Nullable String visitorOf(ConversionRequest r, Map<String, ClickRow> byClickId) {
    if (r.visitorId() != null) {
      return r.visitorId();
    }
    ClickRow click = r.clickId() == null ? null : byClickId.get(r.clickId());
    return click == null ? null : click.visitorId();
  }
}
