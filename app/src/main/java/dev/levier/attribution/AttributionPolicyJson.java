package dev.levier.attribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.http.Json;
import dev.levier.http.JsonInput;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The attribution setting as the API reads and writes it, and as it is stored:
 *
 * <pre>{@code
 * {"model": "position", "options": {"position": "40/20/40"},
 *  "deduplication": {"channels": ["search", "social"], "reduceBy": "100"}}
 * }</pre>
 *
 * <p>Options are those of {@link ModelSpec}, written in camel case: {@code order}, {@code
 * halfLifeDays}, {@code position}, {@code roles}, {@code multiRole}; each applies to one model.
 */
public final class AttributionPolicyJson {

  static final String[] FIELDS = {"version", "model", "options", "deduplication"};

  /** JSON option name (also the report's query parameter) to the name {@link ModelSpec} uses. */
  static final Map<String, String> OPTIONS =
      Map.of(
          "order", "order",
          "halfLifeDays", "half-life-days",
          "position", "position",
          "roles", "roles",
          "multiRole", "multi-role");

  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern PERCENT = Pattern.compile("\\d{1,3}(\\.\\d{1,4})?");

  private AttributionPolicyJson() {}

  /**
   * The model and de-duplication read from a request or a stored document; errors go to {@code in}.
   */
  static @Nullable Read read(JsonInput in) {
    String model = in.requiredText("model", 40);
    Map<String, String> options = new LinkedHashMap<>();
    JsonInput given = in.object("options", OPTIONS.keySet().toArray(String[]::new));
    if (given != null) {
      for (String option : OPTIONS.keySet()) {
        if (!given.has(option)) {
          continue;
        }
        // The Markov order is a whole number; the other options are written as text.
        String text =
            option.equals("order")
                ? stringOf(given.optionalInteger(option, 1, ModelSpec.MAX_ORDER))
                : given.optionalText(option, 40);
        if (text != null) {
          options.put(OPTIONS.get(option), text);
        }
      }
    }
    AttributionPolicy.Deduplication deduplication = null;
    JsonInput dedup = in.object("deduplication", "channels", "reduceBy");
    if (dedup != null) {
      List<String> channels = dedup.list("channels", 0, 50, AttributionPolicyJson::channel);
      BigDecimal reduceBy = dedup.required("reduceBy", AttributionPolicyJson::percent);
      if (channels != null && reduceBy != null) {
        deduplication = new AttributionPolicy.Deduplication(new TreeSet<>(channels), reduceBy);
      } else if (!dedup.has("channels") && reduceBy != null) {
        deduplication = new AttributionPolicy.Deduplication(java.util.Set.of(), reduceBy);
      }
    }
    if (model == null) {
      return null;
    }
    try {
      return new Read(ModelSpec.parse(model, options), deduplication);
    } catch (ModelSpecException e) {
      in.reject(field(e.option()), e.reason());
      return null;
    }
  }

  /** A model with its settings and the de-duplication rule: what {@link #read} gives. */
  public record Read(ModelSpec spec, AttributionPolicy.@Nullable Deduplication deduplication) {}

  /** The stored document of a setting. */
  static String document(ModelSpec spec, AttributionPolicy.@Nullable Deduplication deduplication) {
    return new String(Json.write(body(spec, deduplication)), StandardCharsets.UTF_8);
  }

  /** A setting read back from its stored document. */
  static AttributionPolicy parse(String document, int version, Instant updatedAt) {
    JsonNode node = Json.parse(document.getBytes(StandardCharsets.UTF_8));
    JsonInput in = JsonInput.of((com.fasterxml.jackson.databind.node.ObjectNode) node, FIELDS);
    Read read = read(in);
    in.validate();
    if (read == null) {
      throw new IllegalStateException("a stored attribution setting cannot be read: " + document);
    }
    return new AttributionPolicy(read.spec(), read.deduplication(), version, updatedAt);
  }

  /** The setting as the API shows it. */
  static Map<String, Object> view(String programmeId, AttributionPolicy policy) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("programmeId", programmeId);
    view.putAll(body(policy.spec(), policy.deduplication()));
    view.put("describe", policy.spec().toModel().describe());
    view.put("version", policy.version());
    view.put("updatedAt", policy.updatedAt() == null ? null : policy.updatedAt().toString());
    return view;
  }

  private static Map<String, Object> body(
      ModelSpec spec, AttributionPolicy.@Nullable Deduplication deduplication) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", spec.name());
    Map<String, Object> options = new LinkedHashMap<>();
    switch (spec.kind()) {
      case MARKOV -> options.put("order", spec.order());
      case TIME_DECAY ->
          options.put(
              "halfLifeDays",
              BigDecimal.valueOf(spec.halfLifeDays()).stripTrailingZeros().toPlainString());
      case POSITION -> options.put("position", spec.position().toString());
      case ROLE -> {
        options.put("roles", spec.roles().toString());
        options.put("multiRole", spec.multiRole().toString());
      }
      default -> {}
    }
    doc.put("options", options);
    if (deduplication != null) {
      Map<String, Object> dedup = new LinkedHashMap<>();
      dedup.put("channels", List.copyOf(new TreeSet<>(deduplication.channels())));
      dedup.put("reduceBy", deduplication.reduceByPercent().stripTrailingZeros().toPlainString());
      doc.put("deduplication", dedup);
    } else {
      doc.put("deduplication", null);
    }
    return doc;
  }

  /** The JSON field of a {@link ModelSpec} option. */
  private static String field(String option) {
    if (option.equals("model")) {
      return "model";
    }
    for (Map.Entry<String, String> entry : OPTIONS.entrySet()) {
      if (entry.getValue().equals(option)) {
        return "options." + entry.getKey();
      }
    }
    return "options";
  }

  private static @Nullable String stringOf(@Nullable Integer number) {
    return number == null ? null : number.toString();
  }

  private static String channel(String text) {
    if (!CHANNEL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be 1 to 32 lower-case letters, digits, - or _, such as search or social");
    }
    if (text.equals(AttributionPolicy.AFFILIATE)) {
      throw new IllegalArgumentException(
          "affiliate is the programme's own channel; list the other paid channels");
    }
    return text;
  }

  private static BigDecimal percent(String text) {
    if (!PERCENT.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be a percentage as a decimal string, such as \"100\" or \"50\"");
    }
    BigDecimal percent = new BigDecimal(text);
    if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("must be more than 0 and at most 100, not " + text);
    }
    return percent;
  }
}
