package dev.levier.commission;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/commissions}: what sales earn, and why. */
public final class CommissionRoutes {
  private static final String BASE = "/api/v1/commissions";
  private static final Set<String> LIST_PARAMS =
      Set.of("programmeId", "publisherId", "conversionId", "status", "limit", "cursor");
  private static final Set<String> STATUSES = Set.of("pending", "approved", "declined");

  private final CommissionService service;

  public CommissionRoutes(CommissionService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.list(BASE, "listCommissions", this::list),
        ApiRoute.get(BASE + "/{id}", "getCommission", this::get));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(service.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    CommissionStore.Filter filter =
        new CommissionStore.Filter(
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.get("publisherId", t -> Parsers.publicId("pub", t)),
            query.get("conversionId", t -> Parsers.publicId("cnv", t)),
            query.get("status", CommissionRoutes::status));
    var rows = service.list(request.caller(), filter, query.after(), limit);
    return ApiResponse.json(200, Page.of(rows, limit, StoredCommission::id));
  }

  private static String status(String text) {
    if (!STATUSES.contains(text)) {
      throw new IllegalArgumentException("'" + text + "' is not one of approved|declined|pending");
    }
    return text;
  }
}
