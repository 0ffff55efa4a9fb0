package dev.levier.analytics;

import dev.levier.attribution.ModelSpec;
import dev.levier.attribution.ModelSpecException;
import dev.levier.errors.BadRequestException;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.QueryParams;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/programmes/{id}/fairness}: what publishers bring against what they are paid. */
public final class AnalyticsRoutes {
  private static final Set<String> PARAMS =
      Set.of("from", "to", "model", "order", "interceptionMinutes");
  private static final int MAX_DAYS = 366;

  private static final Set<String> COHORT_PARAMS = Set.of("from", "to");

  private final FairnessReport fairness;
  private final CustomerValue customers;

  public AnalyticsRoutes(FairnessReport fairness, CustomerValue customers) {
    this.fairness = fairness;
    this.customers = customers;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.query("/api/v1/programmes/{id}/fairness", "fairnessReport", this::fairness),
        ApiRoute.query("/api/v1/programmes/{id}/cohorts", "cohortReport", this::cohorts),
        ApiRoute.get("/api/v1/advertisers/{id}/clv", "getCustomerValue", this::clv),
        ApiRoute.post("/api/v1/advertisers/{id}/clv/fit", "fitCustomerValue", this::fit));
  }

  /** {@code ?from&to}: the advertiser's local days on which the customers were acquired. */
  private ApiResponse cohorts(ApiRequest request) {
    QueryParams query = request.queryParams(COHORT_PARAMS);
    LocalDate from = date(query, "from");
    LocalDate to = date(query, "to");
    if (to.isBefore(from)) {
      throw new BadRequestException("to", "to: must not be before from");
    }
    if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
      throw new BadRequestException("to", "to: a report covers at most " + MAX_DAYS + " days");
    }
    return ApiResponse.ok(customers.cohorts(request.caller(), request.pathParam("id"), from, to));
  }

  private ApiResponse clv(ApiRequest request) {
    return ApiResponse.ok(customers.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse fit(ApiRequest request) {
    if (request.body().length > 0) {
      dev.levier.http.JsonInput.of(request.body()).validate();
    }
    return ApiResponse.ok(customers.refit(request.caller(), request.pathParam("id")));
  }

  /** {@code ?from&to[&model=markov|shapley|...][&order=K][&interceptionMinutes=30]}. */
  private ApiResponse fairness(ApiRequest request) {
    QueryParams query = request.queryParams(PARAMS);
    LocalDate from = date(query, "from");
    LocalDate to = date(query, "to");
    if (to.isBefore(from)) {
      throw new BadRequestException("to", "to: must not be before from");
    }
    if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
      throw new BadRequestException("to", "to: a report covers at most " + MAX_DAYS + " days");
    }
    String model = query.get("model");
    Map<String, String> options = new LinkedHashMap<>();
    String order = query.get("order");
    if (order != null) {
      options.put("order", order);
    }
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(model == null ? "markov" : model, options);
    } catch (ModelSpecException e) {
      String name = e.option().equals("model") ? "model" : e.option();
      throw new BadRequestException(name, name + ": " + e.reason());
    }
    Integer minutes =
        query.get(
            "interceptionMinutes",
            text -> {
              try {
                int value = Integer.parseInt(text);
                if (value >= 1 && value <= 1440) {
                  return value;
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              throw new IllegalArgumentException("must be a whole number of minutes, 1 to 1440");
            });
    return ApiResponse.ok(
        fairness.report(
            request.caller(),
            request.pathParam("id"),
            from,
            to,
            spec,
            Duration.ofMinutes(minutes == null ? 30 : minutes)));
  }

  private static LocalDate date(QueryParams query, String name) {
    String text = query.get(name);
    if (text == null) {
      throw new BadRequestException(name, name + ": is required, as a date like 2026-11-25");
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(name, name + ": '" + text + "' is not a date like 2026-11-25");
    }
  }
}
