package dev.levier.commission;

import static java.util.Objects.requireNonNull;

import dev.levier.errors.FieldError;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.CsvBody;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.network.WireEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@code /api/v1/commissions}: what sales earn, why, and the advertiser's decisions on them. */
public final class CommissionRoutes {
  private static final String BASE = "/api/v1/commissions";
  private static final Set<String> LIST_PARAMS =
      Set.of("programmeId", "publisherId", "conversionId", "status", "limit", "cursor");
  private static final String[] ITEM_FIELDS = {"id", "action", "reason", "amount", "note"};
  static final int MAX_BULK = 10_000;

  private final CommissionService service;
  private final CommissionActions actions;

  public CommissionRoutes(CommissionService service, CommissionActions actions) {
    this.service = service;
    this.actions = actions;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.list(BASE, "listCommissions", this::list),
        ApiRoute.upload(BASE + "/bulk", "bulkChangeCommissions", this::bulk),
        ApiRoute.get(BASE + "/{id}", "getCommission", this::get),
        ApiRoute.post(BASE + "/{id}/approve", "approveCommission", r -> act(r, verb("approve"))),
        ApiRoute.post(BASE + "/{id}/decline", "declineCommission", r -> act(r, verb("decline"))),
        ApiRoute.post(BASE + "/{id}/adjust", "adjustCommission", r -> act(r, verb("adjust"))));
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
            query.get(
                "status", t -> WireEnum.wireName(WireEnum.require(CommissionStatus.class, t))));
    var rows = service.list(request.caller(), filter, query.after(), limit);
    return ApiResponse.json(200, Page.of(rows, limit, StoredCommission::id));
  }

  private ApiResponse act(ApiRequest request, CommissionActions.Verb verb) {
    JsonInput in =
        request.body().length == 0
            ? JsonInput.of("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            : JsonInput.of(request.body(), "version", "reason", "amount", "note");
    Integer version = in.optionalInteger("version", 1, Integer.MAX_VALUE);
    DeclineReason reason = in.optional("reason", t -> WireEnum.require(DeclineReason.class, t));
    String amount = in.optionalText("amount", 40);
    String note = in.optionalText("note", 1000);
    switch (verb) {
      case DECLINE -> in.requirePresent("reason");
      case ADJUST -> in.requirePresent("amount");
      case APPROVE -> {}
    }
    in.validate();
    return ApiResponse.ok(
        actions.apply(
            request.caller(),
            new CommissionActions.Request(request.pathParam("id"), verb, reason, amount, note),
            version));
  }

  /**
   * Many approvals, declines and adjustments at once, as JSON ({@code items}) or as a CSV file with
   * the columns id, action, reason, amount, note. With {@code validOnly=true} the good rows are
   * applied and the others listed; otherwise one bad row refuses the file.
   */
  private ApiResponse bulk(ApiRequest request) {
    QueryParams query = request.queryParams(Set.of("validOnly"));
    boolean validOnly = query.flag("validOnly");
    List<CommissionActions.Request> requests = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<FieldError> problems = new ArrayList<>();
    String type = request.header("content-type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
      for (CsvBody.Row row :
          CsvBody.read(
              request.body(),
              Set.of("id", "action"),
              Set.of("reason", "amount", "note"),
              MAX_BULK)) {
        String name = "rows[" + row.number() + "]";
        List<FieldError> errors = new ArrayList<>();
        CommissionActions.Request parsed =
            parse(
                row.get("id"),
                row.get("action"),
                row.get("reason"),
                row.get("amount"),
                row.get("note"),
                name,
                errors);
        collect(parsed, name, errors, requests, names, problems);
      }
    } else {
      JsonInput in = JsonInput.of(request.body(), "items", "validOnly");
      in.requirePresent("items");
      validOnly = in.bool("validOnly", validOnly);
      List<JsonInput> items = in.objects("items", 1, MAX_BULK, ITEM_FIELDS);
      if (items == null) {
        in.validate();
        return ApiResponse.ok(new CommissionActions.BulkResult(0, List.of(), List.of()));
      }
      in.validate();
      for (int i = 0; i < items.size(); i++) {
        JsonInput item = items.get(i);
        String name = "items[" + i + "]";
        List<FieldError> errors = new ArrayList<>();
        CommissionActions.Request parsed =
            parse(
                item.optionalText("id", 40),
                item.optionalText("action", 20),
                item.optionalText("reason", 40),
                item.optionalText("amount", 40),
                item.optionalText("note", 1000),
                name,
                errors);
        collect(parsed, name, errors, requests, names, problems);
      }
      // Items of the wrong JSON type (a number for an id) are malformed, whatever validOnly says.
      in.validate();
    }
    return ApiResponse.ok(actions.bulk(request.caller(), requests, names, problems, validOnly));
  }

  private static void collect(
      CommissionActions.@Nullable Request parsed,
      String name,
      List<FieldError> errors,
      List<CommissionActions.Request> requests,
      List<String> names,
      List<FieldError> problems) {
    if (parsed != null && errors.isEmpty()) {
      requests.add(parsed);
      names.add(name);
    } else {
      problems.addAll(errors);
    }
  }

  private static CommissionActions.@Nullable Request parse(
      @Nullable String id,
      @Nullable String action,
      @Nullable String reasonText,
      @Nullable String amount,
      @Nullable String note,
      String name,
      List<FieldError> errors) {
    if (id == null) {
      errors.add(new FieldError(name + ".id", "is required"));
    } else if (!dev.levier.storage.PublicIds.looksLike("com", id)) {
      errors.add(
          new FieldError(
              name + ".id", "'" + id + "' is not com_ followed by 16 base32 characters"));
    }
    CommissionActions.Verb verb = null;
    if (action == null) {
      errors.add(new FieldError(name + ".action", "is required: approve, decline or adjust"));
    } else {
      try {
        verb = verb(action);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(name + ".action", String.valueOf(e.getMessage())));
      }
    }
    DeclineReason reason = null;
    if (reasonText != null) {
      try {
        reason = WireEnum.require(DeclineReason.class, reasonText);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(name + ".reason", String.valueOf(e.getMessage())));
      }
    }
    if (verb == CommissionActions.Verb.DECLINE && reasonText == null) {
      errors.add(
          new FieldError(
              name + ".reason",
              "is required to decline: " + WireEnum.allowed(DeclineReason.class)));
    }
    if (verb == CommissionActions.Verb.ADJUST && amount == null) {
      errors.add(new FieldError(name + ".amount", "is required to adjust"));
    }
    if (id == null || verb == null || !errors.isEmpty()) {
      return null;
    }
    return new CommissionActions.Request(requireNonNull(id), verb, reason, amount, note);
  }

  private static CommissionActions.Verb verb(String text) {
    return WireEnum.require(CommissionActions.Verb.class, text);
  }
}
