package dev.levier.simulation;

import dev.levier.money.CurrencyUnit;
import dev.levier.network.PublisherType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The simulated market: its advertisers, publishers and customers, and every step they take, in
 * time order. Built from {@link MarketSettings} alone, so a seed gives the same market every time.
 *
 * <p>How customers behave, and so what is true: a customer either would buy anyway (it is
 * <em>decided</em>: returning customers most often) or not. Content sites, influencers, e-mail
 * lists (to lapsed customers) and comparison sites reach undecided customers, and some of those buy
 * because of them: those sales are that publisher's incremental revenue. Voucher and cashback sites
 * are mostly visited at the till by customers already buying, who would have bought without them; a
 * known share of their visitors are undecided, and buy only because of the reward: those sales, and
 * only those, are theirs. Every customer's journey may also hold touches in the advertiser's own
 * channels. Fraud is planted on sales of its own, each labelled with its kind.
 */
public final class Market {
  /** Customers shopping at each status: new, returning, lapsed. */
  private static final double NEW = 0.55;

  private static final double RETURNING = 0.30;

  /** Chance that a customer buys in the period whatever publishers do, by status. */
  private static final double DECIDED_NEW = 0.08;

  private static final double DECIDED_RETURNING = 0.30;
  private static final double DECIDED_LAPSED = 0.06;

  /**
   * Chance that an undecided customer meets a publisher of the type, and then buys because of it.
   */
  private static final double CONTENT_REACH = 0.45;

  private static final double CONTENT_PERSUADES = 0.55;
  private static final double INFLUENCER_REACH = 0.25;
  private static final double INFLUENCER_PERSUADES = 0.30;
  private static final double EMAIL_REACH_LAPSED = 0.25;
  private static final double EMAIL_PERSUADES = 0.25;
  private static final double COMPARISON_REACH = 0.03;
  private static final double COMPARISON_PERSUADES = 0.10;

  /** Decided customers who compare prices first (the comparison site takes no credit for them). */
  private static final double COMPARISON_RESEARCH = 0.015;

  /** Undecided customers who browse a reward site, and those the reward alone makes buy. */
  private static final double REWARD_BROWSE = 0.40;

  private static final double REWARD_PERSUADES = 0.37;

  /**
   * Buyers who look for a code or a cashback at the till: most of those who had decided anyway
   * (deal seekers), fewer of those a publisher has just persuaded.
   */
  private static final double REWARD_AT_TILL_DECIDED = 0.55;

  private static final double REWARD_AT_TILL_PERSUADED = 0.20;

  /** Of reward sites visited, the share that are voucher sites (the rest cashback). */
  private static final double VOUCHER_SHARE = 0.67;

  /** Customers who also meet the advertiser's social or display ads. */
  private static final double SOCIAL_OR_DISPLAY = 0.10;

  private static final double TWO_DEVICES = 0.35;

  /** Buyers who order on another device than the one they clicked on. */
  private static final double CROSS_DEVICE = 0.08;

  private static final double CANCELLED = 0.03;

  /** Clicks a spamming app fires from one phone in a minute: far more than a person does. */
  private static final int SPAM_BURST = 40;

  private static final List<String> BROWSERS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/130.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
              + " like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/130.0.0.0 Mobile Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)"
              + " Version/17.5 Safari/605.1.15");

  private static final String HEADLESS =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " HeadlessChrome/130.0.0.0 Safari/537.36";

  /**
   * Where honest customers click from: the documentation ranges Levier's built-in country table
   * places (FR, DE, GB, ES, IT, US), the data-centre block 203.0.113.192/26 left out.
   */
  private static final int[][] HOME_BLOCKS = {
    {192, 0, 2, 0, 128}, {198, 51, 100, 0, 128}, {203, 0, 113, 0, 128}, {203, 0, 113, 128, 64}
  };

  private static final List<SimAdvertiser> ADVERTISERS =
      List.of(
          new SimAdvertiser(
              "Atelier Rivage",
              Sector.FASHION,
              "FR",
              CurrencyUnit.EUR,
              "Europe/Paris",
              "atelier-rivage.example",
              BigDecimal.ONE,
              """
              {"name": "Rivage terms", "rules": [
                {"id": "new", "name": "New customers", "when": {"customerStatus": ["new"]},
                 "pay": {"percent": "12"}},
                {"id": "existing", "name": "Returning and lapsed customers",
                 "when": {"customerStatus": ["existing"]}, "pay": {"percent": "5"}}]}
              """),
          new SimAdvertiser(
              "Voltcart",
              Sector.ELECTRONICS,
              "GB",
              CurrencyUnit.GBP,
              "Europe/London",
              "voltcart.example",
              new BigDecimal("0.85"),
              """
              {"name": "Voltcart by partner type", "rules": [
                {"id": "introducers", "name": "Content sites and influencers",
                 "when": {"publisherType": ["content", "influencer", "email"]},
                 "pay": {"percent": "8"}},
                {"id": "closers", "name": "Voucher and cashback sites",
                 "when": {"publisherType": ["voucher", "cashback"]}, "pay": {"percent": "3"}},
                {"id": "others", "name": "Every other sale", "pay": {"percent": "5"}}],
               "caps": [{"id": "electronics", "name": "Electronics: 20.00 per order",
                         "lines": {"category": ["Electronics"]}, "max": "20.00"}]}
              """),
          new SimAdvertiser(
              "Nordwind Reisen",
              Sector.TRAVEL,
              "DE",
              CurrencyUnit.EUR,
              "Europe/Berlin",
              "nordwind.example",
              BigDecimal.ONE,
              """
              {"name": "Nordwind per booking", "rules": [
                {"id": "new", "name": "New travellers", "when": {"customerStatus": ["new"]},
                 "pay": {"fixedPerOrder": "25.00"}},
                {"id": "others", "name": "Every other booking", "pay": {"fixedPerOrder": "10.00"}}]}
              """),
          new SimAdvertiser(
              "Sakura Home",
              Sector.HOME,
              "JP",
              CurrencyUnit.JPY,
              "Asia/Tokyo",
              "sakurahome.example",
              new BigDecimal("160"),
              """
              {"name": "Sakura flat rate", "rules": [
                {"id": "all", "name": "Every sale", "pay": {"percent": "7"}}]}
              """),
          new SimAdvertiser(
              "Bloom & Co",
              Sector.BEAUTY,
              "US",
              CurrencyUnit.USD,
              "America/New_York",
              "bloomco.example",
              new BigDecimal("1.08"),
              """
              {"name": "Bloom terms", "rules": [
                {"id": "new", "name": "New customers", "when": {"customerStatus": ["new"]},
                 "pay": {"percent": "15"}},
                {"id": "existing", "name": "Returning and lapsed customers",
                 "when": {"customerStatus": ["existing"]}, "pay": {"percent": "6"}},
                {"id": "own-code", "name": "The publisher's own code", "when": {"coupon": "own"},
                 "pay": {"percent": "4"}, "priority": 10}]}
              """));

  private static final List<SimPublisher> PUBLISHERS =
      List.of(
          honest("Trail Notes", PublisherType.CONTENT, "FR", "EUR", false),
          honest("The Gadget Review", PublisherType.CONTENT, "GB", "GBP", false),
          honest("Lina Styles", PublisherType.INFLUENCER, "FR", "EUR", true),
          honest("Max Unboxes", PublisherType.INFLUENCER, "US", "USD", true),
          honest("PriceScope", PublisherType.COMPARISON, "DE", "EUR", false),
          honest("Weekly Deals Mail", PublisherType.EMAIL, "GB", "GBP", false),
          honest("CodePromo Express", PublisherType.VOUCHER, "FR", "EUR", true),
          honest("VoucherVault", PublisherType.VOUCHER, "GB", "GBP", true),
          honest("CashBack Hero", PublisherType.CASHBACK, "FR", "EUR", false),
          fraud("ClickFarm Media", PublisherType.SUBNETWORK, PlantedFraud.BOT_CLICKS),
          fraud("FlashSaver App", PublisherType.APP, PlantedFraud.CLICK_SPAM),
          fraud("Deal Hunter Blog", PublisherType.OTHER, PlantedFraud.SELF_REFERRAL),
          fraud("CodeLeaks", PublisherType.VOUCHER, PlantedFraud.COUPON_LEAKAGE),
          fraud("QuickCash Rewards", PublisherType.CASHBACK, PlantedFraud.TOO_FAST));

  private final MarketSettings settings;
  private final List<Customer> customers;
  private final List<Step> steps;

  private Market(MarketSettings settings, List<Customer> customers, List<Step> steps) {
    this.settings = settings;
    this.customers = List.copyOf(customers);
    this.steps = List.copyOf(steps);
  }

  /** Draws the market of these settings. */
  public static Market generate(MarketSettings settings) {
    Builder builder = new Builder(settings);
    for (int i = 0; i < settings.customers(); i++) {
      builder.customer(i);
    }
    builder.fraud();
    builder.steps.sort(Comparator.comparing(Step::at).thenComparingInt(Builder::order));
    return new Market(settings, builder.customers, builder.steps);
  }

  public MarketSettings settings() {
    return settings;
  }

  public List<SimAdvertiser> advertisers() {
    return ADVERTISERS;
  }

  public List<SimPublisher> publishers() {
    return PUBLISHERS;
  }

  /** Every customer, those planted fraud works on included (after the first {@code customers}). */
  public List<Customer> customers() {
    return customers;
  }

  /** Every step, in time order (at the same instant: clicks, touches, orders, then changes). */
  public List<Step> steps() {
    return steps;
  }

  /** Converts an amount of an advertiser's minor units into euro cents, half-even. */
  public long euroCents(int advertiser, long minor) {
    SimAdvertiser a = ADVERTISERS.get(advertiser);
    return BigDecimal.valueOf(minor)
        .movePointLeft(a.currency().exponent())
        .divide(a.perEuro(), 10, RoundingMode.HALF_EVEN)
        .movePointRight(2)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  private static SimPublisher honest(
      String name, PublisherType type, String country, String currency, boolean codes) {
    String host = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    return new SimPublisher(
        name,
        type,
        country,
        currency,
        "https://" + host + ".example/",
        "partners@" + host + ".example",
        null,
        codes);
  }

  private static SimPublisher fraud(String name, PublisherType type, PlantedFraud fraud) {
    String host = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    return new SimPublisher(
        name,
        type,
        "FR",
        "EUR",
        "https://" + host + ".example/",
        "owner@" + host + ".example",
        fraud,
        false);
  }

  /** Draws customers and their steps; each customer from a random stream of its own. */
  private static final class Builder {
    private final MarketSettings settings;
    private final List<Customer> customers = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final long minutes;
    private long clickIds;

    Builder(MarketSettings settings) {
      this.settings = settings;
      this.minutes = settings.days() * 1440L;
    }

    static int order(Step step) {
      return switch (step) {
        case Step.Click c -> 0;
        case Step.Touch t -> 1;
        case Step.Order o -> 2;
        case Step.Return r -> 3;
        case Step.Cancel c -> 4;
      };
    }

    private SplittableRandom random(long stream) {
      return new SplittableRandom(settings.seed() * 0x9e37_79b9_7f4a_7c15L + stream);
    }

    private Instant minute(long offset) {
      return settings.start().plus(offset, ChronoUnit.MINUTES);
    }

    private List<Integer> ofType(PublisherType type) {
      List<Integer> found = new ArrayList<>();
      for (int i = 0; i < PUBLISHERS.size(); i++) {
        if (PUBLISHERS.get(i).type() == type && PUBLISHERS.get(i).fraud() == null) {
          found.add(i);
        }
      }
      return found;
    }

    private int pick(SplittableRandom r, PublisherType type) {
      List<Integer> found = ofType(type);
      return found.get(r.nextInt(found.size()));
    }

    private static Customer.Device device(SplittableRandom r) {
      int[] block = HOME_BLOCKS[r.nextInt(HOME_BLOCKS.length)];
      String address =
          block[0]
              + "."
              + block[1]
              + "."
              + block[2]
              + "."
              + (block[3] + 1 + r.nextInt(block[4] - 2));
      return new Customer.Device(BROWSERS.get(r.nextInt(BROWSERS.size())), address);
    }

    /** One customer's journey. */
    void customer(int index) {
      SplittableRandom r = random(index);
      int advertiser = r.nextInt(ADVERTISERS.size());
      double s = r.nextDouble();
      String status = s < NEW ? "new" : s < NEW + RETURNING ? "returning" : "lapsed";
      List<Customer.Device> devices = new ArrayList<>();
      devices.add(device(r));
      if (r.nextDouble() < TWO_DEVICES) {
        devices.add(device(r));
      }
      Customer customer =
          new Customer(
              index,
              "C" + advertiser + "-" + index,
              "shopper" + index + "@mail.example",
              advertiser,
              status,
              devices);
      customers.add(customer);
      double decidedChance =
          switch (status) {
            case "new" -> DECIDED_NEW;
            case "returning" -> DECIDED_RETURNING;
            default -> DECIDED_LAPSED;
          };
      boolean decided = r.nextDouble() < decidedChance;
      // Journeys start early enough that most of them end inside the period.
      long start = r.nextLong(Math.max(1, minutes - 1440));
      Journey journey = new Journey(customer, r);

      long buyAt = -1;
      int cause = -1;
      long rewardClick = -1;
      if (decided) {
        buyAt = start + 60 + r.nextLong(5 * 1440);
        if (r.nextDouble() < COMPARISON_RESEARCH) {
          journey.click(
              start + r.nextLong(Math.max(1, buyAt - start - 30)),
              pick(r, PublisherType.COMPARISON),
              1);
        }
      } else {
        List<long[]> exposures = new ArrayList<>();
        exposure(r, exposures, start, PublisherType.CONTENT, CONTENT_REACH, CONTENT_PERSUADES);
        exposure(
            r, exposures, start, PublisherType.INFLUENCER, INFLUENCER_REACH, INFLUENCER_PERSUADES);
        if (status.equals("lapsed")) {
          exposure(r, exposures, start, PublisherType.EMAIL, EMAIL_REACH_LAPSED, EMAIL_PERSUADES);
        }
        exposure(
            r, exposures, start, PublisherType.COMPARISON, COMPARISON_REACH, COMPARISON_PERSUADES);
        exposures.sort(Comparator.comparingLong(e -> e[0]));
        for (long[] exposure : exposures) {
          if (buyAt >= 0 && exposure[0] >= buyAt) {
            break;
          }
          journey.click(exposure[0], (int) exposure[1], 1);
          if (cause < 0 && exposure[2] == 1) {
            cause = (int) exposure[1];
            buyAt = exposure[0] + 20 + r.nextLong(3 * 1440);
          }
        }
        if (cause < 0 && r.nextDouble() < REWARD_BROWSE) {
          int site = rewardSite(r);
          long at = start + r.nextLong(3 * 1440);
          long click = journey.click(at, site, 1);
          if (r.nextDouble() < REWARD_PERSUADES) {
            cause = site;
            rewardClick = click;
            buyAt = at + 5 + r.nextLong(40);
          }
        }
      }
      if (buyAt < 0) {
        if (r.nextDouble() < SOCIAL_OR_DISPLAY) {
          journey.touch(start + r.nextLong(3 * 1440), r.nextBoolean() ? "social" : "display");
        }
        journey.flush(minutes);
        return;
      }
      if (rewardClick < 0
          && r.nextDouble() < (decided ? REWARD_AT_TILL_DECIDED : REWARD_AT_TILL_PERSUADED)) {
        journey.click(buyAt - 3 - r.nextLong(22), rewardSite(r), 1);
      }
      if (decided && r.nextDouble() < 0.5) {
        journey.touch(buyAt - 60 - r.nextLong(2 * 1440), "search");
      }
      if (r.nextDouble() < SOCIAL_OR_DISPLAY) {
        journey.touch(buyAt - 60 - r.nextLong(3 * 1440), r.nextBoolean() ? "social" : "display");
      }
      journey.order(buyAt, cause, rewardClick, null, -1);
      journey.flush(minutes);
    }

    private int rewardSite(SplittableRandom r) {
      return pick(
          r, r.nextDouble() < VOUCHER_SHARE ? PublisherType.VOUCHER : PublisherType.CASHBACK);
    }

    private void exposure(
        SplittableRandom r,
        List<long[]> exposures,
        long start,
        PublisherType type,
        double reach,
        double persuades) {
      if (r.nextDouble() < reach) {
        exposures.add(
            new long[] {
              start + r.nextLong(4 * 1440), pick(r, type), r.nextDouble() < persuades ? 1 : 0
            });
      }
    }

    /** Fraud on sales of its own: each kind on a few sales per thousand customers. */
    void fraud() {
      int each = Math.max(5, settings.customers() / 200);
      for (PlantedFraud kind : PlantedFraud.values()) {
        int publisher = 0;
        for (int i = 0; i < PUBLISHERS.size(); i++) {
          if (PUBLISHERS.get(i).fraud() == kind) {
            publisher = i;
          }
        }
        for (int n = 0; n < each; n++) {
          plant(kind, publisher, n, each);
        }
      }
    }

    private void plant(PlantedFraud kind, int publisher, int n, int each) {
      SplittableRandom r = random(-1 - (publisher + 1L) * 1_000_000L - n);
      int index = customers.size();
      int advertiser = n % ADVERTISERS.size();
      long at = r.nextLong(Math.max(1, minutes - 2 * 1440));
      Customer.Device own = device(r);
      String email = "fraud" + index + "@mail.example";
      String status = "new";
      switch (kind) {
        case BOT_CLICKS, TOO_FAST -> {
          int b = r.nextInt(250);
          own =
              new Customer.Device(
                  kind == PlantedFraud.BOT_CLICKS ? HEADLESS : own.userAgent(),
                  "10.66." + (b / 200) + "." + (1 + b % 200));
        }
        case SELF_REFERRAL -> {
          email = PUBLISHERS.get(publisher).contactEmail();
          status = n == 0 ? "new" : "returning";
          // One owner buying again and again, spread over the period.
          at = (minutes - 1440) * n / each;
        }
        default -> {}
      }
      Customer customer =
          new Customer(
              index, "F" + advertiser + "-" + index, email, advertiser, status, List.of(own));
      customers.add(customer);
      Journey journey = new Journey(customer, r);
      switch (kind) {
        case BOT_CLICKS -> {
          long click = journey.click(at, publisher, 1);
          journey.order(at + 5 + r.nextLong(20), -1, -1, kind, -1, click);
        }
        case CLICK_SPAM -> {
          long click = journey.click(at, publisher, SPAM_BURST);
          journey.order(at + 60 + r.nextLong(600), -1, -1, kind, -1, click);
        }
        case SELF_REFERRAL -> {
          long click = journey.click(at, publisher, 1);
          journey.order(at + 3 + r.nextLong(30), -1, -1, kind, -1, click);
        }
        case COUPON_LEAKAGE -> {
          long click = journey.click(at, publisher, 1);
          int influencer = pick(r, PublisherType.INFLUENCER);
          journey.order(at + 3 + r.nextLong(20), -1, -1, kind, influencer, click);
        }
        case TOO_FAST -> {
          long click = journey.click(at, publisher, 1);
          journey.fastOrder(at, click);
        }
      }
      journey.flush(minutes);
    }

    /** The steps of one customer, gathered then kept if they fall in the period. */
    private final class Journey {
      private final Customer customer;
      private final SplittableRandom r;
      private final List<Step> own = new ArrayList<>();
      private final List<Step.Click> clicks = new ArrayList<>();
      private int orders;

      Journey(Customer customer, SplittableRandom r) {
        this.customer = customer;
        this.r = r;
      }

      private String deviceKey(int device) {
        return "c" + customer.index() + "d" + device;
      }

      long click(long at, int publisher, int burst) {
        int device = r.nextInt(customer.devices().size());
        long id = ++clickIds;
        Step.Click click =
            new Step.Click(
                minute(at),
                customer.index(),
                id,
                customer.advertiser(),
                deviceKey(device),
                customer.devices().get(device),
                publisher,
                burst);
        own.add(click);
        clicks.add(click);
        return id;
      }

      void touch(long at, String channel) {
        own.add(new Step.Touch(minute(at), customer.index(), customer.advertiser(), channel));
      }

      /** An honest order: from the device of the latest click, now and then from another. */
      void order(long at, int cause, long rewardClick, @Nullable PlantedFraud fraud, int coupon) {
        Step.Click last = null;
        for (Step.Click click : clicks) {
          if (click.at().isBefore(minute(at))
              && (last == null || !click.at().isBefore(last.at()))) {
            last = click;
          }
        }
        String deviceKey = last == null ? deviceKey(0) : last.deviceKey();
        long lastClick = last == null ? -1 : last.id();
        if (last != null && customer.devices().size() > 1 && r.nextDouble() < CROSS_DEVICE) {
          deviceKey = deviceKey.endsWith("d0") ? deviceKey(1) : deviceKey(0);
          lastClick = -1;
        }
        int couponPublisher = coupon;
        if (coupon < 0
            && last != null
            && lastClick >= 0
            && PUBLISHERS.get(last.publisher()).couponCodes()) {
          couponPublisher = last.publisher();
        }
        add(
            minute(at).plusSeconds(7 + r.nextInt(50)),
            deviceKey,
            cause,
            rewardClick,
            fraud,
            couponPublisher,
            lastClick);
      }

      /** A fraudulent order naming the click it claims. */
      void order(long at, int cause, long rewardClick, PlantedFraud fraud, int coupon, long click) {
        add(
            minute(at).plusSeconds(7 + r.nextInt(50)),
            deviceKey(0),
            cause,
            rewardClick,
            fraud,
            coupon,
            click);
      }

      /** An order injected two seconds after its click. */
      void fastOrder(long at, long click) {
        add(minute(at).plusSeconds(2), deviceKey(0), -1, -1, PlantedFraud.TOO_FAST, -1, click);
      }

      private void add(
          Instant at,
          String deviceKey,
          int cause,
          long rewardClick,
          @Nullable PlantedFraud fraud,
          int couponPublisher,
          long lastClick) {
        SimAdvertiser advertiser = ADVERTISERS.get(customer.advertiser());
        Sector sector = advertiser.sector();
        List<Step.Line> lines = new ArrayList<>();
        int count = 1 + (r.nextDouble() < 0.35 ? 1 + r.nextInt(2) : 0);
        for (int i = 0; i < count; i++) {
          int euros =
              sector.minPriceEuros()
                  + r.nextInt(sector.maxPriceEuros() - sector.minPriceEuros() + 1);
          long minor =
              BigDecimal.valueOf(euros)
                  .subtract(new BigDecimal("0.10"))
                  .multiply(advertiser.perEuro())
                  .movePointRight(advertiser.currency().exponent())
                  .setScale(0, RoundingMode.HALF_EVEN)
                  .longValueExact();
          String category = sector.categories().get(r.nextInt(sector.categories().size()));
          int item = r.nextInt(400);
          lines.add(
              new Step.Line(
                  "SKU-" + customer.advertiser() + "-" + item,
                  category.substring(category.indexOf('>') + 2) + " no. " + item,
                  category,
                  r.nextDouble() < 0.15 ? 2 : 1,
                  minor));
        }
        orders++;
        String orderId = "O" + customer.index() + "-" + orders;
        own.add(
            new Step.Order(
                at,
                customer.index(),
                orderId,
                customer.advertiser(),
                deviceKey,
                customer.ref(),
                customer.email(),
                customer.status(),
                lines,
                couponPublisher,
                lastClick,
                rewardClick,
                cause,
                fraud));
        if (fraud != null) {
          return;
        }
        if (r.nextDouble() < CANCELLED) {
          own.add(
              new Step.Cancel(
                  at.plus(60 + r.nextInt(11 * 60), ChronoUnit.MINUTES), customer.index(), orderId));
        } else if (r.nextDouble() < sector.returnRate()) {
          own.add(
              new Step.Return(
                  at.plus(2 + r.nextInt(9), ChronoUnit.DAYS),
                  customer.index(),
                  orderId,
                  1 + r.nextInt(lines.size())));
        }
      }

      /** Keeps the steps inside the period; an order outside it takes its changes with it. */
      void flush(long periodMinutes) {
        Instant end = minute(periodMinutes);
        java.util.Set<String> dropped = new java.util.HashSet<>();
        for (Step step : own) {
          boolean inside = !step.at().isBefore(settings.start()) && step.at().isBefore(end);
          if (step instanceof Step.Order o && !inside) {
            dropped.add(o.orderId());
          }
        }
        for (Step step : own) {
          boolean inside = !step.at().isBefore(settings.start()) && step.at().isBefore(end);
          String orderId =
              switch (step) {
                case Step.Return ret -> ret.orderId();
                case Step.Cancel cancel -> cancel.orderId();
                default -> null;
              };
          if (inside && (orderId == null || !dropped.contains(orderId))) {
            steps.add(step);
          }
        }
      }
    }
  }
}
