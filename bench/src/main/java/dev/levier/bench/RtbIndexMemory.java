package dev.levier.bench;

import dev.levier.rtb.LineItem;
import dev.levier.rtb.TargetingIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.List;

/**
 * The heap the bidder's index of 1,000 line items keeps (issue 9: under 64 MB): the line items of
 * {@link BenchLineItems} with their creatives and targeting, built from scratch, and the {@link
 * TargetingIndex} over them, measured as the heap used after full collections before and after
 * building {@code copies} of them, divided by the copies.
 *
 * <p>Run by hand: {@code java -cp bench/target/levier-bench.jar dev.levier.bench.RtbIndexMemory
 * [--line-items 1000] [--copies 20]}.
 */
public final class RtbIndexMemory {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /** What is measured, reachable from here so that nothing can be collected. */
  static volatile Object[] kept = new Object[0];

  private RtbIndexMemory() {}

  public static void main(String[] args) {
    int lineItems = 1000;
    int copies = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--line-items" -> lineItems = Integer.parseInt(Args.value(args, ++i));
        case "--copies" -> copies = Integer.parseInt(Args.value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Instant now = Instant.now();
    // Warm-up: classes and shared constants are not counted.
    kept = new Object[] {TargetingIndex.of(BenchLineItems.of(lineItems, now))};
    kept = new Object[0];
    long before = usedAfterGc();
    Object[] built = new Object[copies];
    for (int c = 0; c < copies; c++) {
      List<LineItem> items = BenchLineItems.of(lineItems, now);
      built[c] = TargetingIndex.of(items);
    }
    kept = built;
    long after = usedAfterGc();
    double perIndex = (after - before) / (double) copies;
    System.out.printf(
        "index of %d line items: %.2f MB retained (%d copies, heap %d -> %d bytes); target < 64 MB%n",
        lineItems, perIndex / (1024 * 1024), copies, before, after);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
