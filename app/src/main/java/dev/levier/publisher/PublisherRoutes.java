package dev.levier.publisher;

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
import java.util.List;
import java.util.Set;

/** {@code /api/v1/publishers}. */
public final class PublisherRoutes {
  private static final String BASE = "/api/v1/publishers";
  private static final Set<String> LIST_PARAMS =
      Set.of("type", "country", "q", "includeArchived", "limit", "cursor");
  private static final int MAX_WEBSITES = 50;

  private final PublisherService service;

  public PublisherRoutes(PublisherService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createPublisher", this::create),
        ApiRoute.list(BASE, "listPublishers", this::list),
        ApiRoute.get(BASE + "/{id}", "getPublisher", this::get),
        ApiRoute.patch(BASE + "/{id}", "updatePublisher", this::update),
        ApiRoute.post(BASE + "/{id}/archive", "archivePublisher", this::archive));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in =
        JsonInput.of(
            request.body(),
            "name",
            "type",
            "country",
            "payoutCurrency",
            "websites",
            "contactEmail");
    in.requirePresent("name", "type", "country", "payoutCurrency");
    PublisherDraft.Changes fields = fields(in);
    in.validate();
    List<String> websites = fields.websites();
    Publisher created =
        service.create(
            request.caller(),
            new PublisherDraft(
                requireNonNull(fields.name()),
                requireNonNull(fields.type()),
                requireNonNull(fields.country()),
                requireNonNull(fields.payoutCurrency()),
                websites == null ? List.of() : websites,
                fields.contactEmail()));
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
            query.get("type", PublisherDraft::type),
            query.get("country", CountryCode::of),
            query.get("q"),
            query.flag("includeArchived"),
            query.after(),
            limit);
    return ApiResponse.json(200, Page.of(rows, limit, r -> r.id()));
  }

  private ApiResponse update(ApiRequest request) {
    JsonInput in =
        JsonInput.of(
            request.body(),
            "version",
            "name",
            "type",
            "country",
            "payoutCurrency",
            "websites",
            "contactEmail");
    Integer version = Parsers.expectedVersion(request, in);
    PublisherDraft.Changes changes = fields(in);
    in.validate();
    return ApiResponse.ok(
        service.update(
            request.caller(), request.pathParam("id"), requireNonNull(version), changes));
  }

  private ApiResponse archive(ApiRequest request) {
    return ApiResponse.ok(service.archive(request.caller(), request.pathParam("id")));
  }

  private static PublisherDraft.Changes fields(JsonInput in) {
    return new PublisherDraft.Changes(
        in.optionalText("name", 200),
        in.optional("type", PublisherDraft::type),
        in.optional("country", CountryCode::of),
        in.optional("payoutCurrency", CurrencyUnit::of),
        in.list("websites", 0, MAX_WEBSITES, PublisherDraft::website),
        in.optional("contactEmail", PublisherDraft::contactEmail));
  }
}
