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
 * format, then by country (with a group for line items that target no country). Immutable: a new
 * index is built beside the old one when line items change and swapped in whole, so bidding never
 * waits for a rebuild.
 */
public final class TargetingIndex {
  private static final TargetingIndex EMPTY = new TargetingIndex(List.of());

  private final List<LineItem> all;
  private final Map<AdFormat, Map<CountryCode, List<LineItem>>> byCountry =
      new EnumMap<>(AdFormat.class);
  private final Map<AdFormat, List<LineItem>> anyCountry = new EnumMap<>(AdFormat.class);

  private TargetingIndex(Collection<LineItem> lineItems) {
    this.all = List.copyOf(lineItems);
    for (AdFormat format : AdFormat.values()) {
      Map<CountryCode, List<LineItem>> countries = new HashMap<>();
      List<LineItem> any = new ArrayList<>();
      for (LineItem item : all) {
        if (!offersFormat(item, format)) {
          continue;
        }
        if (item.targeting().countries().isEmpty()) {
          any.add(item);
        } else {
          for (CountryCode country : item.targeting().countries()) {
            countries.computeIfAbsent(country, c -> new ArrayList<>()).add(item);
          }
        }
      }
      countries.replaceAll((c, items) -> List.copyOf(items));
      byCountry.put(format, Map.copyOf(countries));
      anyCountry.put(format, List.copyOf(any));
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

  /** The line items that have a creative of the format and might target the country. */
  public List<LineItem> candidates(AdFormat format, @Nullable CountryCode country) {
    List<LineItem> any = anyCountry.getOrDefault(format, List.of());
    if (country == null) {
      return any;
    }
    List<LineItem> local =
        byCountry.getOrDefault(format, Map.of()).getOrDefault(country, List.of());
    if (local.isEmpty()) {
      return any;
    }
    if (any.isEmpty()) {
      return local;
    }
    List<LineItem> both = new ArrayList<>(local.size() + any.size());
    both.addAll(local);
    both.addAll(any);
    return both;
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
