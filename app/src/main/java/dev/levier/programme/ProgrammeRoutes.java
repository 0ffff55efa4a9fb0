package dev.levier.programme;

import static java.util.Objects.requireNonNull;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.ProgrammeStatus;
import dev.levier.network.WireEnum;
import dev.levier.programme.ProgrammeStore.ProgrammeFilter;
import dev.levier.tracking.AllowedDomains;
import dev.levier.tracking.DomainPattern;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/programmes}. */
public final class ProgrammeRoutes {
  private static final String BASE = "/api/v1/programmes";
  private static final Set<String> LIST_PARAMS =
      Set.of("advertiserId", "status", "currency", "q", "includeArchived", "limit", "cursor");
  private static final String[] FIELDS = {
    "name",
    "currency",
    "landingUrl",
    "allowedDomains",
    "attributionWindowDays",
    "validationDays",
    "clickIdParam",
    "lapsedAfterDays",
    "countries",
    "minClickSeconds",
    "status"
  };

  private final ProgrammeService service;

  public ProgrammeRoutes(ProgrammeService service) {
    this.service = service;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createProgramme", this::create),
        ApiRoute.list(BASE, "listProgrammes", this::list),
        ApiRoute.get(BASE + "/{id}", "getProgramme", this::get),
        ApiRoute.patch(BASE + "/{id}", "updateProgramme", this::update),
        ApiRoute.post(BASE + "/{id}/archive", "archiveProgramme", this::archive));
  }

  /** Parses a programme status: active, paused or closed. */
  static ProgrammeStatus status(String text) {
    return WireEnum.parse(ProgrammeStatus.class, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is not one of " + WireEnum.allowed(ProgrammeStatus.class)));
  }

  private ApiResponse create(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), with(FIELDS, "advertiserId"));
    String advertiserId = in.optional("advertiserId", t -> Parsers.publicId("adv", t));
    in.requirePresent("name", "landingUrl", "allowedDomains");
    ProgrammeChanges fields = fields(in);
    in.validate();
    Programme created =
        service.create(request.caller(), new NewProgramme(advertiserId, fields.currency(), fields));
    return ApiResponse.created(request.baseUrl() + BASE + "/" + created.id(), created);
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(service.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    ProgrammeFilter filter =
        new ProgrammeFilter(
            query.get("advertiserId", t -> Parsers.publicId("adv", t)),
            query.get("status", ProgrammeRoutes::status),
            query.get("currency", CurrencyUnit::of),
            query.get("q"),
            query.flag("includeArchived"));
    var rows = service.list(request.caller(), filter, query.after(), limit);
    return ApiResponse.json(200, Page.of(rows, limit, r -> r.id()));
  }

  private ApiResponse update(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), with(FIELDS, "version"));
    Integer version = Parsers.expectedVersion(request, in);
    ProgrammeChanges changes = fields(in);
    in.validate();
    return ApiResponse.ok(
        service.update(
            request.caller(), request.pathParam("id"), requireNonNull(version), changes));
  }

  private ApiResponse archive(ApiRequest request) {
    return ApiResponse.ok(service.archive(request.caller(), request.pathParam("id")));
  }

  private static ProgrammeChanges fields(JsonInput in) {
    List<DomainPattern> domains = in.list("allowedDomains", 1, 100, DomainPattern::parse);
    return new ProgrammeChanges(
        in.optionalText("name", 200),
        in.optional("currency", CurrencyUnit::of),
        in.optional("landingUrl", ProgrammeDraft::landingUrl),
        domains == null ? null : new AllowedDomains(domains),
        in.optionalInteger("attributionWindowDays", 1, 365),
        in.optionalInteger("validationDays", 0, 365),
        in.optional("clickIdParam", ProgrammeDraft::clickIdParam),
        in.optionalInteger("lapsedAfterDays", 1, 10_000),
        in.list("countries", 0, 250, dev.levier.geo.CountryCode::of),
        in.optionalInteger("minClickSeconds", 0, 3_600),
        in.optional("status", ProgrammeRoutes::status));
  }

  private static String[] with(String[] fields, String extra) {
    String[] all = java.util.Arrays.copyOf(fields, fields.length + 1);
    all[fields.length] = extra;
    return all;
  }
}
