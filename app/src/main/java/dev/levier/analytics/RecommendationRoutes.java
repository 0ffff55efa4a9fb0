package dev.levier.analytics;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.QueryParams;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/publishers/{id}/recommendations} and {@code
 * /api/v1/programmes/{id}/recommendations}: programmes to join, publishers to invite.
 */
public final class RecommendationRoutes {
  private static final Set<String> PARAMS = Set.of("limit");
  private static final int MAX_LIMIT = 100;

  private final RecommendationService recommendations;

  public RecommendationRoutes(RecommendationService recommendations) {
    this.recommendations = recommendations;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.query(
            "/api/v1/publishers/{id}/recommendations",
            "recommendProgrammes",
            request ->
                ApiResponse.ok(
                    recommendations.programmesFor(
                        request.caller(), request.pathParam("id"), limit(request)))),
        ApiRoute.query(
            "/api/v1/programmes/{id}/recommendations",
            "recommendPublishers",
            request ->
                ApiResponse.ok(
                    recommendations.publishersFor(
                        request.caller(), request.pathParam("id"), limit(request)))));
  }

  /** {@code limit}: 1 to 100, default 10. */
  private static int limit(ApiRequest request) {
    QueryParams query = request.queryParams(PARAMS);
    Integer limit =
        query.get(
            "limit",
            text -> {
              try {
                int value = Integer.parseInt(text);
                if (value >= 1 && value <= MAX_LIMIT) {
                  return value;
                }
              } catch (NumberFormatException e) {
                // reported below
              }
              throw new IllegalArgumentException("must be a whole number from 1 to " + MAX_LIMIT);
            });
    return limit == null ? 10 : limit;
  }
}
