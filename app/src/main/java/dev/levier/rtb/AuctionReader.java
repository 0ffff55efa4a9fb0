package dev.levier.rtb;

import dev.levier.finance.RateTable;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.rtb.openrtb.App;
import dev.levier.rtb.openrtb.Banner;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.Data;
import dev.levier.rtb.openrtb.Device;
import dev.levier.rtb.openrtb.Format;
import dev.levier.rtb.openrtb.Geo;
import dev.levier.rtb.openrtb.Imp;
import dev.levier.rtb.openrtb.Segment;
import dev.levier.rtb.openrtb.Site;
import dev.levier.rtb.openrtb.User;
import dev.levier.rtb.openrtb.Video;
import dev.levier.tracking.IpAddress;
import dev.levier.tracking.IpCountryTable;
import dev.levier.tracking.IpLocation;
import dev.levier.tracking.RandomIds;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a bid request into the {@link Auction} the bidder decides on: the currency of the answer,
 * the floors converted into it with the exchange-rate table, the location (from {@code device.geo},
 * else from the IP address through the same IP-range table as click tracking), the device, the
 * content, the blocks, and the personal facts only where {@link Consent} allows them.
 */
public final class AuctionReader {
  /** OpenRTB's default currency for floors and bids. */
  static final CurrencyUnit DEFAULT_CURRENCY = CurrencyUnit.USD;

  private static final Map<String, CountryCode> ALPHA3 = alpha3();

  private final String seat;
  private final IpCountryTable places;
  private final Consent consent;

  /** A reader for a bidder without an IAB vendor id (benchmarks). */
  public AuctionReader(String seat, IpCountryTable places) {
    this(seat, places, new Consent(null));
  }

  AuctionReader(String seat, IpCountryTable places, Consent consent) {
    this.seat = seat;
    this.places = places;
    this.consent = consent;
  }

  /** The request as an auction, or null when Levier's seat may not bid on it. */
  public @Nullable Auction read(BidRequest request, RateTable fx, Instant now) {
    List<String> wseat = request.wseat();
    List<String> bseat = request.bseat();
    if ((wseat != null && !wseat.isEmpty() && !wseat.contains(seat))
        || (bseat != null && bseat.contains(seat))) {
      return null;
    }
    CurrencyUnit currency = currency(request.cur());
    if (currency == null) {
      return null;
    }
    boolean personal = consent.allowsPersonalData(request);
    Site site = request.site();
    App app = request.app();
    Device device = request.device();
    User user = request.user();
    Set<String> categories = Set.of();
    String domain = null;
    String bundle = null;
    String placementPrefix = "-";
    if (site != null) {
      categories = set(site.cat());
      domain = site.domain() != null ? site.domain() : host(site.page());
      placementPrefix = site.id() != null ? site.id() : placementPrefix;
    } else if (app != null) {
      categories = set(app.cat());
      bundle = app.bundle();
      domain = app.domain();
      placementPrefix = app.id() != null ? app.id() : placementPrefix;
    }
    List<Opportunity> slots = new ArrayList<>();
    for (Imp imp : java.util.Objects.requireNonNull(request.imp())) {
      Opportunity slot = opportunity(request, imp, currency, fx, now, placementPrefix);
      if (slot != null) {
        slots.add(slot);
      }
    }
    if (slots.isEmpty()) {
      return null;
    }
    Geo geo = device == null ? null : device.geo();
    CountryCode country = geo == null || geo.country() == null ? null : country(geo.country());
    String region = geo == null ? null : subdivision(country, geo.region());
    String city = geo == null ? null : geo.city();
    if ((country == null || region == null || city == null)
        && device != null
        && places.size() > 0) {
      IpAddress address = IpAddress.tryParse(device.ip() != null ? device.ip() : device.ipv6());
      IpLocation place = address == null ? null : places.locate(address);
      // The address completes device.geo where it agrees with it: a region or city of another
      // country, or a city of another region, would contradict what the exchange said.
      if (place != null && (country == null || country.equals(place.country()))) {
        country = place.country();
        if (region == null) {
          region = place.region();
          city = city == null ? place.city() : city;
        } else if (city == null && region.equalsIgnoreCase(place.region())) {
          city = place.city();
        }
      }
    }
    String userKey = null;
    Set<String> segments = Set.of();
    if (personal && user != null) {
      userKey = userKey(user, device);
      segments = segments(user.data());
    }
    String ua = device == null ? null : device.ua();
    return new Auction(
        java.util.Objects.requireNonNull(request.id()),
        request.at() == null || request.at() == 1,
        currency,
        now,
        country,
        subdivision(country, region),
        city,
        device == null || device.devicetype() == null ? 0 : device.devicetype(),
        device == null || device.os() == null ? null : device.os().toLowerCase(Locale.ROOT),
        browser(ua),
        domain,
        bundle,
        categories,
        userKey,
        segments,
        personal,
        set(request.bcat()),
        set(request.badv()),
        lower(request.bapp()),
        slots);
  }

  /** The visitor id that joins a journey: Levier's own id for the user after a cookie sync. */
  @Nullable String visitor(BidRequest request) {
    User user = request.user();
    if (user == null || !consent.allowsPersonalData(request)) {
      return null;
    }
    String id = user.buyeruid();
    return RandomIds.looksLikeVisitorId(id) ? id : null;
  }

  private @Nullable Opportunity opportunity(
      BidRequest request,
      Imp imp,
      CurrencyUnit currency,
      RateTable fx,
      Instant now,
      String placementPrefix) {
    long floor;
    try {
      floor = convert(imp.bidfloor(), imp.bidfloorcur(), currency, fx, now);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Set<Integer> blocked = Set.of();
    Opportunity.BannerSlot banner = null;
    Banner b = imp.banner();
    if (b != null) {
      List<Opportunity.Size> sizes = new ArrayList<>();
      if (b.format() != null) {
        for (Format f : b.format()) {
          if (f != null && f.w() != null && f.h() != null) {
            sizes.add(new Opportunity.Size(f.w(), f.h()));
          }
        }
      }
      if (sizes.isEmpty() && b.w() != null && b.h() != null) {
        sizes.add(new Opportunity.Size(b.w(), b.h()));
      }
      banner = new Opportunity.BannerSlot(sizes);
      blocked = union(blocked, b.battr());
    }
    Opportunity.VideoSlot video = null;
    Video v = imp.video();
    if (v != null) {
      Set<Integer> protocols = new HashSet<>();
      addAll(protocols, v.protocols());
      if (v.protocol() != null) {
        protocols.add(v.protocol());
      }
      Set<String> mimes = new HashSet<>();
      addAll(mimes, v.mimes());
      video =
          new Opportunity.VideoSlot(
              v.minduration() == null ? 0 : v.minduration(),
              v.maxduration() == null ? 0 : v.maxduration(),
              protocols,
              mimes);
      blocked = union(blocked, v.battr());
    }
    if (imp.nativeAd() != null) {
      blocked = union(blocked, imp.nativeAd().battr());
    }
    List<Opportunity.Deal> deals = new ArrayList<>();
    boolean privateAuction = false;
    if (imp.pmp() != null) {
      privateAuction = imp.pmp().privateAuction() != null && imp.pmp().privateAuction() == 1;
      if (imp.pmp().deals() != null) {
        for (dev.levier.rtb.openrtb.Deal deal : imp.pmp().deals()) {
          if (deal == null || deal.id() == null) {
            continue;
          }
          if (deal.wseat() != null && !deal.wseat().isEmpty() && !deal.wseat().contains(seat)) {
            continue;
          }
          try {
            long dealFloor = convert(deal.bidfloor(), deal.bidfloorcur(), currency, fx, now);
            int at = deal.at() != null ? deal.at() : request.at() == null ? 2 : request.at();
            deals.add(new Opportunity.Deal(deal.id(), dealFloor, at));
          } catch (IllegalArgumentException e) {
            // A deal whose floor cannot be converted is not bid on.
          }
        }
      }
    }
    return new Opportunity(
        java.util.Objects.requireNonNull(imp.id()),
        placementPrefix + "/" + (imp.tagid() == null ? imp.id() : imp.tagid()),
        banner,
        video,
        imp.nativeAd() != null,
        floor,
        blocked,
        deals,
        privateAuction);
  }

  private static long convert(
      @Nullable BigDecimal floor,
      @Nullable String floorCurrency,
      CurrencyUnit to,
      RateTable fx,
      Instant now) {
    if (floor == null || floor.signum() == 0) {
      return 0;
    }
    CurrencyUnit from = floorCurrency == null ? DEFAULT_CURRENCY : CurrencyUnit.of(floorCurrency);
    long micros = Micros.of(floor);
    if (from.equals(to)) {
      return micros;
    }
    BigDecimal rate = fx.rate(from, to, now).rate().round(MathContext.DECIMAL64);
    // Rounded up: a converted floor must never let a bid under the real one.
    return new BigDecimal(micros)
        .multiply(rate)
        .setScale(0, java.math.RoundingMode.CEILING)
        .longValueExact();
  }

  private static @Nullable CurrencyUnit currency(@Nullable List<String> allowed) {
    if (allowed == null || allowed.isEmpty()) {
      return DEFAULT_CURRENCY;
    }
    for (String code : allowed) {
      try {
        return CurrencyUnit.of(code);
      } catch (IllegalArgumentException | NullPointerException e) {
        // An unknown code: try the next one.
      }
    }
    return null;
  }

  private static @Nullable String userKey(User user, @Nullable Device device) {
    if (user.buyeruid() != null && !user.buyeruid().isEmpty()) {
      return "b:" + user.buyeruid();
    }
    if (user.id() != null && !user.id().isEmpty()) {
      return "u:" + user.id();
    }
    if (device != null && device.ifa() != null && !device.ifa().isEmpty()) {
      return "d:" + device.ifa();
    }
    return null;
  }

  private static Set<String> segments(@Nullable List<Data> data) {
    if (data == null) {
      return Set.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Data d : data) {
      if (d != null && d.segment() != null) {
        for (Segment s : d.segment()) {
          if (s != null && s.id() != null) {
            ids.add(s.id());
          }
        }
      }
    }
    return ids;
  }

  static @Nullable String browser(@Nullable String ua) {
    if (ua == null) {
      return null;
    }
    // Browsers write their tokens with these capitals; a copy in lower case, which costs a
    // string per request, is made only for a user agent that has none of them.
    String found = browserToken(ua, "Edg/", "Firefox/", "Chrome/", "CriOS/", "Safari/");
    return found != null
        ? found
        : browserToken(
            ua.toLowerCase(Locale.ROOT), "edg/", "firefox/", "chrome/", "crios/", "safari/");
  }

  private static @Nullable String browserToken(
      String ua, String edge, String firefox, String chrome, String chromeOnIos, String safari) {
    if (ua.contains(edge)) {
      return "edge";
    }
    if (ua.contains(firefox)) {
      return "firefox";
    }
    if (ua.contains(chrome) || ua.contains(chromeOnIos)) {
      return "chrome";
    }
    if (ua.contains(safari)) {
      return "safari";
    }
    return null;
  }

  private static @Nullable String host(@Nullable String page) {
    if (page == null) {
      return null;
    }
    try {
      return new URI(page).getHost();
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private static @Nullable CountryCode country(String code) {
    if (code.length() == 2) {
      try {
        return CountryCode.of(code.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return ALPHA3.get(code.toUpperCase(Locale.ROOT));
  }

  /**
   * The region as an ISO 3166-2 code: OpenRTB sends a US state as its two letters alone ({@code
   * CA}), which is {@code US-CA} in the code every other country and the IP table use.
   */
  private static @Nullable String subdivision(
      @Nullable CountryCode country, @Nullable String region) {
    if (region == null || country == null || region.indexOf('-') >= 0) {
      return region;
    }
    return country.code() + "-" + region;
  }

  private static Set<String> lower(@Nullable List<String> values) {
    if (values == null || values.isEmpty()) {
      return Set.of();
    }
    Set<String> lowered = new HashSet<>();
    for (String value : values) {
      if (value != null) {
        lowered.add(value.toLowerCase(Locale.ROOT));
      }
    }
    return lowered;
  }

  /**
   * The list as a set the auction keeps as it is (it copies any other). The request reader leaves
   * no null in a list.
   */
  private static <T> Set<T> set(@Nullable List<T> values) {
    return values == null || values.isEmpty() ? Set.of() : Set.copyOf(values);
  }

  private static <T> Set<T> union(Set<T> set, @Nullable List<T> more) {
    if (more == null || more.isEmpty()) {
      return set;
    }
    if (set.isEmpty()) {
      return Set.copyOf(more);
    }
    Set<T> union = new HashSet<>(set);
    union.addAll(more);
    return Set.copyOf(union);
  }

  private static <T> void addAll(Set<T> into, @Nullable List<T> values) {
    if (values != null) {
      for (T value : values) {
        if (value != null) {
          into.add(value);
        }
      }
    }
  }

  private static Map<String, CountryCode> alpha3() {
    Map<String, CountryCode> map = new HashMap<>();
    for (String code : Locale.getISOCountries()) {
      try {
        map.put(Locale.of("", code).getISO3Country(), CountryCode.of(code));
      } catch (java.util.MissingResourceException e) {
        // No alpha-3 code for this one.
      }
    }
    return Map.copyOf(map);
  }
}
