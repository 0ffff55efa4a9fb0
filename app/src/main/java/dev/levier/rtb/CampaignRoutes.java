package dev.levier.rtb;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.QueryParams;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/campaigns}. */
public final class CampaignRoutes {
  private static final String BASE = "/api/v1/campaigns";
  private static final Set<String> LIST_PARAMS = Set.of("limit", "cursor");

  private final CampaignService service;

  public CampaignRoutes(CampaignService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createCampaign", this::create),
        ApiRoute.list(BASE, "listCampaigns", this::list),
        ApiRoute.get(BASE + "/{id}", "getCampaign", this::get),
        ApiRoute.post(BASE + "/{id}/pause", "pauseCampaign", r -> status(r, "paused")),
        ApiRoute.post(BASE + "/{id}/resume", "resumeCampaign", r -> status(r, "active")),
        ApiRoute.patch(
            BASE + "/{id}/line-items/{lineItemId}", "updateLineItem", this::changeLineItem),
        ApiRoute.post(BASE + "/{id}/creatives", "addCreative", this::addCreative));
  }

  private ApiResponse create(ApiRequest request) {
    Campaign campaign = service.create(request.caller(), request.body(), request.baseUrl());
    return ApiResponse.created(request.baseUrl() + BASE + "/" + campaign.id(), campaign);
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(
        service.get(request.caller(), request.pathParam("id"), request.baseUrl()));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    var rows = service.list(request.caller(), query.after(), limit, request.baseUrl());
    return ApiResponse.json(200, Page.of(rows, limit, Campaign::id));
  }

  /** Some fields of a line item, and optionally the campaign's {@code version}. */
  private ApiResponse changeLineItem(ApiRequest request) {
    return ApiResponse.ok(
        service.changeLineItem(
            request.caller(),
            request.pathParam("id"),
            request.pathParam("lineItemId"),
            request.body(),
            request.baseUrl()));
  }

  /** One creative, and optionally the campaign's {@code version}. */
  private ApiResponse addCreative(ApiRequest request) {
    Campaign campaign =
        service.addCreative(
            request.caller(), request.pathParam("id"), request.body(), request.baseUrl());
    return ApiResponse.created(request.baseUrl() + BASE + "/" + campaign.id(), campaign);
  }

  /** {@code {"version": 2}}, optional: with it, a concurrent change answers 409. */
  private ApiResponse status(ApiRequest request, String status) {
    Integer version = null;
    if (request.body().length > 0) {
      JsonInput in = JsonInput.of(request.body(), "version");
      version = in.optionalInteger("version", 1, Integer.MAX_VALUE);
      in.validate();
    }
    return ApiResponse.ok(
        service.setStatus(
            request.caller(), request.pathParam("id"), status, version, request.baseUrl()));
  }
}
