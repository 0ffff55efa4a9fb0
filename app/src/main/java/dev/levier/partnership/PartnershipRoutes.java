package dev.levier.partnership;

import static java.util.Objects.requireNonNull;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.PartnershipStatus.Action;
import dev.levier.network.WireEnum;
import dev.levier.partnership.PartnershipStore.PartnershipFilter;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/partnerships}. */
public final class PartnershipRoutes {
  private static final String BASE = "/api/v1/partnerships";
  private static final Set<String> LIST_PARAMS =
      Set.of("programmeId", "publisherId", "status", "group", "includeArchived", "limit", "cursor");

  private final PartnershipService service;

  public PartnershipRoutes(PartnershipService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createPartnership", this::create),
        ApiRoute.list(BASE, "listPartnerships", this::list),
        ApiRoute.get(BASE + "/{id}", "getPartnership", this::get),
        ApiRoute.patch(BASE + "/{id}", "updatePartnership", this::update),
        ApiRoute.post(BASE + "/{id}/approve", "approvePartnership", r -> act(r, Action.APPROVE)),
        ApiRoute.post(BASE + "/{id}/decline", "declinePartnership", r -> act(r, Action.DECLINE)),
        ApiRoute.post(BASE + "/{id}/suspend", "suspendPartnership", r -> act(r, Action.SUSPEND)),
        ApiRoute.post(BASE + "/{id}/archive", "archivePartnership", this::archive));
  }

  static PartnershipStatus status(String text) {
    return WireEnum.parse(PartnershipStatus.class, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is not one of " + WireEnum.allowed(PartnershipStatus.class)));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "programmeId", "publisherId", "group", "status");
    String programmeId = in.required("programmeId", t -> Parsers.publicId("prg", t));
    String publisherId = in.optional("publisherId", t -> Parsers.publicId("pub", t));
    String group = in.optionalText("group", 100);
    PartnershipStatus status = in.optional("status", PartnershipRoutes::status);
    in.validate();
    Partnership created =
        service.create(
            request.caller(),
            new NewPartnership(requireNonNull(programmeId), publisherId, group, status));
    return ApiResponse.created(request.baseUrl() + BASE + "/" + created.id(), created);
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(service.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    PartnershipFilter filter =
        new PartnershipFilter(
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.get("publisherId", t -> Parsers.publicId("pub", t)),
            query.get("status", PartnershipRoutes::status),
            query.get("group"),
            query.flag("includeArchived"));
    var rows = service.list(request.caller(), filter, query.after(), limit);
    return ApiResponse.json(200, Page.of(rows, limit, r -> r.id()));
  }

  /** Only the group can be edited; the status moves through approve, decline and suspend. */
  private ApiResponse update(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "version", "group");
    Integer version = Parsers.expectedVersion(request, in);
    if (!in.has("group")) {
      in.reject("group", "is required: it is the only field to edit (null clears it)");
    }
    String group = in.isExplicitNull("group") ? null : in.optionalText("group", 100);
    in.validate();
    return ApiResponse.ok(
        service.updateGroup(
            request.caller(), request.pathParam("id"), requireNonNull(version), group));
  }

  private ApiResponse act(ApiRequest request, Action action) {
    @Nullable String reason = null;
    if (request.body().length > 0) {
      JsonInput in = JsonInput.of(request.body(), "reason");
      reason = in.optionalText("reason", 500);
      in.validate();
    }
    return ApiResponse.ok(service.act(request.caller(), request.pathParam("id"), action, reason));
  }

  private ApiResponse archive(ApiRequest request) {
    return ApiResponse.ok(service.archive(request.caller(), request.pathParam("id")));
  }
}
