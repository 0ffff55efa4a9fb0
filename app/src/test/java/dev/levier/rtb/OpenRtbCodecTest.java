package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.BidResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written request reader and response writer against Jackson's data binding of the same
 * records, configured as the codec once configured it: the same requests read to equal records, the
 * same requests are refused, the same response is written byte for byte.
 */
class OpenRtbCodecTest {
  /** Data binding with the rules the bid endpoint promises: nothing coerced. */
  private static final ObjectMapper BINDING =
      JsonMapper.builder(OpenRtbCodec.mapper().getFactory().copy())
          // A null inside an array is no element.
          .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              config ->
                  config
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private static final BidRequestReader READER = new BidRequestReader(OpenRtbCodec.mapper());

  @Test
  void everyFixtureReadsAsDataBindingReadsIt() throws IOException {
    List<String> names = new ArrayList<>();
    for (String folder : List.of("official/", "v25/", "invalid/")) {
      for (String name : OpenRtbFixtures.names(folder)) {
        names.add(folder + name);
      }
    }
    assertThat(names).hasSizeGreaterThanOrEqualTo(25);
    for (String name : names) {
      assertSameReading(name, OpenRtbFixtures.bytes(name));
    }
  }

  @Test
  void everyFieldOfTheOfficialRequestsSetToEveryKindOfValueReadsAsDataBindingReadsIt()
      throws IOException {
    int cases = 0;
    int refused = 0;
    for (String name : OpenRtbFixtures.names("official/")) {
      for (OpenRtbFixtures.Mutation mutation :
          OpenRtbFixtures.mutations(BINDING.readTree(OpenRtbFixtures.bytes("official/" + name)))) {
        byte[] body = BINDING.writeValueAsBytes(mutation.request());
        if (!assertSameReading(name + " with " + mutation, body)) {
          refused++;
        }
        cases++;
      }
    }
    // Enough cases, and both outcomes well represented, for the comparison to mean something.
    assertThat(cases).isGreaterThan(2_000);
    assertThat(refused).isBetween(cases / 10, cases - cases / 10);
  }

  @Test
  void bodiesThatAreNotOneObjectAreRefusedByBoth() throws IOException {
    for (String body :
        List.of(
            "null",
            "[]",
            "\"x\"",
            "1",
            "{\"id\":\"a\"} {\"id\":\"b\"}",
            "{\"id\":\"a\"} 1",
            "{\"id\":\"a\",\"id\":\"b\"}",
            "{\"id\":\"a\",\"imp\":[{\"id\":\"1\",\"banner\":{\"w\":1,\"w\":2}}]}",
            "{\"id\":\"a\"",
            "{\"id\":\"a\",}",
            "")) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertThat(assertSameReading(body, bytes)).as(body).isFalse();
    }
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedByItsPathInTheRefusal() {
    byte[] body =
        "{\"id\":\"a\",\"imp\":[{\"id\":\"1\",\"banner\":{\"w\":\"300\"}}]}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OpenRtbCodec.read(body))
        .isInstanceOf(InvalidBidRequest.class)
        .hasMessageContaining("/imp/0/banner/w")
        .hasMessageContaining("integer");
  }

  @Test
  void theResponseIsWrittenAsDataBindingWritesIt() throws IOException {
    for (BidResponse response :
        List.of(
            response(null, null, null),
            response("com.example.game", "AB-1", 250),
            new BidResponse("r", List.of(), "b", "EUR"))) {
      String ours = new String(OpenRtbCodec.write(response), StandardCharsets.UTF_8);
      assertThat(ours).isEqualTo(BINDING.writeValueAsString(response));
    }
  }

  private static BidResponse response(String bundle, String deal, Integer size) {
    BidResponse.Bid bid =
        new BidResponse.Bid(
            "bid-1",
            "1",
            new BigDecimal("1.234500"),
            "https://levier.example/openrtb2/win?t=a.b&price=${AUCTION_PRICE}",
            "https://levier.example/openrtb2/bill?t=a.b&price=${AUCTION_PRICE}",
            "https://levier.example/openrtb2/loss?t=a.b&reason=${AUCTION_LOSS}",
            "<a href=\"https://levier.example/c?t=\u00e9\"><img src=\"x.png\"></a>\n\t",
            "crv_1",
            List.of("brand.example", "other.example"),
            bundle,
            "cmp_1",
            "crv_1",
            List.of("IAB3-1"),
            List.of(1, 13),
            deal,
            size,
            size,
            1);
    return new BidResponse(
        "request-\"1\"", List.of(new BidResponse.SeatBid(List.of(bid, bid), "levier")), "r", "USD");
  }

  /**
   * Reads the body both ways and asserts the same outcome; whether it was accepted.
   *
   * <p>The hand reader may refuse with {@link InvalidBidRequest} or Jackson's parse exceptions,
   * data binding with its own: only that both refuse is compared, not the message.
   */
  private static boolean assertSameReading(String what, byte[] body) {
    BidRequest expected;
    try {
      expected = BINDING.readValue(body, BidRequest.class);
    } catch (IOException e) {
      assertThatThrownBy(() -> READER.read(body))
          .as(what + " is refused by data binding (" + e.getMessage() + ")")
          .isInstanceOfAny(InvalidBidRequest.class, IOException.class);
      return false;
    }
    if (expected == null) {
      // A body of JSON null binds to no request at all (and was answered 500 before this reader).
      assertThatThrownBy(() -> READER.read(body)).as(what).isInstanceOf(InvalidBidRequest.class);
      return false;
    }
    BidRequest actual;
    try {
      actual = READER.read(body);
    } catch (IOException | InvalidBidRequest e) {
      throw new AssertionError(what + " is read by data binding but refused: " + e.getMessage(), e);
    }
    assertThat(actual).as(what).isEqualTo(expected);
    return true;
  }
}
