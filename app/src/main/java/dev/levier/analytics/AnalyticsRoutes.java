package dev.levier.analytics;

import dev.levier.attribution.ModelSpec;
import dev.levier.attribution.ModelSpecException;
import dev.levier.errors.BadRequestException;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.CsvText;
import dev.levier.http.QueryParams;
import dev.levier.report.ReportRoutes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/programmes/{id}/fairness}: what publishers bring against what they are paid. */
public final class AnalyticsRoutes {
  private static final Set<String> PARAMS =
      Set.of("from", "to", "model", "order", "interceptionMinutes", "format");
  private static final int MAX_DAYS = 366;

  private static final Set<String> COHORT_PARAMS = Set.of("from", "to", "format");
  private static final String CSV = "text/csv; charset=utf-8";

  private final FairnessReport fairness;
  private final CustomerValue customers;
  private final CommissionAdvice advice;

  public AnalyticsRoutes(
      FairnessReport fairness, CustomerValue customers, CommissionAdvice advice) {
    this.fairness = fairness;
    this.customers = customers;
    this.advice = advice;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.query("/api/v1/programmes/{id}/fairness", "fairnessReport", this::fairness),
        ApiRoute.query("/api/v1/programmes/{id}/cohorts", "cohortReport", this::cohorts),
        ApiRoute.get("/api/v1/advertisers/{id}/clv", "getCustomerValue", this::clv),
        ApiRoute.post("/api/v1/advertisers/{id}/clv/fit", "fitCustomerValue", this::fit),
        ApiRoute.post(
            "/api/v1/programmes/{id}/commission-advice", "adviseCommissions", this::advise));
  }

  /**
   * {@code {"from": "2026-10-01", "to": "2026-10-31", "model"?: "markov", "elasticity"?: "0.5"}}:
   * proposes rates per publisher type as a draft rule set and replays the period under it.
   */
  private ApiResponse advise(ApiRequest request) {
    if (request.caller().role() == dev.levier.auth.Role.PUBLISHER) {
      throw new dev.levier.errors.ForbiddenException(
          "publishers do not set the programme's commission rates");
    }
    dev.levier.http.JsonInput in =
        dev.levier.http.JsonInput.of(request.body(), "from", "to", "model", "elasticity");
    LocalDate from = in.required("from", LocalDate::parse);
    LocalDate to = in.required("to", LocalDate::parse);
    String model = in.optionalText("model", 40);
    java.math.BigDecimal elasticity =
        in.optional(
            "elasticity",
            text -> {
              if (!text.matches("\\d{1,2}(\\.\\d{1,4})?")) {
                throw new IllegalArgumentException(
                    "must be a decimal string from 0 to 10, such as \"0.5\"");
              }
              java.math.BigDecimal value = new java.math.BigDecimal(text);
              if (value.compareTo(java.math.BigDecimal.TEN) > 0) {
                throw new IllegalArgumentException("must be at most 10, not " + text);
              }
              return value;
            });
    if (from != null && to != null) {
      if (to.isBefore(from)) {
        in.reject("to", "must not be before from");
      } else if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
        in.reject("to", "a period covers at most " + MAX_DAYS + " days");
      }
    }
    ModelSpec spec = null;
    try {
      spec = ModelSpec.parse(model == null ? "markov" : model, Map.of());
    } catch (ModelSpecException e) {
      in.reject("model", e.reason());
    }
    in.validate();
    return ApiResponse.ok(
        advice.advise(
            request.caller(),
            request.pathParam("id"),
            java.util.Objects.requireNonNull(from),
            java.util.Objects.requireNonNull(to),
            java.util.Objects.requireNonNull(spec),
            elasticity == null ? CommissionAdvice.DEFAULT_ELASTICITY : elasticity));
  }

  /** {@code ?from&to}: the advertiser's local days on which the customers were acquired. */
  private ApiResponse cohorts(ApiRequest request) {
    QueryParams query = request.queryParams(COHORT_PARAMS);
    LocalDate from = ReportRoutes.date(query, "from");
    LocalDate to = ReportRoutes.date(query, "to");
    ReportRoutes.period(from, to, "to");
    boolean csv = csv(query);
    Map<String, Object> report =
        customers.cohorts(request.caller(), request.pathParam("id"), from, to);
    if (!csv) {
      return ApiResponse.ok(report);
    }
    StringBuilder out =
        new StringBuilder(
            "publisherId,publisherType,customers,repeatRate,customers30d,revenuePerCustomer30d,"
                + "customers90d,revenuePerCustomer90d,customers180d,revenuePerCustomer180d,"
                + "customers365d,revenuePerCustomer365d,predictedNextYear\n");
    for (Map<?, ?> row : rows(report.get("cohorts"))) {
      List<@Nullable Object> cells = new java.util.ArrayList<>();
      cells.add(row.get("publisherId"));
      cells.add(row.get("publisherType"));
      cells.add(row.get("customers"));
      cells.add(row.get("repeatRate"));
      Map<?, ?> within = row.get("within") instanceof Map<?, ?> w ? w : Map.of();
      for (String horizon : List.of("30d", "90d", "180d", "365d")) {
        Map<?, ?> one = within.get(horizon) instanceof Map<?, ?> h ? h : Map.of();
        cells.add(one.get("customers"));
        cells.add(one.get("revenuePerCustomer"));
      }
      cells.add(row.get("predictedNextYear"));
      line(out, cells);
    }
    return csv(out);
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
    LocalDate from = ReportRoutes.date(query, "from");
    LocalDate to = ReportRoutes.date(query, "to");
    ReportRoutes.period(from, to, "to");
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
    boolean csv = csv(query);
    Map<String, Object> report =
        fairness.report(
            request.caller(),
            request.pathParam("id"),
            from,
            to,
            spec,
            Duration.ofMinutes(minutes == null ? 30 : minutes));
    if (!csv) {
      return ApiResponse.ok(report);
    }
    List<String> columns =
        List.of(
            "publisherId",
            "publisherType",
            "contributedValue",
            "valueShare",
            "newCustomers",
            "newCustomerShare",
            "commission",
            "commissionShare",
            "valueToPay",
            "newCustomersToPay",
            "intercepted",
            "interceptedFrom");
    StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
    for (Map<?, ?> row : rows(report.get("publishers"))) {
      List<@Nullable Object> cells = new java.util.ArrayList<>();
      for (String column : columns) {
        cells.add(row.get(column));
      }
      line(out, cells);
    }
    return csv(out);
  }

  /** Whether {@code format=csv} was asked; {@code json}, the default, otherwise. */
  private static boolean csv(QueryParams query) {
    String format = query.get("format");
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      throw new BadRequestException("format", "format: '" + format + "' is not one of json, csv");
    }
    return "csv".equals(format);
  }

  private static List<Map<?, ?>> rows(@Nullable Object list) {
    List<Map<?, ?>> rows = new java.util.ArrayList<>();
    if (list instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> row) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** One CSV line: a null as an empty cell, every cell quoted as CSV needs. */
  private static void line(StringBuilder out, List<@Nullable Object> cells) {
    List<String> texts = new java.util.ArrayList<>(cells.size());
    for (Object cell : cells) {
      texts.add(cell == null ? "" : CsvText.cell(cell.toString()));
    }
    out.append(String.join(",", texts)).append('\n');
  }

  private static ApiResponse csv(StringBuilder out) {
    return new ApiResponse(
        200, Map.of("content-type", CSV), out.toString().getBytes(StandardCharsets.UTF_8));
  }
}
