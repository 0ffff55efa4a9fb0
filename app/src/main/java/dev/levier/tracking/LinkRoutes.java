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
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/links}. */
public final class LinkRoutes {
  private static final String BASE = "/api/v1/links";
  private static final Set<String> LIST_PARAMS =
      Set.of("partnershipId", "programmeId", "publisherId", "includeArchived", "limit", "cursor");

  private final LinkService service;

  public LinkRoutes(LinkService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createLink", this::create),
        ApiRoute.list(BASE, "listLinks", this::list),
        ApiRoute.get(BASE + "/{id}", "getLink", this::get),
        ApiRoute.post(BASE + "/{id}/archive", "archiveLink", this::archive));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "partnershipId", "url", "subIds");
    String partnershipId = in.required("partnershipId", t -> Parsers.publicId("ptn", t));
    String url = in.optional("url", LinkRoutes::url);
    SubIds subIds = subIds(in);
    in.validate();
    Link link =
        service.create(
            request.caller(), requireNonNull(partnershipId), url, subIds, request.baseUrl());
    return ApiResponse.created(request.baseUrl() + BASE + "/" + link.id(), link);
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(
        service.get(request.caller(), request.pathParam("id"), request.baseUrl()));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    var rows =
        service.list(
            request.caller(),
            query.get("partnershipId", t -> Parsers.publicId("ptn", t)),
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.get("publisherId", t -> Parsers.publicId("pub", t)),
            query.flag("includeArchived"),
            query.after(),
            limit,
            request.baseUrl());
    return ApiResponse.json(200, Page.of(rows, limit, Link::id));
  }

  private ApiResponse archive(ApiRequest request) {
    return ApiResponse.ok(
        service.archive(request.caller(), request.pathParam("id"), request.baseUrl()));
  }

  /** A deep link's shape; whether its domain is allowed is checked against the programme. */
  private static String url(String text) {
    AllowedDomains.problemWithUrlShape(text)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    return text;
  }

  private static SubIds subIds(JsonInput in) {
    JsonInput sub = in.object("subIds", "sub1", "sub2", "sub3", "sub4", "sub5");
    if (sub == null) {
      return SubIds.NONE;
    }
    @Nullable String[] values = new String[5];
    for (int n = 1; n <= 5; n++) {
      values[n - 1] = sub.optional("sub" + n, LinkRoutes::subId);
    }
    if (in.hasErrors()) {
      return SubIds.NONE;
    }
    return new SubIds(values[0], values[1], values[2], values[3], values[4]);
  }

  static String subId(String text) {
    String problem = SubIds.problemWith(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return text;
  }
}
