package dev.levier.rtb;

import dev.levier.geo.CountryCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The active line items, grouped so that a request looks only at those that could want it: by
 * format, then by country and by site domain (each with a group for line items that target none). A
 * request's domain finds the line items of the domain and of every parent domain, as targeting
 * matches subdomains. Immutable: a new index is built beside the old one when line items change and
 * swapped in whole, so bidding never waits for a rebuild.
 */
public final class TargetingIndex {
  private static final TargetingIndex EMPTY = new TargetingIndex(List.of());
  private static final String ANY = "*";

  private final List<LineItem> all;
  private final Map<AdFormat, Map<String, List<LineItem>>> groups = new EnumMap<>(AdFormat.class);

  private TargetingIndex(Collection<LineItem> lineItems) {
    this.all = List.copyOf(lineItems);
    for (AdFormat format : AdFormat.values()) {
      Map<String, List<LineItem>> byKey = new HashMap<>();
      for (LineItem item : all) {
        if (!offersFormat(item, format)) {
          continue;
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
        for (String country : countries) {
          for (String domain : domains) {
            byKey.computeIfAbsent(key(country, domain), k -> new ArrayList<>()).add(item);
          }
        }
      }
      byKey.replaceAll((k, items) -> List.copyOf(items));
      groups.put(format, Map.copyOf(byKey));
    }
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

  /**
   * The line items that have a creative of the format and might target the country and the domain
   * (in lower case); targeting itself is checked by the caller.
   */
  public List<LineItem> candidates(
      AdFormat format, @Nullable CountryCode country, @Nullable String domain) {
    Map<String, List<LineItem>> byKey = groups.getOrDefault(format, Map.of());
    List<LineItem> found = new ArrayList<>();
    add(found, byKey, ANY, domain);
    if (country != null) {
      add(found, byKey, country.code(), domain);
    }
    return found;
  }

  private static void add(
      List<LineItem> found,
      Map<String, List<LineItem>> byKey,
      String country,
      @Nullable String domain) {
    found.addAll(byKey.getOrDefault(key(country, ANY), List.of()));
    if (domain == null) {
      return;
    }
    for (String d = domain; !d.isEmpty(); ) {
      found.addAll(byKey.getOrDefault(key(country, d), List.of()));
      int dot = d.indexOf('.');
      d = dot < 0 ? "" : d.substring(dot + 1);
    }
  }

  private static String key(String country, String domain) {
    return country + '|' + domain;
  }

  private static boolean offersFormat(LineItem item, AdFormat format) {
    if (!item.targeting().formats().isEmpty() && !item.targeting().formats().contains(format)) {
      return false;
    }
    for (Creative creative : item.creatives()) {
      if (creative.format() == format) {
        return true;
      }
    }
    return false;
  }
}
