package dev.levier.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.levier.errors.BadRequestException;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The one JSON configuration of the API. Reading is strict and bounded (nesting depth, string
 * length, duplicate keys, trailing content); writing turns value types into their plain text form
 * and enums into their lower-case names.
 */
public final class Json {
  /** Deeper documents are refused: no request of the API needs more. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = create();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses a request body, which must be one JSON document. */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new BadRequestException("body", "the request body is empty; a JSON object is expected");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          "body", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + value.getClass().getName(), e);
    }
  }

  private static ObjectMapper create() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(100)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    SimpleModule values = new SimpleModule("levier-values");
    values.addSerializer(CountryCode.class, ToStringSerializer.instance);
    values.addSerializer(CurrencyUnit.class, ToStringSerializer.instance);
    values.addSerializer(ZoneId.class, ToStringSerializer.instance);
    values.addSerializer(Instant.class, ToStringSerializer.instance);
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
        .addModule(values)
        .build();
  }
}
