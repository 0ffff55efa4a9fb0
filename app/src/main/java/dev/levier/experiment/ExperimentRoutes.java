package dev.levier.experiment;

import static java.util.Objects.requireNonNull;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.tracking.HoldoutSplit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/v1/experiments}. */
public final class ExperimentRoutes {
  private static final String BASE = "/api/v1/experiments";
  private static final Set<String> LIST_PARAMS =
      Set.of("partnershipId", "programmeId", "limit", "cursor");
  private static final Pattern PERCENT = Pattern.compile("\\d{1,3}(\\.\\d{1,2})?");

  private final ExperimentService service;

  public ExperimentRoutes(ExperimentService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createExperiment", this::create),
        ApiRoute.list(BASE, "listExperiments", this::list),
        ApiRoute.get(BASE + "/{id}", "getExperiment", this::get),
        ApiRoute.post(BASE + "/{id}/stop", "stopExperiment", this::stop));
  }

  /**
   * The share held out, a decimal string of percent with at most two decimals, more than 0 and at
   * most 50, in basis points: "10" is 1000, "12.5" 1250.
   */
  static int holdoutBasisPoints(String text) {
    if (!PERCENT.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be a percentage as a decimal string with at most two decimals, such as \"10\" or"
              + " \"12.5\"");
    }
    BigDecimal percent = new BigDecimal(text);
    if (percent.signum() <= 0
        || percent.compareTo(BigDecimal.valueOf(HoldoutSplit.MAX_HOLDOUT_BASIS_POINTS, 2)) > 0) {
      throw new IllegalArgumentException(
          "must be more than 0 and at most 50: a holdout larger than the treated group costs"
              + " more reward-free traffic than it teaches, was "
              + text);
    }
    return percent.movePointRight(2).intValueExact();
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in =
        JsonInput.of(
            request.body(), "partnershipId", "holdoutPercent", "startsAt", "endsAt", "splitSeed");
    String partnershipId = in.required("partnershipId", t -> Parsers.publicId("ptn", t));
    Integer basisPoints = in.required("holdoutPercent", ExperimentRoutes::holdoutBasisPoints);
    Instant startsAt = in.optional("startsAt", Parsers::instant);
    Instant endsAt = in.optional("endsAt", Parsers::instant);
    Integer splitSeed = in.optionalInteger("splitSeed", 0, Integer.MAX_VALUE);
    in.validate();
    Experiment created =
        service.create(
            request.caller(),
            requireNonNull(partnershipId),
            requireNonNull(basisPoints),
            startsAt,
            endsAt,
            splitSeed);
    return ApiResponse.created(request.baseUrl() + BASE + "/" + created.id(), created);
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(service.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    var rows =
        service.list(
            request.caller(),
            query.get("partnershipId", t -> Parsers.publicId("ptn", t)),
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.after(),
            limit);
    return ApiResponse.json(200, Page.of(rows, limit, Experiment::id));
  }

  private ApiResponse stop(ApiRequest request) {
    return ApiResponse.ok(service.stop(request.caller(), request.pathParam("id")));
  }
}
