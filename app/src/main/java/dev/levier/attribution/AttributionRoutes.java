package dev.levier.attribution;

import static java.util.Objects.requireNonNull;

import dev.levier.errors.BadRequestException;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/programmes/{id}/attribution}: the model a programme pays by, what a data-driven
 * model learnt, and every model side by side over a period.
 */
public final class AttributionRoutes {
  private static final String BASE = "/api/v1/programmes/{id}/attribution";

  private static final Set<String> REPORT_PARAMS =
      Set.of(
          "from",
          "to",
          "models",
          "withoutConversion",
          "order",
          "halfLifeDays",
          "position",
          "roles",
          "multiRole");

  private final AttributionService service;

  public AttributionRoutes(AttributionService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get(BASE, "getAttribution", this::get),
        ApiRoute.put(BASE, "setAttribution", this::put),
        ApiRoute.post(BASE + "/learn", "learnAttribution", this::learn),
        ApiRoute.query(BASE + "/report", "attributionReport", this::report));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(service.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse put(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), AttributionPolicyJson.FIELDS);
    Integer version = in.has("version") ? in.version() : null;
    AttributionPolicyJson.Read read = AttributionPolicyJson.read(in);
    in.validate();
    return ApiResponse.ok(
        service.put(request.caller(), request.pathParam("id"), version, requireNonNull(read)));
  }

  private ApiResponse learn(ApiRequest request) {
    if (request.body().length > 0) {
      JsonInput.of(request.body()).validate();
    }
    return ApiResponse.ok(service.refit(request.caller(), request.pathParam("id")));
  }

  private ApiResponse report(ApiRequest request) {
    QueryParams query = request.queryParams(REPORT_PARAMS);
    Instant from = query.get("from", Parsers::instant);
    Instant to = query.get("to", Parsers::instant);
    if (from == null) {
      throw new BadRequestException("from", "from: is required, such as 2026-11-01T00:00:00Z");
    }
    if (to == null) {
      throw new BadRequestException("to", "to: is required, such as 2026-12-01T00:00:00Z");
    }
    if (!from.isBefore(to)) {
      throw new BadRequestException("to", "to: must be after from");
    }
    if (Duration.between(from, to).compareTo(AttributionService.MAX_REPORT_PERIOD) > 0) {
      throw new BadRequestException(
          "to",
          "to: a report covers at most "
              + AttributionService.MAX_REPORT_PERIOD.toDays()
              + " days; ask for a shorter period");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (Map.Entry<String, String> option : AttributionPolicyJson.OPTIONS.entrySet()) {
      String text = query.get(option.getKey());
      if (text != null) {
        options.put(option.getValue(), text);
      }
    }
    String models = query.get("models");
    List<ModelSpec> specs;
    try {
      specs = specs(models, options);
    } catch (ModelSpecException e) {
      String parameter = parameter(e.option());
      throw new BadRequestException(parameter, parameter + ": " + e.reason());
    }
    boolean withoutConversion =
        query.get("withoutConversion") == null || query.flag("withoutConversion");
    return ApiResponse.ok(
        service.report(
            request.caller(), request.pathParam("id"), from, to, specs, withoutConversion));
  }

  /** The models named (every model when none is), each with the options that apply to it. */
  private static List<ModelSpec> specs(@Nullable String names, Map<String, String> options) {
    List<ModelSpec> all = ModelSpec.parseAll(options);
    if (names == null || names.isBlank()) {
      return all;
    }
    List<ModelSpec> chosen = new ArrayList<>();
    for (String name : Arrays.asList(names.split(",", -1))) {
      String wanted = name.strip();
      ModelSpec spec =
          all.stream()
              .filter(s -> s.name().equals(wanted))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ModelSpecException(
                          "models", "'" + wanted + "' is not one of " + ModelSpec.Kind.allowed()));
      if (chosen.contains(spec)) {
        throw new ModelSpecException("models", "'" + wanted + "' is listed twice");
      }
      chosen.add(spec);
    }
    return chosen;
  }

  private static String parameter(String option) {
    for (Map.Entry<String, String> entry : AttributionPolicyJson.OPTIONS.entrySet()) {
      if (entry.getValue().equals(option)) {
        return entry.getKey();
      }
    }
    return option.equals("model") ? "models" : option;
  }
}
