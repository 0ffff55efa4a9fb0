package dev.levier.tracking;

import static java.util.Objects.requireNonNull;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/coupons}. */
public final class CouponRoutes {
  private static final String BASE = "/api/v1/coupons";
  private static final Set<String> LIST_PARAMS =
      Set.of("partnershipId", "publisherId", "code", "includeArchived", "limit", "cursor");

  private final CouponService service;

  public CouponRoutes(CouponService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createCoupon", this::create),
        ApiRoute.list(BASE, "listCoupons", this::list),
        ApiRoute.get(BASE + "/{id}", "getCoupon", this::get),
        ApiRoute.post(BASE + "/{id}/archive", "archiveCoupon", this::archive));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "partnershipId", "code");
    String partnershipId = in.required("partnershipId", t -> Parsers.publicId("ptn", t));
    String code = in.required("code", CouponService::code);
    in.validate();
    Coupon coupon =
        service.create(request.caller(), requireNonNull(partnershipId), requireNonNull(code));
    return ApiResponse.created(request.baseUrl() + BASE + "/" + coupon.id(), coupon);
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
            query.get("publisherId", t -> Parsers.publicId("pub", t)),
            query.get("code", CouponService::code),
            query.flag("includeArchived"),
            query.after(),
            limit);
    return ApiResponse.json(200, Page.of(rows, limit, Coupon::id));
  }

  private ApiResponse archive(ApiRequest request) {
    return ApiResponse.ok(service.archive(request.caller(), request.pathParam("id")));
  }
}
