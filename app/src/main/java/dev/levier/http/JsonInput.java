package dev.levier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.errors.BadRequestException;
import dev.levier.errors.FieldError;
import dev.levier.errors.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of a JSON object body, collecting every problem instead of stopping at the
 * first, so that one answer tells the caller all that is wrong. Unknown fields are problems too: a
 * misspelt field must not be silently ignored. Nested objects and arrays of objects are read the
 * same way, their problems named by path ({@code lines[2].quantity}). Call {@link #validate()}
 * before using any value read: it throws when a problem was found, and nothing has been changed by
 * then.
 */
public final class JsonInput {
  private final ObjectNode node;
  private final String prefix;
  private final List<FieldError> errors;

  private JsonInput(ObjectNode node, Set<String> allowed, String prefix, List<FieldError> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        errors.add(
            new FieldError(
                prefix + name, "unknown field; allowed fields are " + String.join(", ", allowed)));
      }
    }
  }

  /** Reads a body that must be a JSON object with only the allowed fields. */
  public static JsonInput of(byte[] body, String... allowedFields) {
    JsonNode parsed = Json.parse(body);
    if (!(parsed instanceof ObjectNode object)) {
      throw new BadRequestException("body", "the body must be a JSON object");
    }
    return new JsonInput(
        object, new LinkedHashSet<>(List.of(allowedFields)), "", new ArrayList<>());
  }

  /** Reads an already parsed object, as the root of a request. */
  public static JsonInput of(ObjectNode object, String... allowedFields) {
    return new JsonInput(
        object, new LinkedHashSet<>(List.of(allowedFields)), "", new ArrayList<>());
  }

  public boolean has(String field) {
    return node.has(field);
  }

  /** Records "is required" for each of these fields that is absent or null. */
  public void requirePresent(String... fields) {
    for (String field : fields) {
      if (!node.has(field) || node.get(field).isNull()) {
        reject(field, "is required");
      }
    }
  }

  /** Whether the field is present with an explicit JSON null: in an update, "clear it". */
  public boolean isExplicitNull(String field) {
    return node.has(field) && node.get(field).isNull();
  }

  /** Records a problem found by the caller's own checks. */
  public void reject(String field, String reason) {
    errors.add(new FieldError(prefix + field, reason));
  }

  /** Whether any problem has been found so far, here or in nested objects. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Throws a {@link ValidationException} listing every problem found so far. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /** A required string of 1 to {@code maxLength} characters, trimmed. */
  public @Nullable String requiredText(String field, int maxLength) {
    if (!node.has(field) || node.get(field).isNull()) {
      reject(field, "is required");
      return null;
    }
    return text(field, maxLength);
  }

  /** An optional string; absent or null gives null. */
  public @Nullable String optionalText(String field, int maxLength) {
    if (!node.has(field) || node.get(field).isNull()) {
      return null;
    }
    return text(field, maxLength);
  }

  /** A required value parsed from a string; the parser's exception message is the reason. */
  public <T> @Nullable T required(String field, Function<String, T> parser) {
    String text = requiredText(field, 2048);
    return text == null ? null : parse(field, text, parser);
  }

  /** An optional value parsed from a string; absent or null gives null. */
  public <T> @Nullable T optional(String field, Function<String, T> parser) {
    String text = optionalText(field, 2048);
    return text == null ? null : parse(field, text, parser);
  }

  /** An optional whole number within bounds; absent or null gives the default. */
  public int integer(String field, int min, int max, int defaultValue) {
    Integer value = optionalInteger(field, min, max);
    return value == null ? defaultValue : value;
  }

  /** An optional whole number within bounds; absent or null gives null. */
  public @Nullable Integer optionalInteger(String field, int min, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      reject(field, "must be a whole number from " + min + " to " + max);
      return null;
    }
    int number = value.intValue();
    if (number < min || number > max) {
      reject(field, "must be from " + min + " to " + max + ", got " + number);
      return null;
    }
    return number;
  }

  /** An optional true or false; absent or null gives the default. */
  public boolean bool(String field, boolean defaultValue) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      reject(field, "must be true or false");
      return defaultValue;
    }
    return value.booleanValue();
  }

  /** A required version number for optimistic concurrency. */
  public @Nullable Integer version() {
    JsonNode value = node.get("version");
    if (value == null || value.isNull()) {
      reject("version", "is required: send the version you read, to detect conflicts");
      return null;
    }
    return optionalInteger("version", 1, Integer.MAX_VALUE);
  }

  /**
   * An array of strings, each parsed; absent gives null. Errors name the item: {@code
   * allowedDomains[2]}.
   */
  public <T> @Nullable List<T> list(
      String field, int minItems, int maxItems, Function<String, T> parser) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      reject(field, "must be an array of strings");
      return null;
    }
    if (value.size() < minItems || value.size() > maxItems) {
      reject(
          field, "must have from " + minItems + " to " + maxItems + " items, got " + value.size());
      return null;
    }
    List<T> items = new ArrayList<>(value.size());
    boolean ok = true;
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < value.size(); i++) {
      String itemField = field + "[" + i + "]";
      JsonNode item = value.get(i);
      if (!item.isTextual()) {
        reject(itemField, "must be a string");
        ok = false;
        continue;
      }
      if (!seen.add(item.textValue())) {
        reject(itemField, "'" + item.textValue() + "' is listed twice");
        ok = false;
        continue;
      }
      T parsed = parse(itemField, item.textValue(), parser);
      if (parsed == null) {
        ok = false;
      } else {
        items.add(parsed);
      }
    }
    return ok ? items : null;
  }

  /**
   * An array of whole numbers within bounds, each listed once; absent gives null. Errors name the
   * item: {@code hours[2]}.
   */
  public @Nullable List<Integer> integers(String field, int maxItems, int min, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray() || value.size() > maxItems) {
      reject(field, "must be an array of at most " + maxItems + " whole numbers");
      return null;
    }
    List<Integer> items = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isIntegralNumber() || !item.canConvertToInt()) {
        reject(field + "[" + i + "]", "must be a whole number from " + min + " to " + max);
      } else if (item.intValue() < min || item.intValue() > max) {
        reject(
            field + "[" + i + "]",
            "must be from " + min + " to " + max + ", got " + item.intValue());
      } else if (items.contains(item.intValue())) {
        reject(field + "[" + i + "]", item.intValue() + " is listed twice");
      } else {
        items.add(item.intValue());
      }
    }
    return items.size() == value.size() ? items : null;
  }

  /**
   * A nested object, read with the same rules; its problems are named {@code field.name} and
   * reported with the rest. Absent or null gives null.
   */
  public @Nullable JsonInput object(String field, String... allowedFields) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      reject(field, "must be an object");
      return null;
    }
    return new JsonInput(
        object, new LinkedHashSet<>(List.of(allowedFields)), prefix + field + ".", errors);
  }

  /**
   * An array of objects, each read with the same rules; problems are named {@code field[i].name}.
   * Absent or null gives null.
   */
  public @Nullable List<JsonInput> objects(
      String field, int minItems, int maxItems, String... allowedFields) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      reject(field, "must be an array of objects");
      return null;
    }
    if (value.size() < minItems || value.size() > maxItems) {
      reject(
          field, "must have from " + minItems + " to " + maxItems + " items, got " + value.size());
      return null;
    }
    List<JsonInput> items = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      String itemField = field + "[" + i + "]";
      if (!(value.get(i) instanceof ObjectNode object)) {
        reject(itemField, "must be an object");
        continue;
      }
      items.add(
          new JsonInput(
              object,
              new LinkedHashSet<>(List.of(allowedFields)),
              prefix + itemField + ".",
              errors));
    }
    return items;
  }

  private @Nullable String text(String field, int maxLength) {
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      reject(field, "must be a string");
      return null;
    }
    String text = value.textValue().strip();
    if (text.isEmpty()) {
      reject(field, "must not be empty");
      return null;
    }
    if (text.length() > maxLength) {
      reject(field, "must be at most " + maxLength + " characters");
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        reject(field, "must not contain control characters");
        return null;
      }
    }
    return text;
  }

  private <T> @Nullable T parse(String field, String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      reject(field, String.valueOf(e.getMessage()));
      return null;
    }
  }
}
