package dev.levier.rtb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The OpenRTB request fixtures under {@code src/test/resources/openrtb} (see its README). */
final class OpenRtbFixtures {
  private OpenRtbFixtures() {}

  /** The names of the fixtures in a folder such as {@code invalid/}. */
  static List<String> names(String folder) {
    List<String> names = new ArrayList<>();
    for (String name : new String(bytes(folder), StandardCharsets.UTF_8).split("\n")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return names;
  }

  /** A fixture's bytes, by its path under {@code openrtb/}. */
  static byte[] bytes(String name) {
    try (InputStream in = OpenRtbFixtures.class.getResourceAsStream("/openrtb/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a mutated field is set to: every JSON type, and integers at the edges of 32 bits. */
  private static final List<String> VALUES =
      List.of(
          "\"x\"",
          "\"\"",
          "\"1\"",
          "1",
          "0",
          "-1",
          "1.5",
          "1e2",
          "2147483647",
          "2147483648",
          "-2147483649",
          "12345678901234567890",
          "true",
          "null",
          "[]",
          "[1]",
          "[\"x\"]",
          "[null]",
          "[{}]",
          "[1.5]",
          "[[1]]",
          "{}",
          "{\"id\":\"x\",\"w\":1}",
          "{\"ext\":null}");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request with one field (or array element) set to another value. */
  record Mutation(JsonNode request, List<Object> path, String value) {
    @Override
    public String toString() {
      return path + " = " + value;
    }
  }

  /** The request with each of its fields, at every depth, set to each kind of JSON value. */
  static List<Mutation> mutations(JsonNode original) {
    List<List<Object>> paths = new ArrayList<>();
    paths(original, new ArrayList<>(), paths);
    List<Mutation> mutations = new ArrayList<>();
    for (List<Object> path : paths) {
      for (String value : VALUES) {
        JsonNode copy = original.deepCopy();
        try {
          set(copy, path, JSON.readTree(value));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        mutations.add(new Mutation(copy, path, value));
      }
    }
    return mutations;
  }

  /** Every field and array element under the root, as paths of names and indexes. */
  private static void paths(JsonNode node, List<Object> at, List<List<Object>> into) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        List<Object> path = new ArrayList<>(at);
        path.add(field.getKey());
        into.add(path);
        paths(field.getValue(), path, into);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> path = new ArrayList<>(at);
        path.add(i);
        into.add(path);
        paths(array.get(i), path, into);
      }
    }
  }

  private static void set(JsonNode root, List<Object> path, JsonNode value) {
    JsonNode parent = root;
    for (Object step : path.subList(0, path.size() - 1)) {
      parent = step instanceof String name ? parent.get(name) : parent.get((Integer) step);
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof String name) {
      ((ObjectNode) parent).set(name, value);
    } else {
      ((ArrayNode) parent).set((Integer) last, value);
    }
  }
}
