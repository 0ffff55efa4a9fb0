package dev.levier.rtb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levier.rtb.openrtb.App;
import dev.levier.rtb.openrtb.Banner;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.Data;
import dev.levier.rtb.openrtb.Deal;
import dev.levier.rtb.openrtb.Device;
import dev.levier.rtb.openrtb.Format;
import dev.levier.rtb.openrtb.Geo;
import dev.levier.rtb.openrtb.Imp;
import dev.levier.rtb.openrtb.Native;
import dev.levier.rtb.openrtb.Pmp;
import dev.levier.rtb.openrtb.Publisher;
import dev.levier.rtb.openrtb.Regs;
import dev.levier.rtb.openrtb.Segment;
import dev.levier.rtb.openrtb.Site;
import dev.levier.rtb.openrtb.Source;
import dev.levier.rtb.openrtb.User;
import dev.levier.rtb.openrtb.Video;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a bid request token by token into the {@code openrtb} records. Jackson's data binding did
 * the same job, but its per-field machinery (property buffers, reflective constructors) was the
 * largest piece of the bidder's own work; this reader walks the parser once and calls the records'
 * constructors directly.
 *
 * <p>The rules are data binding's, as the codec configured it, and {@code OpenRtbCodecTest} holds
 * the two readers to the same answers: unknown fields are skipped whatever they hold; a known field
 * of the wrong type is refused, never coerced (a number where text is due, a string or a fraction
 * where an integer is due, a scalar where an array or object is due); {@code null} reads as absent,
 * in a field or in an array (whose readers may then count on every element), except in the
 * free-form trees ({@code ext}, {@code audio}, {@code eids}, {@code schain}), which keep it as a
 * JSON null. Duplicate keys, nesting depth and lengths are the parser's checks.
 */
final class BidRequestReader {
  private final JsonFactory factory;
  private final ObjectMapper trees;

  BidRequestReader(ObjectMapper trees) {
    this.factory = trees.getFactory();
    this.trees = trees;
  }

  /**
   * The request in the body.
   *
   * @throws InvalidBidRequest when a known field has the wrong type, or the body is not one object
   * @throws IOException when the body is not JSON
   */
  BidRequest read(byte[] body) throws IOException {
    try (JsonParser p = factory.createParser(body)) {
      BidRequest request = object(p, p.nextToken(), this::request);
      if (request == null) {
        throw new InvalidBidRequest("a bid request is an object, not null");
      }
      if (p.nextToken() != null) {
        throw new InvalidBidRequest("content after the bid request");
      }
      return request;
    }
  }

  private BidRequest request(JsonParser p) throws IOException {
    String id = null;
    List<Imp> imp = null;
    Site site = null;
    App app = null;
    Device device = null;
    User user = null;
    Integer test = null;
    Integer at = null;
    Integer tmax = null;
    List<String> wseat = null;
    List<String> bseat = null;
    List<String> cur = null;
    List<String> bcat = null;
    List<String> badv = null;
    List<String> bapp = null;
    Source source = null;
    Regs regs = null;
    JsonNode ext = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, t);
        case "imp" -> imp = list(p, t, (q, e) -> object(q, e, this::imp));
        case "site" -> site = object(p, t, BidRequestReader::site);
        case "app" -> app = object(p, t, BidRequestReader::app);
        case "device" -> device = object(p, t, BidRequestReader::device);
        case "user" -> user = object(p, t, this::user);
        case "test" -> test = integer(p, t);
        case "at" -> at = integer(p, t);
        case "tmax" -> tmax = integer(p, t);
        case "wseat" -> wseat = texts(p, t);
        case "bseat" -> bseat = texts(p, t);
        case "cur" -> cur = texts(p, t);
        case "bcat" -> bcat = texts(p, t);
        case "badv" -> badv = texts(p, t);
        case "bapp" -> bapp = texts(p, t);
        case "source" -> source = object(p, t, this::source);
        case "regs" -> regs = object(p, t, this::regs);
        case "ext" -> ext = tree(p);
        default -> p.skipChildren();
      }
    }
    return new BidRequest(
        id, imp, site, app, device, user, test, at, tmax, wseat, bseat, cur, bcat, badv, bapp,
        source, regs, ext);
  }

  private Imp imp(JsonParser p) throws IOException {
    String id = null;
    Banner banner = null;
    Video video = null;
    JsonNode audio = null;
    Native nativeAd = null;
    Pmp pmp = null;
    String tagid = null;
    BigDecimal bidfloor = null;
    String bidfloorcur = null;
    Integer instl = null;
    Integer secure = null;
    JsonNode ext = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, t);
        case "banner" -> banner = object(p, t, BidRequestReader::banner);
        case "video" -> video = object(p, t, BidRequestReader::video);
        case "audio" -> audio = tree(p);
        case "native" -> nativeAd = object(p, t, BidRequestReader::nativeAd);
        case "pmp" -> pmp = object(p, t, BidRequestReader::pmp);
        case "tagid" -> tagid = text(p, t);
        case "bidfloor" -> bidfloor = decimal(p, t);
        case "bidfloorcur" -> bidfloorcur = text(p, t);
        case "instl" -> instl = integer(p, t);
        case "secure" -> secure = integer(p, t);
        case "ext" -> ext = tree(p);
        default -> p.skipChildren();
      }
    }
    return new Imp(
        id, banner, video, audio, nativeAd, pmp, tagid, bidfloor, bidfloorcur, instl, secure, ext);
  }

  private static Banner banner(JsonParser p) throws IOException {
    Integer w = null;
    Integer h = null;
    List<Format> format = null;
    List<Integer> battr = null;
    List<Integer> btype = null;
    Integer pos = null;
    List<Integer> api = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "w" -> w = integer(p, t);
        case "h" -> h = integer(p, t);
        case "format" -> format = list(p, t, (q, e) -> object(q, e, BidRequestReader::format));
        case "battr" -> battr = integers(p, t);
        case "btype" -> btype = integers(p, t);
        case "pos" -> pos = integer(p, t);
        case "api" -> api = integers(p, t);
        default -> p.skipChildren();
      }
    }
    return new Banner(w, h, format, battr, btype, pos, api);
  }

  private static Format format(JsonParser p) throws IOException {
    Integer w = null;
    Integer h = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "w" -> w = integer(p, t);
        case "h" -> h = integer(p, t);
        default -> p.skipChildren();
      }
    }
    return new Format(w, h);
  }

  private static Video video(JsonParser p) throws IOException {
    List<String> mimes = null;
    Integer minduration = null;
    Integer maxduration = null;
    List<Integer> protocols = null;
    Integer protocol = null;
    Integer w = null;
    Integer h = null;
    List<Integer> battr = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "mimes" -> mimes = texts(p, t);
        case "minduration" -> minduration = integer(p, t);
        case "maxduration" -> maxduration = integer(p, t);
        case "protocols" -> protocols = integers(p, t);
        case "protocol" -> protocol = integer(p, t);
        case "w" -> w = integer(p, t);
        case "h" -> h = integer(p, t);
        case "battr" -> battr = integers(p, t);
        default -> p.skipChildren();
      }
    }
    return new Video(mimes, minduration, maxduration, protocols, protocol, w, h, battr);
  }

  private static Native nativeAd(JsonParser p) throws IOException {
    String request = null;
    String ver = null;
    List<Integer> battr = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "request" -> request = text(p, t);
        case "ver" -> ver = text(p, t);
        case "battr" -> battr = integers(p, t);
        default -> p.skipChildren();
      }
    }
    return new Native(request, ver, battr);
  }

  private static Pmp pmp(JsonParser p) throws IOException {
    Integer privateAuction = null;
    List<Deal> deals = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "private_auction" -> privateAuction = integer(p, t);
        case "deals" -> deals = list(p, t, (q, e) -> object(q, e, BidRequestReader::deal));
        default -> p.skipChildren();
      }
    }
    return new Pmp(privateAuction, deals);
  }

  private static Deal deal(JsonParser p) throws IOException {
    String id = null;
    BigDecimal bidfloor = null;
    String bidfloorcur = null;
    Integer at = null;
    List<String> wseat = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, t);
        case "bidfloor" -> bidfloor = decimal(p, t);
        case "bidfloorcur" -> bidfloorcur = text(p, t);
        case "at" -> at = integer(p, t);
        case "wseat" -> wseat = texts(p, t);
        default -> p.skipChildren();
      }
    }
    return new Deal(id, bidfloor, bidfloorcur, at, wseat);
  }

  private static Site site(JsonParser p) throws IOException {
    String id = null;
    String domain = null;
    String page = null;
    List<String> cat = null;
    Publisher publisher = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, t);
        case "domain" -> domain = text(p, t);
        case "page" -> page = text(p, t);
        case "cat" -> cat = texts(p, t);
        case "publisher" -> publisher = object(p, t, BidRequestReader::publisher);
        default -> p.skipChildren();
      }
    }
    return new Site(id, domain, page, cat, publisher);
  }

  private static App app(JsonParser p) throws IOException {
    String id = null;
    String bundle = null;
    String domain = null;
    List<String> cat = null;
    Publisher publisher = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, t);
        case "bundle" -> bundle = text(p, t);
        case "domain" -> domain = text(p, t);
        case "cat" -> cat = texts(p, t);
        case "publisher" -> publisher = object(p, t, BidRequestReader::publisher);
        default -> p.skipChildren();
      }
    }
    return new App(id, bundle, domain, cat, publisher);
  }

  private static Publisher publisher(JsonParser p) throws IOException {
    String id = null;
    String name = null;
    String domain = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "id" -> id = text(p, t);
        case "name" -> name = text(p, t);
        case "domain" -> domain = text(p, t);
        default -> p.skipChildren();
      }
    }
    return new Publisher(id, name, domain);
  }

  private static Device device(JsonParser p) throws IOException {
    String ua = null;
    Geo geo = null;
    Integer dnt = null;
    Integer lmt = null;
    String ip = null;
    String ipv6 = null;
    Integer devicetype = null;
    String os = null;
    String ifa = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "ua" -> ua = text(p, t);
        case "geo" -> geo = object(p, t, BidRequestReader::geo);
        case "dnt" -> dnt = integer(p, t);
        case "lmt" -> lmt = integer(p, t);
        case "ip" -> ip = text(p, t);
        case "ipv6" -> ipv6 = text(p, t);
        case "devicetype" -> devicetype = integer(p, t);
        case "os" -> os = text(p, t);
        case "ifa" -> ifa = text(p, t);
        default -> p.skipChildren();
      }
    }
    return new Device(ua, geo, dnt, lmt, ip, ipv6, devicetype, os, ifa);
  }

  private static Geo geo(JsonParser p) throws IOException {
    BigDecimal lat = null;
    BigDecimal lon = null;
    String country = null;
    String region = null;
    String city = null;
    String zip = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "lat" -> lat = decimal(p, t);
        case "lon" -> lon = decimal(p, t);
        case "country" -> country = text(p, t);
        case "region" -> region = text(p, t);
        case "city" -> city = text(p, t);
        case "zip" -> zip = text(p, t);
        default -> p.skipChildren();
      }
    }
    return new Geo(lat, lon, country, region, city, zip);
  }

  private User user(JsonParser p) throws IOException {
    String id = null;
    String buyeruid = null;
    List<Data> data = null;
    String consent = null;
    JsonNode eids = null;
    JsonNode ext = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> id = text(p, t);
        case "buyeruid" -> buyeruid = text(p, t);
        case "data" -> data = list(p, t, (q, e) -> object(q, e, BidRequestReader::data));
        case "consent" -> consent = text(p, t);
        case "eids" -> eids = tree(p);
        case "ext" -> ext = tree(p);
        default -> p.skipChildren();
      }
    }
    return new User(id, buyeruid, data, consent, eids, ext);
  }

  private static Data data(JsonParser p) throws IOException {
    String id = null;
    String name = null;
    List<Segment> segment = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "id" -> id = text(p, t);
        case "name" -> name = text(p, t);
        case "segment" -> segment = list(p, t, (q, e) -> object(q, e, BidRequestReader::segment));
        default -> p.skipChildren();
      }
    }
    return new Data(id, name, segment);
  }

  private static Segment segment(JsonParser p) throws IOException {
    String id = null;
    String name = null;
    String value = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "id" -> id = text(p, t);
        case "name" -> name = text(p, t);
        case "value" -> value = text(p, t);
        default -> p.skipChildren();
      }
    }
    return new Segment(id, name, value);
  }

  private Source source(JsonParser p) throws IOException {
    String tid = null;
    JsonNode schain = null;
    JsonNode ext = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "tid" -> tid = text(p, t);
        case "schain" -> schain = tree(p);
        case "ext" -> ext = tree(p);
        default -> p.skipChildren();
      }
    }
    return new Source(tid, schain, ext);
  }

  private Regs regs(JsonParser p) throws IOException {
    Integer coppa = null;
    Integer gdpr = null;
    String usPrivacy = null;
    String gpp = null;
    List<Integer> gppSid = null;
    JsonNode ext = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "coppa" -> coppa = integer(p, t);
        case "gdpr" -> gdpr = integer(p, t);
        case "us_privacy" -> usPrivacy = text(p, t);
        case "gpp" -> gpp = text(p, t);
        case "gpp_sid" -> gppSid = integers(p, t);
        case "ext" -> ext = tree(p);
        default -> p.skipChildren();
      }
    }
    return new Regs(coppa, gdpr, usPrivacy, gpp, gppSid, ext);
  }

  /** Reads the fields of an object whose start the parser is on. */
  private interface Fields<T> {
    T read(JsonParser p) throws IOException;
  }

  /** Reads one value whose first token the parser is on. */
  private interface Value<T> {
    @Nullable T read(JsonParser p, @Nullable JsonToken t) throws IOException;
  }

  private static <T> @Nullable T object(JsonParser p, @Nullable JsonToken t, Fields<T> fields)
      throws IOException {
    if (t == JsonToken.START_OBJECT) {
      return fields.read(p);
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(p, "an object");
  }

  private static <T> @Nullable List<T> list(JsonParser p, @Nullable JsonToken t, Value<T> element)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw wrongType(p, "an array");
    }
    List<T> values = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      // A null element is no element: every reader of the lists may count on their elements.
      T value = element.read(p, e);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  private static @Nullable List<String> texts(JsonParser p, @Nullable JsonToken t)
      throws IOException {
    return list(p, t, BidRequestReader::text);
  }

  private static @Nullable List<Integer> integers(JsonParser p, @Nullable JsonToken t)
      throws IOException {
    return list(p, t, BidRequestReader::integer);
  }

  private static @Nullable String text(JsonParser p, @Nullable JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(p, "a string");
  }

  private static @Nullable Integer integer(JsonParser p, @Nullable JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        throw wrongType(p, "an integer of 32 bits");
      }
      return p.getIntValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(p, "an integer");
  }

  private static @Nullable BigDecimal decimal(JsonParser p, @Nullable JsonToken t)
      throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDecimalValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(p, "a number");
  }

  private @Nullable JsonNode tree(JsonParser p) throws IOException {
    return trees.readTree(p);
  }

  private static InvalidBidRequest wrongType(JsonParser p, String expected) {
    return new InvalidBidRequest(
        p.getParsingContext().pathAsPointer() + " is not " + expected + ": " + p.currentToken());
  }
}
