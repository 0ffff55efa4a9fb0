package dev.levier.rtb;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The active line items, grouped so that a request looks only at those that could want it: by
 * format (and, for banners, by size), then by country and by site domain (each with a group for
 * line items that target none). A request's domain finds the line items of the domain and of every
 * parent domain, as targeting matches subdomains. Immutable: a new index is built beside the old
 * one when line items change and swapped in whole, so bidding never waits for a rebuild.
 */
public final class TargetingIndex {
  private static final TargetingIndex EMPTY = new TargetingIndex(List.of());
  private static final String ANY = "*";

  /** A format, and for a banner a size; zero width and height take every size. */
  private record Shape(AdFormat format, int width, int height) {}

  /**
   * A line item as the bidder checks it, with what can be settled once settled here: its currency
   * (numbered in {@link #currencies()}), whether its targeting asks more than the country, domains
   * and formats the index sorted it by (most line items do not, and then the request's targeting
   * check is already done), and its creatives by format.
   */
  static final class Entry {
    final LineItem lineItem;
    final int currencySlot;
    final boolean targetsMore;
    private final Creative[] banners;
    private final Creative[] videos;
    private final Creative[] natives;

    private Entry(LineItem lineItem, int currencySlot) {
      this.lineItem = lineItem;
      this.currencySlot = currencySlot;
      Targeting t = lineItem.targeting();
      this.targetsMore =
          !(t.regions().isEmpty()
              && t.cities().isEmpty()
              && t.deviceTypes().isEmpty()
              && t.operatingSystems().isEmpty()
              && t.browsers().isEmpty()
              && t.blockedDomains().isEmpty()
              && t.bundles().isEmpty()
              && t.blockedBundles().isEmpty()
              && t.categories().isEmpty()
              && t.days().isEmpty()
              && t.hours().isEmpty()
              && t.segments().isEmpty());
      this.banners = ofFormat(lineItem, AdFormat.BANNER);
      this.videos = ofFormat(lineItem, AdFormat.VIDEO);
      this.natives = ofFormat(lineItem, AdFormat.NATIVE);
    }

    private static Creative[] ofFormat(LineItem lineItem, AdFormat format) {
      return lineItem.creatives().stream()
          .filter(c -> c.format() == format)
          .toArray(Creative[]::new);
    }

    Creative[] creatives(AdFormat format) {
      return switch (format) {
        case BANNER -> banners;
        case VIDEO -> videos;
        case NATIVE -> natives;
      };
    }
  }

  /**
   * The entries of one country and domain, with what valuing them reads laid out in arrays: a
   * request values every entry it finds, so the values are computed from these without reaching
   * each entry (a cache miss each), and only the few checked are read whole. An entry's value is
   * about {@code weight × factor(kind)}, capped by its highest bid, where the factor comes from the
   * request's predicted rates: 1 for a fixed CPM, the click rate × 1,000 for a price per click, the
   * click and conversion rates × 1,000 for a price per sale or a return on spend.
   */
  static final class Group {
    static final byte FIXED = 0;
    static final byte PER_CLICK = 1;
    static final byte PER_SALE = 2;

    final Entry[] entries;
    final int[] currencySlots;
    final byte[] kinds;
    final double[] weights;
    final long[] maxBids;

    private Group(List<Entry> list) {
      int n = list.size();
      entries = list.toArray(Entry[]::new);
      currencySlots = new int[n];
      kinds = new byte[n];
      weights = new double[n];
      maxBids = new long[n];
      for (int i = 0; i < n; i++) {
        Entry entry = entries[i];
        currencySlots[i] = entry.currencySlot;
        maxBids[i] = entry.lineItem.maxBidCpmMicros();
        switch (entry.lineItem.strategy()) {
          case BidStrategy.FixedCpm fixed -> {
            kinds[i] = FIXED;
            weights[i] = fixed.cpmMicros();
          }
          case BidStrategy.TargetCpc cpc -> {
            kinds[i] = PER_CLICK;
            weights[i] = cpc.cpcMicros();
          }
          case BidStrategy.TargetCpa cpa -> {
            kinds[i] = PER_SALE;
            weights[i] = cpa.cpaMicros();
          }
          case BidStrategy.TargetRoas roas -> {
            kinds[i] = PER_SALE;
            weights[i] = roas.orderValueMicros() / roas.roas().doubleValue();
          }
        }
      }
    }

    int size() {
      return entries.length;
    }
  }

  private final List<LineItem> all;
  private final List<CurrencyUnit> currencies;

  /** By shape, then country (or ANY), then domain (or ANY). */
  private final Map<Shape, Map<String, Map<String, Group>>> groups;

  private TargetingIndex(Collection<LineItem> lineItems) {
    this.all = List.copyOf(lineItems);
    List<CurrencyUnit> seen = new ArrayList<>();
    Map<Shape, Map<String, Map<String, List<Entry>>>> building = new HashMap<>();
    for (LineItem item : all) {
      int currencySlot = seen.indexOf(item.currency());
      if (currencySlot < 0) {
        currencySlot = seen.size();
        seen.add(item.currency());
      }
      Entry entry = new Entry(item, currencySlot);
      Set<Shape> shapes = new LinkedHashSet<>();
      for (Creative creative : item.creatives()) {
        AdFormat format = creative.format();
        if (!item.targeting().formats().isEmpty() && !item.targeting().formats().contains(format)) {
          continue;
        }
        shapes.add(new Shape(format, 0, 0));
        if (format == AdFormat.BANNER) {
          shapes.add(new Shape(format, creative.width(), creative.height()));
        }
      }
      List<String> countries = new ArrayList<>();
      item.targeting().countries().forEach(c -> countries.add(c.code()));
      if (countries.isEmpty()) {
        countries.add(ANY);
      }
      List<String> domains = new ArrayList<>(item.targeting().domains());
      if (domains.isEmpty()) {
        domains.add(ANY);
      }
      for (Shape shape : shapes) {
        Map<String, Map<String, List<Entry>>> byCountry =
            building.computeIfAbsent(shape, s -> new HashMap<>());
        for (String country : countries) {
          Map<String, List<Entry>> byDomain =
              byCountry.computeIfAbsent(country, c -> new HashMap<>());
          for (String domain : domains) {
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>()).add(entry);
          }
        }
      }
    }
    Map<Shape, Map<String, Map<String, Group>>> sealed = new HashMap<>();
    building.forEach(
        (shape, byCountry) -> {
          Map<String, Map<String, Group>> countries = new HashMap<>();
          byCountry.forEach(
              (country, byDomain) -> {
                Map<String, Group> domains = new HashMap<>();
                byDomain.forEach((d, entries) -> domains.put(d, new Group(entries)));
                countries.put(country, Map.copyOf(domains));
              });
          sealed.put(shape, Map.copyOf(countries));
        });
    this.groups = Map.copyOf(sealed);
    this.currencies = List.copyOf(seen);
  }

  public static TargetingIndex empty() {
    return EMPTY;
  }

  public static TargetingIndex of(Collection<LineItem> lineItems) {
    return new TargetingIndex(lineItems);
  }

  public List<LineItem> lineItems() {
    return all;
  }

  /** The currencies of the line items, each once. */
  public List<CurrencyUnit> currencies() {
    return currencies;
  }

  /**
   * The line items that have a creative of the format and might target the country and the domain
   * (in lower case); targeting itself is checked by the caller.
   */
  public List<LineItem> candidates(
      AdFormat format, @Nullable CountryCode country, @Nullable String domain) {
    List<Group> found = new ArrayList<>();
    addShape(found, new Shape(format, 0, 0), country, domain);
    return flatten(found).stream().map(e -> e.lineItem).toList();
  }

  /**
   * The line items that might fill the impression in the format: for a banner of listed sizes, only
   * those with a creative of one of the sizes, each once.
   */
  public List<LineItem> candidates(
      Opportunity slot, AdFormat format, @Nullable CountryCode country, @Nullable String domain) {
    return entries(slot, format, country, domain).stream().map(e -> e.lineItem).toList();
  }

  /**
   * The entries behind {@link #candidates(Opportunity, AdFormat, CountryCode, String)}: each one
   * targets the country and the domain, or does not target them at all.
   */
  List<Entry> entries(
      Opportunity slot, AdFormat format, @Nullable CountryCode country, @Nullable String domain) {
    List<Entry> found = flatten(groups(slot, format, country, domain));
    Opportunity.BannerSlot banner = slot.banner();
    if (format == AdFormat.BANNER && banner != null && banner.sizes().size() > 1) {
      // A line item with creatives of two of the sizes was found under each.
      Set<Entry> once = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      found.removeIf(entry -> !once.add(entry));
    }
    return found;
  }

  /**
   * The groups of {@link #entries}, as the bidder reads them. A line item with creatives of two of
   * a banner's sizes is in two of them: valued twice, it is still checked at most once per failure.
   */
  List<Group> groups(
      Opportunity slot, AdFormat format, @Nullable CountryCode country, @Nullable String domain) {
    List<Group> found = new ArrayList<>(8);
    Opportunity.BannerSlot banner = slot.banner();
    if (format != AdFormat.BANNER || banner == null || banner.sizes().isEmpty()) {
      addShape(found, new Shape(format, 0, 0), country, domain);
      return found;
    }
    for (Opportunity.Size size : banner.sizes()) {
      addShape(found, new Shape(format, size.width(), size.height()), country, domain);
    }
    return found;
  }

  private static List<Entry> flatten(List<Group> groups) {
    List<Entry> entries = new ArrayList<>();
    for (Group group : groups) {
      entries.addAll(Arrays.asList(group.entries));
    }
    return entries;
  }

  private void addShape(
      List<Group> found, Shape shape, @Nullable CountryCode country, @Nullable String domain) {
    Map<String, Map<String, Group>> byCountry = groups.get(shape);
    if (byCountry == null) {
      return;
    }
    add(found, byCountry.get(ANY), domain);
    if (country != null) {
      add(found, byCountry.get(country.code()), domain);
    }
  }

  private static void add(
      List<Group> found, @Nullable Map<String, Group> byDomain, @Nullable String domain) {
    if (byDomain == null) {
      return;
    }
    Group any = byDomain.get(ANY);
    if (any != null) {
      found.add(any);
    }
    if (domain == null) {
      return;
    }
    for (String d = domain; !d.isEmpty(); ) {
      Group group = byDomain.get(d);
      if (group != null) {
        found.add(group);
      }
      int dot = d.indexOf('.');
      d = dot < 0 ? "" : d.substring(dot + 1);
    }
  }
}
