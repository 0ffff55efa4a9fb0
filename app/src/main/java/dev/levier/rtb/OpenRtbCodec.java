package dev.levier.rtb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.BidResponse;
import dev.levier.rtb.openrtb.Imp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

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
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new InvalidBidRequest("not JSON");
    }
    if (!(tree instanceof ObjectNode root)) {
      throw new InvalidBidRequest("not a JSON object");
    }
    normalise(root);
    BidRequest request;
    try {
      request = MAPPER.treeToValue(root, BidRequest.class);
    } catch (JsonProcessingException e) {
      throw new InvalidBidRequest("wrong type: " + e.getOriginalMessage());
    }
    check(request);
    return request;
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

  public static byte[] write(BidResponse response) {
    try {
      return MAPPER.writeValueAsBytes(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a bid response always serialises", e);
    }
  }

  /** Moves the 2.5 {@code ext} privacy and identity fields to their 2.6 places. */
  static void normalise(ObjectNode root) {
    move(root.get("regs"), "gdpr");
    move(root.get("regs"), "us_privacy");
    move(root.get("user"), "consent");
    move(root.get("user"), "eids");
    move(root.get("source"), "schain");
  }

  private static void move(JsonNode parent, String field) {
    if (parent instanceof ObjectNode object
        && !object.has(field)
        && object.get("ext") instanceof ObjectNode ext
        && ext.has(field)) {
      object.set(field, ext.get(field));
    }
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
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // Texts are texts: an id sent as a number is the wrong type too.
        .withCoercionConfig(
            LogicalType.Textual,
            config ->
                config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();
  }
}
