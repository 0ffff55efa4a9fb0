package dev.levier.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.List;

/** Short lists kept as JSON text in one column, read and written the same way on both databases. */
public final class JsonText {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JsonText() {}

  public static String fromList(List<String> values) {
    try {
      return MAPPER.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  public static List<String> toList(String json) throws SQLException {
    try {
      return List.copyOf(MAPPER.readValue(json, STRINGS));
    } catch (JsonProcessingException e) {
      throw new SQLException("stored JSON list is corrupt: " + e.getOriginalMessage(), e);
    }
  }
}
