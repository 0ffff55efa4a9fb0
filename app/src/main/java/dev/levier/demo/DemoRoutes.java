package dev.levier.demo;

import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import java.util.List;

/** {@code /api/v1/demo/summary}: the latest summary of {@code levier demo}, kept by the server. */
public final class DemoRoutes {
  private static final String PATH = "/api/v1/demo/summary";

  private final DemoSummaries summaries;

  public DemoRoutes(DemoSummaries summaries) {
    this.summaries = summaries;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get(PATH, "getDemoSummary", r -> ApiResponse.ok(summaries.latest(r.caller()))),
        ApiRoute.put(
            PATH, "saveDemoSummary", r -> ApiResponse.ok(summaries.save(r.caller(), r.body()))));
  }
}
