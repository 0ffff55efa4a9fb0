package dev.levier.bench;

import dev.levier.finance.ExchangeRate;
import dev.levier.finance.RateTable;
import dev.levier.money.CurrencyUnit;
import dev.levier.rtb.Auction;
import dev.levier.rtb.AuctionReader;
import dev.levier.rtb.Bid;
import dev.levier.rtb.BidShading;
import dev.levier.rtb.Bidder;
import dev.levier.rtb.Budget;
import dev.levier.rtb.FrequencyCounter;
import dev.levier.rtb.LineItem;
import dev.levier.rtb.OpenRtbCodec;
import dev.levier.rtb.SmoothedRates;
import dev.levier.rtb.TargetingIndex;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.tracking.IpCountryTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bidder's work for one request over 1,000 line items ({@link BenchLineItems}), without HTTP:
 * deciding on an auction already read ({@code decide}), and reading the request's JSON, turning it
 * into an auction with the floors converted, and deciding ({@code readAndDecide}). Budgets are
 * released after each bid so that every call sees the same state. The request is a 300×250 banner
 * on one of the targeted domains, in France, priced in USD for line items in EUR.
 *
 * <p>Run: {@code java -jar bench/target/levier-bench.jar BidderBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class BidderBenchmark {
  private static final Instant NOW = Instant.parse("2026-03-04T10:15:00Z");

  private TargetingIndex index = TargetingIndex.empty();
  private Map<String, Budget> budgets = new HashMap<>();
  private Bidder bidder =
      new Bidder(
          budgets::get,
          new FrequencyCounter(1_000_000),
          new SmoothedRates(0.001, 0.02, 1000),
          new BidShading());
  private RateTable fx = RateTable.empty();
  private AuctionReader reader = new AuctionReader("levier", IpCountryTable.empty());
  private byte[] request = new byte[0];
  private @Nullable Auction auction;

  @Setup
  public void setUp() {
    List<LineItem> items = BenchLineItems.of(1000, NOW);
    index = TargetingIndex.of(items);
    budgets = new HashMap<>();
    for (LineItem item : items) {
      budgets.put(
          item.id(),
          new Budget(
              item.dailyBudgetMicros(),
              item.totalBudgetMicros(),
              item.pacing(),
              item.zone(),
              0,
              0,
              NOW));
    }
    bidder =
        new Bidder(
            budgets::get,
            new FrequencyCounter(1_000_000),
            new SmoothedRates(0.001, 0.02, 1000),
            new BidShading());
    fx =
        RateTable.of(
            List.of(
                new ExchangeRate(
                    CurrencyUnit.EUR,
                    CurrencyUnit.USD,
                    new BigDecimal("1.08"),
                    LocalDate.of(2026, 1, 1))));
    reader = new AuctionReader("levier", IpCountryTable.empty());
    request = BenchLineItems.request(false);
    BidRequest parsed = OpenRtbCodec.read(request);
    Auction read = java.util.Objects.requireNonNull(reader.read(parsed, fx, NOW));
    auction = read;
    if (settle(bidder.bid(read, index, fx)) == 0) {
      throw new IllegalStateException("the benchmark request gets no bid");
    }
  }

  @Benchmark
  public int decide() {
    return settle(bidder.bid(java.util.Objects.requireNonNull(auction), index, fx));
  }

  @Benchmark
  public int readAndDecide() {
    BidRequest parsed = OpenRtbCodec.read(request);
    Auction read = java.util.Objects.requireNonNull(reader.read(parsed, fx, NOW));
    return settle(bidder.bid(read, index, fx));
  }

  private int settle(List<Bid> bids) {
    for (Bid bid : bids) {
      java.util.Objects.requireNonNull(budgets.get(bid.lineItem().id()))
          .release(bid.reservedMicros());
      if (bid.lineItem().caps().any()) {
        bidder.caps().uncount(bid.lineItem().id(), "u:u-1", NOW);
      }
    }
    return bids.size();
  }
}
