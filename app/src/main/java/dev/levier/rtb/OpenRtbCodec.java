package dev.levier.rtb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.BidResponse;
import dev.levier.rtb.openrtb.Imp;
import dev.levier.rtb.openrtb.Regs;
import dev.levier.rtb.openrtb.Source;
import dev.levier.rtb.openrtb.User;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads bid requests and writes bid responses. Reading tolerates fields it does not know (the
 * specification asks it: exchanges add their own) but not a known field of the wrong type: a string
 * where a number is due is refused, never coerced. Requests in the OpenRTB 2.5 shape are brought to
 * 2.6 first: the privacy and identity fields that 2.5 carried under {@code ext} ({@code
 * regs.ext.gdpr}, {@code regs.ext.us_privacy}, {@code user.ext.consent}, {@code user.ext.eids},
 * {@code source.ext.schain}) move to their 2.6 places, unless the 2.6 field is already there.
 */
public final class OpenRtbCodec {
  private static final ObjectMapper MAPPER = create();
  private static final BidRequestReader READER = new BidRequestReader(MAPPER);
  private static final int MAX_INFLATE_RATIO = 20;

  private OpenRtbCodec() {}

  /**
   * The bid request in the body.
   *
   * @throws InvalidBidRequest if the body is not a bid request by the specification
   */
  public static BidRequest read(byte[] body) {
    if (body.length == 0) {
      throw new InvalidBidRequest("empty body");
    }
    BidRequest request;
    try {
      request = normalise(READER.read(body));
    } catch (JsonProcessingException e) {
      throw new InvalidBidRequest("not a bid request: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidBidRequest("unreadable body");
    }
    check(request);
    return request;
  }

  /**
   * Reads and writes a request and a response that hold every object the codec knows, so that the
   * first exchange request does not pay for building the readers: that can take longer than an
   * exchange's whole {@code tmax}.
   */
  public static void warmUp() {
    String request =
        """
        {"id":"warm-up","at":1,"tmax":100,"cur":["USD"],"bcat":["IAB25"],"badv":["a.example"],
         "bapp":["com.example"],"wseat":["levier"],
         "imp":[{"id":"1","tagid":"t","bidfloor":0.1,"bidfloorcur":"USD","instl":0,"secure":1,
           "banner":{"w":300,"h":250,"format":[{"w":300,"h":250}],"battr":[1],"btype":[1],
             "pos":1,"api":[3]},
           "video":{"mimes":["video/mp4"],"minduration":1,"maxduration":30,"protocols":[2],
             "protocol":2,"w":640,"h":480,"battr":[1]},
           "native":{"request":"{}","ver":"1.2","battr":[1]},
           "pmp":{"private_auction":0,"deals":[{"id":"d","bidfloor":1,"bidfloorcur":"USD",
             "at":1,"wseat":["levier"]}]},"ext":{}}],
         "site":{"id":"s","domain":"a.example","page":"https://a.example/","cat":["IAB1"],
           "publisher":{"id":"p"}},
         "device":{"ua":"Mozilla/5.0","ip":"192.0.2.1","ipv6":"2001:db8::1","devicetype":2,
           "os":"Linux","dnt":0,"lmt":0,"ifa":"x",
           "geo":{"lat":1.5,"lon":2.5,"country":"FRA","region":"FR-IDF","city":"Paris",
             "zip":"75001"}},
         "user":{"id":"u","buyeruid":"b","consent":"c","eids":[],
           "data":[{"id":"d","segment":[{"id":"s"}]}],"ext":{"consent":"c"}},
         "source":{"tid":"t","ext":{"schain":{}}},
         "regs":{"coppa":0,"gdpr":0,"us_privacy":"1---","gpp":"","gpp_sid":[],"ext":{"gdpr":0}},
         "ext":{}}
        """;
    read(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    read(
        """
        {"id":"warm-up","imp":[{"id":"1","banner":{"w":320,"h":50}}],
         "app":{"id":"a","bundle":"com.example","domain":"a.example","cat":["IAB1"],
           "publisher":{"id":"p"}}}
        """
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    write(
        new BidResponse(
            "warm-up",
            List.of(
                new BidResponse.SeatBid(
                    List.of(
                        new BidResponse.Bid(
                            "b",
                            "1",
                            BigDecimal.ONE,
                            "https://a.example/win",
                            "https://a.example/bill",
                            "https://a.example/loss",
                            "<a></a>",
                            "c",
                            List.of("a.example"),
                            "com.example",
                            "cmp",
                            "crv",
                            List.of("IAB1"),
                            List.of(1),
                            "d",
                            300,
                            250,
                            1)),
                    "levier")),
            "w",
            "USD"));
  }

  /** The body inflated from gzip, at most {@code limit} bytes. */
  public static byte[] gunzip(byte[] body, int limit) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, body.length * 4));
      byte[] buffer = new byte[8192];
      int total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > limit) {
          throw new InvalidBidRequest("inflated body over " + limit + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new InvalidBidRequest("broken gzip");
    }
  }

  /** How much a gzip body of {@code maxBody} bytes may inflate to. */
  public static int inflateLimit(int maxBody) {
    return (int) Math.min(Integer.MAX_VALUE - 8, (long) maxBody * MAX_INFLATE_RATIO);
  }

  /**
   * The response as JSON: the fields in the records' order, absent ones left out. Written by hand
   * on the generator for the same reason requests are read by hand.
   */
  public static byte[] write(BidResponse response) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
    write(response, bytes);
    return bytes.toByteArray();
  }

  /** Writes the response to {@code out}, as {@link #write(BidResponse)} does. */
  public static void write(BidResponse response, OutputStream out) {
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", response.id());
      g.writeArrayFieldStart("seatbid");
      for (BidResponse.SeatBid seat : response.seatbid()) {
        g.writeStartObject();
        g.writeArrayFieldStart("bid");
        for (BidResponse.Bid bid : seat.bid()) {
          write(g, bid);
        }
        g.writeEndArray();
        g.writeStringField("seat", seat.seat());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("bidid", response.bidid());
      g.writeStringField("cur", response.cur());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a bid response is written in memory", e);
    }
  }

  private static void write(JsonGenerator g, BidResponse.Bid bid) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", bid.id());
    g.writeStringField("impid", bid.impid());
    g.writeNumberField("price", bid.price());
    g.writeStringField("nurl", bid.nurl());
    g.writeStringField("burl", bid.burl());
    g.writeStringField("lurl", bid.lurl());
    g.writeStringField("adm", bid.adm());
    g.writeStringField("adid", bid.adid());
    writeTexts(g, "adomain", bid.adomain());
    if (bid.bundle() != null) {
      g.writeStringField("bundle", bid.bundle());
    }
    g.writeStringField("cid", bid.cid());
    g.writeStringField("crid", bid.crid());
    writeTexts(g, "cat", bid.cat());
    g.writeArrayFieldStart("attr");
    for (int attribute : bid.attr()) {
      g.writeNumber(attribute);
    }
    g.writeEndArray();
    if (bid.dealid() != null) {
      g.writeStringField("dealid", bid.dealid());
    }
    if (bid.w() != null) {
      g.writeNumberField("w", bid.w());
    }
    if (bid.h() != null) {
      g.writeNumberField("h", bid.h());
    }
    g.writeNumberField("mtype", bid.mtype());
    g.writeEndObject();
  }

  private static void writeTexts(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  /** Moves the 2.5 {@code ext} privacy and identity fields to their 2.6 places. */
  static BidRequest normalise(BidRequest request) {
    Regs regs = request.regs();
    User user = request.user();
    Source source = request.source();
    if (regs != null && regs.ext() instanceof ObjectNode ext) {
      regs =
          new Regs(
              regs.coppa(),
              regs.gdpr() != null ? regs.gdpr() : integer(ext.get("gdpr")),
              regs.usPrivacy() != null ? regs.usPrivacy() : text(ext.get("us_privacy")),
              regs.gpp(),
              regs.gppSid(),
              ext);
    }
    if (user != null && user.ext() instanceof ObjectNode ext) {
      user =
          new User(
              user.id(),
              user.buyeruid(),
              user.data(),
              user.consent() != null ? user.consent() : text(ext.get("consent")),
              user.eids() != null ? user.eids() : ext.get("eids"),
              ext);
    }
    if (source != null && source.ext() instanceof ObjectNode ext && source.schain() == null) {
      source = new Source(source.tid(), ext.get("schain"), ext);
    }
    boolean moved =
        (regs != null && regs.ext() instanceof ObjectNode)
            || (user != null && user.ext() instanceof ObjectNode)
            || (source != null && source.ext() instanceof ObjectNode);
    if (!moved) {
      return request;
    }
    return new BidRequest(
        request.id(),
        request.imp(),
        request.site(),
        request.app(),
        request.device(),
        user,
        request.test(),
        request.at(),
        request.tmax(),
        request.wseat(),
        request.bseat(),
        request.cur(),
        request.bcat(),
        request.badv(),
        request.bapp(),
        source,
        regs,
        request.ext());
  }

  private static @Nullable Integer integer(@Nullable JsonNode node) {
    return node != null && node.isInt() ? node.intValue() : null;
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  /** What the specification requires beyond types. */
  static void check(BidRequest request) {
    if (request.id() == null || request.id().isEmpty()) {
      throw new InvalidBidRequest("no id");
    }
    List<Imp> imps = request.imp();
    if (imps == null || imps.isEmpty()) {
      throw new InvalidBidRequest("no imp");
    }
    Set<String> ids = new HashSet<>();
    for (Imp imp : imps) {
      if (imp == null || imp.id() == null || imp.id().isEmpty()) {
        throw new InvalidBidRequest("an imp without id");
      }
      if (!ids.add(imp.id())) {
        throw new InvalidBidRequest("imp id " + imp.id() + " twice");
      }
      if (imp.banner() == null
          && imp.video() == null
          && imp.audio() == null
          && imp.nativeAd() == null) {
        throw new InvalidBidRequest(
            "imp " + imp.id() + " offers no banner, video, audio or native");
      }
      BigDecimal floor = imp.bidfloor();
      if (floor != null && floor.signum() < 0) {
        throw new InvalidBidRequest("negative bidfloor");
      }
    }
    if (request.site() != null && request.app() != null) {
      throw new InvalidBidRequest("both site and app");
    }
    Integer at = request.at();
    if (at != null && at != 1 && at != 2 && at <= 500) {
      throw new InvalidBidRequest("at " + at);
    }
    Integer tmax = request.tmax();
    if (tmax != null && tmax < 0) {
      throw new InvalidBidRequest("negative tmax");
    }
    if (request.wseat() != null && request.bseat() != null) {
      throw new InvalidBidRequest("both wseat and bseat");
    }
  }

  /** The mapper for the free-form parts of a request, with the parser's limits. */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(100)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // Only the free-form trees (ext and the like) go through the mapper: BidRequestReader reads
    // the rest. Their numbers keep every digit.
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
  }
}
