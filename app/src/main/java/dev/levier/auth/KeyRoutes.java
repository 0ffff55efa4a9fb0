package dev.levier.auth;

import static java.util.Objects.requireNonNull;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.network.WireEnum;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/keys}. */
public final class KeyRoutes {
  private static final String BASE = "/api/v1/keys";
  private static final Set<String> LIST_PARAMS =
      Set.of("role", "includeRevoked", "limit", "cursor");

  private final KeyService service;

  public KeyRoutes(KeyService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createKey", this::create),
        ApiRoute.list(BASE, "listKeys", this::list),
        ApiRoute.get(BASE + "/{id}", "getKey", this::get),
        ApiRoute.post(BASE + "/{id}/revoke", "revokeKey", this::revoke));
  }

  /** Parses a role by its lower-case name. */
  public static Role role(String text) {
    return WireEnum.parse(Role.class, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is not one of " + WireEnum.allowed(Role.class)));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "role", "ownerId", "label");
    Role role = in.required("role", KeyRoutes::role);
    String ownerId =
        in.optional(
            "ownerId",
            t -> role == Role.PUBLISHER ? Parsers.publicId("pub", t) : Parsers.publicId("adv", t));
    String label = in.optionalText("label", 200);
    in.validate();
    IssuedKey issued = service.issue(request.caller(), requireNonNull(role), ownerId, label);
    return ApiResponse.created(request.baseUrl() + BASE + "/" + issued.id(), issued);
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
            query.get("role", KeyRoutes::role),
            query.flag("includeRevoked"),
            query.after(),
            limit);
    return ApiResponse.json(200, Page.of(rows, limit, r -> r.id()));
  }

  private ApiResponse revoke(ApiRequest request) {
    return ApiResponse.ok(service.revoke(request.caller(), request.pathParam("id")));
  }
}
