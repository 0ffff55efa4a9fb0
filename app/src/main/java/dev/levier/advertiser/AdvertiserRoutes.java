package dev.levier.advertiser;

import static java.util.Objects.requireNonNull;

import dev.levier.geo.CountryCode;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.money.CurrencyUnit;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/advertisers}. */
public final class AdvertiserRoutes {
  private static final String BASE = "/api/v1/advertisers";
  private static final Set<String> LIST_PARAMS =
      Set.of("country", "currency", "q", "includeArchived", "limit", "cursor");

  private final AdvertiserService service;

  public AdvertiserRoutes(AdvertiserService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createAdvertiser", this::create),
        ApiRoute.list(BASE, "listAdvertisers", this::list),
        ApiRoute.get(BASE + "/{id}", "getAdvertiser", this::get),
        ApiRoute.patch(BASE + "/{id}", "updateAdvertiser", this::update),
        ApiRoute.post(BASE + "/{id}/archive", "archiveAdvertiser", this::archive),
        ApiRoute.post(
            BASE + "/{id}/postback-secret",
            "rotatePostbackSecret",
            r ->
                ApiResponse.json(
                    200, service.rotatePostbackSecret(r.caller(), r.pathParam("id")))));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "name", "country", "currency", "timeZone");
    String name = in.requiredText("name", 200);
    CountryCode country = in.required("country", CountryCode::of);
    CurrencyUnit currency = in.required("currency", CurrencyUnit::of);
    ZoneId zone = in.required("timeZone", Parsers::timeZone);
    in.validate();
    Advertiser created =
        service.create(
            request.caller(),
            new AdvertiserDraft(
                requireNonNull(name),
                requireNonNull(country),
                requireNonNull(currency),
                requireNonNull(zone)));
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
            query.get("country", CountryCode::of),
            query.get("currency", CurrencyUnit::of),
            query.get("q"),
            query.flag("includeArchived"),
            query.after(),
            limit);
    return ApiResponse.json(200, Page.of(rows, limit, r -> r.id()));
  }

  private ApiResponse update(ApiRequest request) {
    JsonInput in =
        JsonInput.of(request.body(), "version", "name", "country", "currency", "timeZone");
    Integer version = Parsers.expectedVersion(request, in);
    AdvertiserChanges changes =
        new AdvertiserChanges(
            in.optionalText("name", 200),
            in.optional("country", CountryCode::of),
            in.optional("currency", CurrencyUnit::of),
            in.optional("timeZone", Parsers::timeZone));
    in.validate();
    return ApiResponse.ok(
        service.update(
            request.caller(), request.pathParam("id"), requireNonNull(version), changes));
  }

  private ApiResponse archive(ApiRequest request) {
    return ApiResponse.ok(service.archive(request.caller(), request.pathParam("id")));
  }
}
