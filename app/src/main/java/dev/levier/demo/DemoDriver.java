package dev.levier.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.http.Json;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.PublisherType;
import dev.levier.simulation.Customer;
import dev.levier.simulation.GroundTruth;
import dev.levier.simulation.Market;
import dev.levier.simulation.MarketSettings;
import dev.levier.simulation.PlantedFraud;
import dev.levier.simulation.SimAdvertiser;
import dev.levier.simulation.SimPublisher;
import dev.levier.simulation.Step;
import dev.levier.tracking.RandomIds;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Plays a {@link Market} through Levier's public HTTP API, then scores what Levier found against
 * the market's truth. It writes nothing to the store: it creates the network as an admin would,
 * sends clicks through the redirect as browsers, touches, sales, returns and cancellations as the
 * advertisers, reviews the held sales, approves the rest and closes the months, then reads the
 * reports.
 *
 * <p>Time: the server must run on a settable clock ({@code clock=simulated}). A click is recorded
 * at the server's time, so before the clicks of each simulated minute the driver sets the clock to
 * that minute and waits until the minute's clicks are answered before moving it on. Sales, touches
 * and their changes carry their own times and go on in flight meanwhile, a few at once, each
 * customer's steps in order.
 */
public final class DemoDriver {
  /**
   * Share of a reward site's visitors the demo's experiments hold out from the reward: the most
   * Levier allows, for the narrowest interval in one month.
   */
  private static final String HOLDOUT_PERCENT = "50";

  private static final Set<PublisherType> REWARD_TYPES =
      Set.of(PublisherType.VOUCHER, PublisherType.CASHBACK);

  /**
   * How the driver reaches the server.
   *
   * @param baseUrl the server's base URL
   * @param adminKey an admin API key
   * @param inFlight requests at once
   * @param speed simulated minutes played per wall second; 0 plays as fast as the server answers
   */
  public record Options(String baseUrl, String adminKey, int inFlight, int speed) {}

  private final Options options;
  private final Market market;
  private final PrintWriter progress;
  private final DemoClient client;

  private final List<String> advertiserIds = new ArrayList<>();
  private final List<String> programmeIds = new ArrayList<>();
  private final List<String> advertiserKeys = new ArrayList<>();
  private final List<String> publisherIds = new ArrayList<>();
  private final Map<String, String> partnerships = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private final Map<String, String> coupons = new HashMap<>();
  private final Map<String, String> experiments = new LinkedHashMap<>();

  private final Map<String, String> cookies = new ConcurrentHashMap<>();
  private final Map<Long, String> clickIds = new ConcurrentHashMap<>();
  private final Set<Long> heldOutClicks = ConcurrentHashMap.newKeySet();
  private final Map<String, String> conversionIds = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> signalsByOrder = new ConcurrentHashMap<>();
  private final Set<String> heldConversions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger clicks = new AtomicInteger();
  private final AtomicInteger touches = new AtomicInteger();
  private final AtomicInteger sales = new AtomicInteger();
  private final AtomicInteger heldOut = new AtomicInteger();
  private final AtomicInteger returns = new AtomicInteger();
  private final AtomicInteger cancellations = new AtomicInteger();
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

  public DemoDriver(Options options, Market market, PrintWriter progress) {
    this.options = options;
    this.market = market;
    this.progress = progress;
    this.client = new DemoClient(options.baseUrl());
  }

  /**
   * The market of a demo run at {@code now}: its period ends a day before the current month starts,
   * so that its sales fall in past months in every time zone, and the months can be closed and
   * every commission booked.
   */
  public static MarketSettings settings(int customers, int days, long seed, Instant now) {
    Instant end =
        YearMonth.from(now.atOffset(ZoneOffset.UTC))
            .atDay(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC)
            .minus(1, ChronoUnit.DAYS);
    return new MarketSettings(customers, days, seed, end.minus(days, ChronoUnit.DAYS));
  }

  /** Runs the whole demo and returns its summary, which the server also keeps. */
  public DemoSummary run() {
    long started = System.nanoTime();
    try (client) {
      Instant start = market.settings().start();
      setClock(start.minus(1, ChronoUnit.DAYS));
      network(start);
      setClock(start);
      play();
      Instant end = market.settings().end();
      setClock(end);
      int declined = review();
      setClock(null);
      int notLocked = close(start, end);
      DemoSummary summary = summary(declined, notLocked, (System.nanoTime() - started) / 1e9);
      client.call("PUT", "/api/v1/demo/summary", options.adminKey(), summary, 200);
      return summary;
    }
  }

  // ---------------------------------------------------------------- the network

  private void network(Instant start) {
    progress.println("levier demo: creating the network through the API...");
    progress.flush();
    String admin = options.adminKey();
    // Every pair, directly: publishers are paid in their own currency, and the network has no
    // pivot currency for cross rates.
    List<Map<String, String>> rates = new ArrayList<>();
    List<SimAdvertiser> currencies = new ArrayList<>();
    for (SimAdvertiser advertiser : market.advertisers()) {
      if (currencies.stream().noneMatch(c -> c.currency().equals(advertiser.currency()))) {
        currencies.add(advertiser);
      }
    }
    String day = LocalDate.ofInstant(start, ZoneOffset.UTC).minusDays(2).toString();
    for (int b = 0; b < currencies.size(); b++) {
      for (int q = b + 1; q < currencies.size(); q++) {
        SimAdvertiser base = currencies.get(b);
        SimAdvertiser quote = currencies.get(q);
        rates.add(
            Map.of(
                "date",
                day,
                "base",
                base.currency().code(),
                "quote",
                quote.currency().code(),
                "rate",
                quote
                    .perEuro()
                    .divide(base.perEuro(), 6, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros()
                    .toPlainString()));
      }
    }
    client.call("POST", "/api/v1/rates", admin, Map.of("rates", rates), 200);

    for (SimAdvertiser advertiser : market.advertisers()) {
      String id =
          id(
              client.call(
                  "POST",
                  "/api/v1/advertisers",
                  admin,
                  Map.of(
                      "name",
                      advertiser.name(),
                      "country",
                      advertiser.country(),
                      "currency",
                      advertiser.currency().code(),
                      "timeZone",
                      advertiser.timeZone()),
                  201));
      advertiserIds.add(id);
      String programme =
          id(
              client.call(
                  "POST",
                  "/api/v1/programmes",
                  admin,
                  Map.of(
                      "advertiserId",
                      id,
                      "name",
                      advertiser.name() + " affiliates",
                      "landingUrl",
                      "https://www." + advertiser.domain() + "/",
                      "allowedDomains",
                      List.of(advertiser.domain(), "*." + advertiser.domain()),
                      "attributionWindowDays",
                      30,
                      "validationDays",
                      30),
                  201));
      programmeIds.add(programme);
      advertiserKeys.add(
          client
              .call(
                  "POST",
                  "/api/v1/keys",
                  admin,
                  Map.of("role", "advertiser", "ownerId", id, "label", "levier demo"),
                  201)
              .path("key")
              .asText());
      String rules =
          id(
              client.call(
                  "POST",
                  "/api/v1/programmes/" + programme + "/rulesets",
                  admin,
                  Json.parse(advertiser.rules().getBytes(StandardCharsets.UTF_8)),
                  201));
      client.call(
          "POST",
          "/api/v1/programmes/" + programme + "/rulesets/" + rules + "/publish",
          admin,
          Map.of("version", 1),
          200);
    }

    for (SimPublisher publisher : market.publishers()) {
      publisherIds.add(
          id(
              client.call(
                  "POST",
                  "/api/v1/publishers",
                  admin,
                  Map.of(
                      "name",
                      publisher.name(),
                      "type",
                      publisher.type().toString(),
                      "country",
                      publisher.country(),
                      "payoutCurrency",
                      publisher.payoutCurrency(),
                      "websites",
                      List.of(publisher.website()),
                      "contactEmail",
                      publisher.contactEmail()),
                  201)));
    }

    for (int a = 0; a < market.advertisers().size(); a++) {
      for (int p = 0; p < market.publishers().size(); p++) {
        SimPublisher publisher = market.publishers().get(p);
        String partnership =
            id(
                client.call(
                    "POST",
                    "/api/v1/partnerships",
                    admin,
                    Map.of(
                        "programmeId",
                        programmeIds.get(a),
                        "publisherId",
                        publisherIds.get(p),
                        "status",
                        "approved"),
                    201));
        partnerships.put(a + "/" + p, partnership);
        String trackingUrl =
            client
                .call("POST", "/api/v1/links", admin, Map.of("partnershipId", partnership), 201)
                .path("trackingUrl")
                .asText();
        links.put(a + "/" + p, trackingUrl.substring(trackingUrl.indexOf("/c/")));
        if (publisher.couponCodes()) {
          String code = publisher.couponCode(p, a);
          client.call(
              "POST",
              "/api/v1/coupons",
              admin,
              Map.of("partnershipId", partnership, "code", code),
              201);
          coupons.put(a + "/" + p, code);
        }
        if (publisher.fraud() == null && REWARD_TYPES.contains(publisher.type())) {
          experiments.put(
              a + "/" + p,
              id(
                  client.call(
                      "POST",
                      "/api/v1/experiments",
                      admin,
                      Map.of(
                          "partnershipId",
                          partnership,
                          "holdoutPercent",
                          HOLDOUT_PERCENT,
                          // The same seed splits the same visitors the same way: a run is
                          // played again exactly.
                          "splitSeed",
                          splitSeed(a, p)),
                      201)));
        }
      }
    }
  }

  private static String id(JsonNode answer) {
    return answer.path("id").asText();
  }

  private void setClock(@Nullable Instant at) {
    Map<String, @Nullable Object> body = new HashMap<>();
    body.put("now", at == null ? null : at.toString());
    DemoClient.Answer answer =
        DemoClient.join(client.send("PUT", "/api/v1/clock", options.adminKey(), body));
    if (answer.status() == 409) {
      throw new DemoException(
          "the server at "
              + client.baseUrl()
              + " runs on the system clock; levier demo needs one started with clock=simulated"
              + " (LEVIER_CLOCK=simulated ./levier serve)");
    }
    DemoClient.expect("PUT /api/v1/clock", answer, 200);
  }

  // ---------------------------------------------------------------- playing the market

  private void play() {
    List<Step> steps = market.steps();
    Semaphore permits = new Semaphore(options.inFlight());
    Map<Integer, CompletableFuture<Void>> customers = new HashMap<>();
    Map<String, CompletableFuture<Void>> devices = new HashMap<>();
    List<CompletableFuture<Void>> minuteClicks = new ArrayList<>();
    Instant clock = market.settings().start();
    Instant start = clock;
    long wallStart = System.nanoTime();
    long lastShown = 0;
    int done = 0;
    for (Step step : steps) {
      Instant minute = step.at().truncatedTo(ChronoUnit.MINUTES);
      boolean move =
          step instanceof Step.Click
              ? minute.isAfter(clock)
              : step.at().isAfter(clock.plus(4, ChronoUnit.MINUTES));
      if (move) {
        // The clicks of the minute before are answered, so recorded at that minute.
        CompletableFuture.allOf(minuteClicks.toArray(CompletableFuture[]::new)).join();
        minuteClicks.clear();
        rethrow();
        pace(start, minute, wallStart);
        setClock(minute);
        clock = minute;
      }
      acquire(permits);
      // A sale waits for everything its customer did before (its clicks, its touches), a change
      // for its sale; a click waits only for the browser's previous click, whose cookie it sends.
      CompletableFuture<Void> previous =
          step instanceof Step.Click click
              ? devices.getOrDefault(click.deviceKey(), CompletableFuture.completedFuture(null))
              : customers.getOrDefault(step.customer(), CompletableFuture.completedFuture(null));
      CompletableFuture<Void> next =
          previous
              .thenCompose(v -> perform(step))
              .handle(
                  (v, e) -> {
                    permits.release();
                    if (e != null) {
                      failure.compareAndSet(null, e);
                    }
                    return null;
                  });
      if (step instanceof Step.Click click) {
        devices.put(click.deviceKey(), next);
        minuteClicks.add(next);
        customers.put(
            step.customer(),
            CompletableFuture.allOf(
                customers.getOrDefault(step.customer(), CompletableFuture.completedFuture(null)),
                next));
      } else {
        customers.put(step.customer(), next);
      }
      done++;
      long now = System.nanoTime();
      if (now - lastShown > 250_000_000L) {
        lastShown = now;
        show(done, steps.size(), step.at(), wallStart);
      }
    }
    CompletableFuture.allOf(customers.values().toArray(CompletableFuture[]::new)).join();
    show(steps.size(), steps.size(), market.settings().end(), wallStart);
    progress.println();
    progress.flush();
    rethrow();
  }

  private void rethrow() {
    Throwable failed = failure.get();
    if (failed != null) {
      Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
      throw cause instanceof DemoException demo
          ? demo
          : new DemoException(String.valueOf(cause.getMessage()), cause);
    }
  }

  private void pace(Instant start, Instant minute, long wallStart) {
    if (options.speed() <= 0) {
      return;
    }
    long due =
        wallStart + Duration.between(start, minute).toMinutes() * 1_000_000_000L / options.speed();
    long wait = due - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoException("interrupted", e);
      }
    }
  }

  private static void acquire(Semaphore permits) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted", e);
    }
  }

  private void show(int done, int total, Instant at, long wallStart) {
    int width = 30;
    int filled = (int) ((long) done * width / Math.max(1, total));
    long day = Duration.between(market.settings().start(), at).toDays() + 1;
    progress.printf(
        "\r  [%s%s] %3d%%  day %d of %d  %,d clicks  %,d sales  %.1f s ",
        "#".repeat(filled),
        ".".repeat(width - filled),
        done * 100L / Math.max(1, total),
        Math.min(day, market.settings().days()),
        market.settings().days(),
        clicks.get(),
        sales.get(),
        (System.nanoTime() - wallStart) / 1e9);
    progress.flush();
  }

  private CompletableFuture<Void> perform(Step step) {
    return switch (step) {
      case Step.Click click -> click(click);
      case Step.Touch touch -> touch(touch);
      case Step.Order order -> order(order);
      case Step.Return ret -> change(ret.orderId(), ret.customer(), returned(ret), returns);
      case Step.Cancel cancel ->
          change(
              cancel.orderId(),
              cancel.customer(),
              Map.of("action", "cancel", "reason", "cancelled_by_customer"),
              cancellations);
    };
  }

  private CompletableFuture<Void> click(Step.Click click) {
    String path = link(click.advertiser(), click.publisher());
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int n = 0; n < click.burst(); n++) {
      chain =
          chain.thenCompose(
              v ->
                  client
                      .click(
                          path,
                          click.device().userAgent(),
                          click.device().address(),
                          visitorOf(click))
                      .thenAccept(answer -> clicked(click, answer)));
    }
    return chain;
  }

  /**
   * The visitor cookie of the click's browser, made from the market's seed on its first click (as a
   * browser that the tracker saw before), so that the same seed gives the same visitors and the
   * same holdout groups run after run.
   */
  private String visitorOf(Step.Click click) {
    return cookies.computeIfAbsent(
        click.deviceKey(),
        key ->
            RandomIds.visitorId(
                click.at().toEpochMilli(),
                new SplittableRandom(market.settings().seed() * 31 + fnv(key))));
  }

  /** The split seed of a reward site's experiment, from the market's seed. */
  private int splitSeed(int advertiser, int publisher) {
    long mixed =
        new SplittableRandom(
                market.settings().seed() * 1_000_003L + advertiser * 1_009L + publisher)
            .nextLong();
    return (int) (mixed >>> 33);
  }

  /** A 64-bit FNV-1a digest of a text, to seed a generator per device. */
  private static long fnv(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private void clicked(Step.Click click, DemoClient.Answer answer) {
    DemoClient.expect(
        "GET " + links.get(click.advertiser() + "/" + click.publisher()), answer, 302);
    clicks.incrementAndGet();
    String cookie = answer.cookie();
    if (cookie != null && cookie.startsWith("lv_vid=")) {
      int end = cookie.indexOf(';');
      cookies.put(click.deviceKey(), cookie.substring(7, end < 0 ? cookie.length() : end));
    }
    String location = String.valueOf(answer.location());
    String clickId = param(location, "lvclid");
    if (clickId != null) {
      clickIds.put(click.id(), clickId);
    }
    if ("1".equals(param(location, "lvholdout"))) {
      heldOutClicks.add(click.id());
    }
  }

  private String link(int advertiser, int publisher) {
    String path = links.get(advertiser + "/" + publisher);
    if (path == null) {
      throw new IllegalStateException("no link for " + advertiser + "/" + publisher);
    }
    return path;
  }

  /**
   * A query parameter of a redirect's location (the click id and holdout mark need no decoding).
   */
  private static @Nullable String param(String url, String name) {
    int at = url.indexOf('?' + name + '=');
    if (at < 0) {
      at = url.indexOf('&' + name + '=');
    }
    if (at < 0) {
      return null;
    }
    int from = at + name.length() + 2;
    int end = url.indexOf('&', from);
    return url.substring(from, end < 0 ? url.length() : end);
  }

  private CompletableFuture<Void> touch(Step.Touch touch) {
    Customer customer = market.customers().get(touch.customer());
    return client
        .send(
            "POST",
            "/api/v1/touchpoints",
            advertiserKeys.get(touch.advertiser()),
            Map.of(
                "touchpoints",
                List.of(
                    Map.of(
                        "customerRef",
                        customer.ref(),
                        "channel",
                        touch.channel(),
                        "occurredAt",
                        touch.at().toString()))))
        .thenAccept(
            answer -> {
              DemoClient.expect("POST /api/v1/touchpoints", answer, 201);
              touches.incrementAndGet();
            });
  }

  private CompletableFuture<Void> order(Step.Order order) {
    if (order.rewardClick() >= 0 && heldOutClicks.contains(order.rewardClick())) {
      // Held out from the reward that would have decided it: the customer does not buy.
      heldOut.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }
    SimAdvertiser advertiser = market.advertisers().get(order.advertiser());
    CurrencyUnit currency = advertiser.currency();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Step.Line line : order.lines()) {
      lines.add(
          Map.of(
              "sku",
              line.sku(),
              "name",
              line.name(),
              "category",
              line.category(),
              "quantity",
              line.quantity(),
              "unitPrice",
              Money.ofMinor(line.unitPriceMinor(), currency).toDecimalString()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("programmeId", programmeIds.get(order.advertiser()));
    body.put("orderId", order.orderId());
    body.put("orderedAt", order.at().toString());
    body.put("currency", currency.code());
    body.put("total", Money.ofMinor(order.totalMinor(), currency).toDecimalString());
    body.put("lines", lines);
    body.put("customerRef", order.customerRef());
    body.put("customerEmail", order.email());
    body.put("customerStatus", order.status());
    // The shop's tag reads the visitor cookie on the device the order is placed from, so that
    // Levier sees the visitor's other clicks in the journey (a click id alone brings only its own).
    String visitor = cookies.get(order.deviceKey());
    if (visitor != null) {
      body.put("visitorId", visitor);
    }
    String clickId = order.lastClick() < 0 ? null : clickIds.get(order.lastClick());
    if (clickId != null) {
      body.put("clickId", clickId);
    }
    if (order.couponPublisher() >= 0) {
      String code = coupons.get(order.advertiser() + "/" + order.couponPublisher());
      if (code != null) {
        body.put("couponCode", code);
      }
    }
    return client
        .send("POST", "/api/v1/conversions", advertiserKeys.get(order.advertiser()), body)
        .thenAccept(
            answer -> {
              JsonNode sale =
                  DemoClient.expect("POST /api/v1/conversions " + order.orderId(), answer, 201)
                      .json();
              sales.incrementAndGet();
              String id = sale.path("id").asText();
              conversionIds.put(order.orderId(), id);
              Set<String> signals = new HashSet<>();
              for (JsonNode signal : sale.path("fraudSignals")) {
                signals.add(signal.path("kind").asText());
              }
              signalsByOrder.put(order.orderId(), signals);
              if (sale.path("status").asText().equals("held")) {
                heldConversions.add(id);
              }
            });
  }

  private Map<String, Object> returned(Step.Return ret) {
    return Map.of(
        "action",
        "return",
        "reason",
        "customer_return",
        "lines",
        List.of(Map.of("lineNo", ret.lineNo(), "quantity", 1)));
  }

  private CompletableFuture<Void> change(
      String orderId, int customer, Map<String, Object> body, AtomicInteger counter) {
    String id = conversionIds.get(orderId);
    if (id == null) {
      return CompletableFuture.completedFuture(null); // never placed
    }
    int advertiser = market.customers().get(customer).advertiser();
    return client
        .send("PATCH", "/api/v1/conversions/" + id, advertiserKeys.get(advertiser), body)
        .thenAccept(
            answer -> {
              DemoClient.expect("PATCH /api/v1/conversions/" + id, answer, 200);
              counter.incrementAndGet();
            });
  }

  // ---------------------------------------------------------------- after the period

  /**
   * The network's review: the commissions of held sales are declined as fraud, every other pending
   * one is approved (as the advertisers would after their checks). Returns how many were declined.
   */
  private int review() {
    progress.println(
        "levier demo: reviewing held sales, approving the rest, closing the months...");
    progress.flush();
    List<Map<String, Object>> items = new ArrayList<>();
    int declined = 0;
    String cursor = null;
    do {
      JsonNode page =
          client.call(
              "GET",
              "/api/v1/commissions?status=pending&limit=200"
                  + (cursor == null ? "" : "&cursor=" + encode(cursor)),
              options.adminKey(),
              null,
              200);
      for (JsonNode commission : page.path("data")) {
        boolean held = heldConversions.contains(commission.path("conversionId").asText());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", commission.path("id").asText());
        item.put("action", held ? "decline" : "approve");
        if (held) {
          item.put("reason", "fraud");
          item.put("note", "held for review: declined by the demo's reviewer");
          declined++;
        }
        items.add(item);
      }
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    for (int from = 0; from < items.size(); from += 5000) {
      client.call(
          "POST",
          "/api/v1/commissions/bulk",
          options.adminKey(),
          Map.of("items", items.subList(from, Math.min(items.size(), from + 5000))),
          200);
    }
    return declined;
  }

  /**
   * Closes every month of the period that is over in every advertiser's time zone; returns how many
   * approved commissions could not be locked.
   */
  private int close(Instant start, Instant end) {
    int notLocked = 0;
    YearMonth first = YearMonth.from(start.atOffset(ZoneOffset.UTC));
    YearMonth last = YearMonth.from(end.minusMillis(1).atOffset(ZoneOffset.UTC));
    Instant now = Instant.now();
    for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
      // Fourteen hours after midnight UTC the month is over in every time zone.
      Instant over = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      if (over.plus(14, ChronoUnit.HOURS).isAfter(now)) {
        continue;
      }
      for (String programme : programmeIds) {
        notLocked +=
            client
                .call(
                    "POST",
                    "/api/v1/programmes/" + programme + "/periods/" + month + "/close",
                    options.adminKey(),
                    Map.of(),
                    200)
                .path("notLocked")
                .size();
      }
    }
    return notLocked;
  }

  private DemoSummary summary(int declined, int notLocked, double seconds) {
    Instant start = market.settings().start();
    Instant end = market.settings().end();
    String from = LocalDate.ofInstant(start, ZoneOffset.UTC).minusDays(1).toString();
    String to = LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays(1).toString();
    String admin = options.adminKey();

    // What Levier credited and paid, per programme and publisher, from the publisher report.
    JsonNode report =
        client.call(
            "GET",
            "/api/v1/reports/publishers?from="
                + from
                + "&to="
                + to
                + "&groupBy=programme,publisher&interval=total",
            admin,
            null,
            200);
    Map<String, long[]> credited = new HashMap<>(); // a/p -> revenue minor, conversions, paid minor
    Map<String, Long> commissionByCurrency = new TreeMap<>();
    int stored = 0;
    for (JsonNode row : report.path("rows")) {
      int a = programmeIds.indexOf(row.path("programmeId").asText());
      int p = publisherIds.indexOf(row.path("publisherId").asText(""));
      stored += row.path("conversions").asInt() + row.path("cancelled").asInt();
      for (JsonNode amount : row.path("amounts")) {
        CurrencyUnit currency = CurrencyUnit.of(amount.path("currency").asText());
        long revenue = Money.parse(amount.path("revenue").asText(), currency).minor();
        long paid = Money.parse(amount.path("commission").asText(), currency).minor();
        commissionByCurrency.merge(currency.code(), paid, Long::sum);
        if (a >= 0 && p >= 0) {
          long[] sums = credited.computeIfAbsent(a + "/" + p, k -> new long[3]);
          sums[0] += revenue;
          sums[1] += row.path("conversions").asInt();
          sums[2] += paid;
        }
      }
    }

    // Levier's estimate, per honest publisher type, in euro cents.
    Map<PublisherType, Long> estimate = new EnumMap<>(PublisherType.class);
    Map<PublisherType, Long> markov = new EnumMap<>(PublisherType.class);
    Map<PublisherType, Long> paid = new EnumMap<>(PublisherType.class);
    Map<PublisherType, String> method = new EnumMap<>(PublisherType.class);
    for (int a = 0; a < programmeIds.size(); a++) {
      JsonNode fairness =
          client.call(
              "GET",
              "/api/v1/programmes/"
                  + programmeIds.get(a)
                  + "/fairness?from="
                  + from
                  + "&to="
                  + to
                  + "&model=markov",
              admin,
              null,
              200);
      CurrencyUnit currency = market.advertisers().get(a).currency();
      Map<String, Long> contributed = new HashMap<>();
      for (JsonNode row : fairness.path("publishers")) {
        contributed.put(
            row.path("publisherId").asText(),
            Money.parse(row.path("contributedValue").asText(), currency).minor());
      }
      for (int p = 0; p < publisherIds.size(); p++) {
        SimPublisher publisher = market.publishers().get(p);
        if (publisher.fraud() != null) {
          continue;
        }
        PublisherType type = publisher.type();
        long[] sums = credited.getOrDefault(a + "/" + p, new long[3]);
        paid.merge(type, market.euroCents(a, sums[2]), Long::sum);
        String experiment = experiments.get(a + "/" + p);
        long dataDriven = market.euroCents(a, contributed.getOrDefault(publisherIds.get(p), 0L));
        markov.merge(type, dataDriven, Long::sum);
        if (experiment != null) {
          estimate.merge(
              type, market.euroCents(a, incrementalRevenue(experiment, sums)), Long::sum);
          method.put(type, "holdout");
        } else {
          estimate.merge(type, dataDriven, Long::sum);
          method.put(type, "markov");
        }
      }
    }

    GroundTruth truth = GroundTruth.of(market, conversionIds::containsKey);
    List<PublisherType> types = new ArrayList<>(truth.incrementalEuroCents().keySet());
    List<PublisherType> byTruth = ranked(types, truth.incrementalEuroCents());
    List<PublisherType> byEstimate = ranked(types, estimate);
    List<DemoSummary.TypeRow> rows = new ArrayList<>();
    for (PublisherType type : byTruth) {
      long trueValue = truth.incrementalEuroCents().getOrDefault(type, 0L);
      long estimated = estimate.getOrDefault(type, 0L);
      long pay = paid.getOrDefault(type, 0L);
      rows.add(
          new DemoSummary.TypeRow(
              type.toString(),
              euros(trueValue),
              euros(estimated),
              method.getOrDefault(type, "markov"),
              euros(markov.getOrDefault(type, 0L)),
              euros(pay),
              ratio(estimated, pay),
              ratio(trueValue, pay),
              byTruth.indexOf(type) + 1,
              byEstimate.indexOf(type) + 1));
    }

    List<DemoSummary.FraudRow> fraud = new ArrayList<>();
    for (PlantedFraud kind : PlantedFraud.values()) {
      Set<String> planted = truth.planted().getOrDefault(kind, Set.of());
      int flagged = 0;
      int caught = 0;
      for (Map.Entry<String, Set<String>> order : signalsByOrder.entrySet()) {
        if (order.getValue().contains(kind.signal())) {
          flagged++;
          if (planted.contains(order.getKey())) {
            caught++;
          }
        }
      }
      fraud.add(
          new DemoSummary.FraudRow(
              kind.wireName(),
              kind.signal(),
              planted.size(),
              flagged,
              caught,
              ratio(caught, flagged),
              ratio(caught, planted.size())));
    }

    JsonNode balances =
        client.call("GET", "/api/v1/ledger/balances?account=advertiser_unbilled", admin, null, 200);
    Map<String, Long> ledger = new TreeMap<>();
    for (JsonNode balance : balances.path("data")) {
      CurrencyUnit currency = CurrencyUnit.of(balance.path("currency").asText());
      long minor = Money.parse(balance.path("balance").asText(), currency).minor();
      // Read on the account's normal side (debit): what the advertisers owe.
      ledger.merge(currency.code(), minor, Long::sum);
    }
    List<DemoSummary.CurrencyCheck> checks = new ArrayList<>();
    boolean reconciled = conversionIds.size() == stored && notLocked == 0;
    Set<String> currencies = new java.util.TreeSet<>(commissionByCurrency.keySet());
    currencies.addAll(ledger.keySet());
    for (String code : currencies) {
      CurrencyUnit currency = CurrencyUnit.of(code);
      long commission = commissionByCurrency.getOrDefault(code, 0L);
      long booked = ledger.getOrDefault(code, 0L);
      reconciled &= commission == booked;
      checks.add(
          new DemoSummary.CurrencyCheck(
              code,
              Money.ofMinor(commission, currency).toDecimalString(),
              Money.ofMinor(booked, currency).toDecimalString()));
    }

    String base = client.baseUrl();
    List<DemoSummary.Report> reports = new ArrayList<>();
    reports.add(new DemoSummary.Report("this summary", base + "/api/v1/demo/summary"));
    reports.add(
        new DemoSummary.Report(
            "what each publisher brings",
            base
                + "/api/v1/reports/publishers?from="
                + from
                + "&to="
                + to
                + "&groupBy=publisherType&interval=total"));
    reports.add(
        new DemoSummary.Report(
            "fairness of pay, " + market.advertisers().get(0).name(),
            base
                + "/api/v1/programmes/"
                + programmeIds.get(0)
                + "/fairness?from="
                + from
                + "&to="
                + to));
    reports.add(
        new DemoSummary.Report(
            "attribution models side by side, " + market.advertisers().get(0).name(),
            base
                + "/api/v1/programmes/"
                + programmeIds.get(0)
                + "/attribution/report?from="
                + from
                + "&to="
                + to));
    reports.add(new DemoSummary.Report("holdout experiments", base + "/api/v1/experiments"));
    reports.add(new DemoSummary.Report("held sales", base + "/api/v1/conversions?status=held"));
    reports.add(new DemoSummary.Report("the ledger", base + "/api/v1/ledger/balances"));

    return new DemoSummary(
        new DemoSummary.Run(
            market.settings().customers(),
            market.settings().days(),
            market.settings().seed(),
            start.toString(),
            end.toString(),
            "EUR",
            clicks.get(),
            touches.get(),
            sales.get(),
            heldOut.get(),
            returns.get(),
            cancellations.get(),
            Math.round(seconds * 10) / 10.0),
        rows,
        fraud,
        new DemoSummary.Reconciliation(
            conversionIds.size(), stored, checks, declined, notLocked, reconciled),
        reports);
  }

  /**
   * What a reward site's holdout experiment says it added: the incremental conversions it measured
   * (treated conversions less what the holdout's rate predicts), at the average value of the sales
   * credited to it; never below zero.
   */
  private long incrementalRevenue(String experiment, long[] credited) {
    JsonNode results =
        client
            .call("GET", "/api/v1/experiments/" + experiment, options.adminKey(), null, 200)
            .path("results");
    JsonNode incremental = results.path("incrementalConversions").path("estimate");
    if (!incremental.isNumber() || credited[1] == 0) {
      return 0;
    }
    double conversions = Math.max(0, incremental.asDouble());
    return Math.round(conversions * credited[0] / credited[1]);
  }

  private static List<PublisherType> ranked(
      List<PublisherType> types, Map<PublisherType, Long> value) {
    List<PublisherType> sorted = new ArrayList<>(types);
    sorted.sort(
        Comparator.comparing((PublisherType t) -> value.getOrDefault(t, 0L))
            .reversed()
            .thenComparing(PublisherType::toString));
    return sorted;
  }

  private static String euros(long cents) {
    return BigDecimal.valueOf(cents, 2).toPlainString();
  }

  private static @Nullable String ratio(long over, long under) {
    return under == 0
        ? null
        : BigDecimal.valueOf(over)
            .divide(BigDecimal.valueOf(under), 2, RoundingMode.HALF_EVEN)
            .toPlainString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
