package dev.levier.bench;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.rtb.AdFormat;
import dev.levier.rtb.BidStrategy;
import dev.levier.rtb.Creative;
import dev.levier.rtb.FrequencyCaps;
import dev.levier.rtb.LineItem;
import dev.levier.rtb.Pacing;
import dev.levier.rtb.Targeting;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic mix of line items for the bidder's benchmarks: a third target no country, the
 * others one to three of 20; half target a few of 200 domains; most are banners of four sizes, one
 * in eight video; strategies alternate between fixed CPM and target CPC; one in four is capped.
 */
final class BenchLineItems {
  static final List<String> COUNTRIES =
      List.of(
          "FR", "DE", "GB", "ES", "IT", "NL", "BE", "US", "CA", "JP", "SE", "NO", "DK", "PL", "PT",
          "IE", "AT", "CH", "AU", "BR");
  static final int DOMAINS = 200;
  private static final int[][] SIZES = {{300, 250}, {728, 90}, {320, 50}, {160, 600}};

  private BenchLineItems() {}

  /**
   * The benchmarks' bid request: a 300×250 banner on a targeted domain in France, in USD, second
   * price, with a user id; marked {@code test} when nothing should wait for notices.
   */
  static byte[] request(boolean test) {
    return ("{\"id\":\"bench-1\","
            + (test ? "\"test\":1," : "")
            + "\"at\":2,\"cur\":[\"USD\"],\"tmax\":200,"
            + "\"imp\":[{\"id\":\"1\",\"tagid\":\"top\",\"bidfloor\":0.3,"
            + "\"banner\":{\"w\":300,\"h\":250,\"battr\":[13,14]}}],"
            + "\"site\":{\"id\":\"s-1\",\"domain\":\""
            + domain(17)
            + "\",\"cat\":[\"IAB3-1\"],\"page\":\"https://"
            + domain(17)
            + "/a\",\"publisher\":{\"id\":\"p-1\"}},"
            + "\"device\":{\"ua\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0\","
            + "\"ip\":\"192.0.2.1\",\"devicetype\":2,\"os\":\"Linux\","
            + "\"geo\":{\"country\":\"FRA\"}},"
            + "\"user\":{\"id\":\"u-1\"},\"regs\":{\"coppa\":0}}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static String domain(int i) {
    return "site" + (i % DOMAINS) + ".example";
  }

  static List<LineItem> of(int count, Instant now) {
    Random random = new Random(42);
    List<LineItem> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Set<CountryCode> countries = new java.util.HashSet<>();
      if (i % 3 != 0) {
        for (int c = 0; c <= i % 3; c++) {
          countries.add(CountryCode.of(COUNTRIES.get(random.nextInt(COUNTRIES.size()))));
        }
      }
      Set<String> domains = new java.util.HashSet<>();
      if (i % 2 == 0) {
        for (int d = 0; d < 5; d++) {
          domains.add(domain(random.nextInt(DOMAINS)));
        }
      }
      boolean video = i % 8 == 7;
      int[] size = SIZES[i % SIZES.length];
      Creative creative =
          new Creative(
              "crv_" + i,
              video ? AdFormat.VIDEO : AdFormat.BANNER,
              video ? 640 : size[0],
              video ? 360 : size[1],
              video
                  ? "<VAST version=\"4.0\"></VAST>"
                  : "<a href=\"${CLICK_URL}\"><img src=\"https://cdn.example/" + i + ".png\"></a>",
              List.of("brand" + (i % 50) + ".example"),
              List.of("IAB" + (1 + i % 26)),
              Set.of(),
              video ? 15 : 0,
              video ? Set.of(2, 3, 7) : Set.of(),
              video ? Set.of("video/mp4") : Set.of(),
              "https://brand" + (i % 50) + ".example/",
              null);
      Targeting targeting =
          new Targeting(
              countries, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), domains, Set.of(),
              Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
      BidStrategy strategy =
          i % 2 == 0
              ? new BidStrategy.FixedCpm(500_000L + random.nextInt(4_000_000))
              : new BidStrategy.TargetCpc(200_000L + random.nextInt(1_000_000));
      items.add(
          new LineItem(
              "lit_" + i,
              "cmp_" + (i / 10),
              "adv_" + (i / 50),
              CurrencyUnit.EUR,
              ZoneId.of("Europe/Paris"),
              now.minusSeconds(86_400),
              now.plusSeconds(86_400L * 365),
              1_000_000_000_000L,
              1_000_000_000_000_000L,
              Pacing.ASAP,
              strategy,
              5_000_000L,
              i % 4 == 0 ? new FrequencyCaps(0, 1_000_000, 0) : FrequencyCaps.NONE,
              targeting,
              List.of(creative)));
    }
    return items;
  }
}
