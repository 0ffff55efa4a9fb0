package dev.levier.commission;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.Json;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/programmes/{id}/rulesets}: drafts, publication and what-if simulation. */
public final class RuleSetRoutes {
  private static final String BASE = "/api/v1/programmes/{id}/rulesets";
  private static final Set<String> LIST_PARAMS = Set.of("status", "limit", "cursor");
  private static final String[] CREATE_FIELDS = {
    "name", "resolution", "rules", "caps", "monthlyCaps", "tiers", "bonuses"
  };
  private static final String[] UPDATE_FIELDS = {
    "version", "name", "resolution", "rules", "caps", "monthlyCaps", "tiers", "bonuses"
  };

  private final RuleSetService service;
  private final CommissionSimulator simulator;

  public RuleSetRoutes(RuleSetService service, CommissionSimulator simulator) {
    this.service = service;
    this.simulator = simulator;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post(BASE, "createRuleSet", this::create),
        ApiRoute.list(BASE, "listRuleSets", this::list),
        ApiRoute.get(BASE + "/{ruleSetId}", "getRuleSet", this::get),
        ApiRoute.patch(BASE + "/{ruleSetId}", "updateRuleSet", this::update),
        ApiRoute.post(BASE + "/{ruleSetId}/publish", "publishRuleSet", this::publish),
        ApiRoute.post(BASE + "/{ruleSetId}/simulate", "simulateRuleSet", this::simulate));
  }

  private ApiResponse create(ApiRequest request) {
    String programmeId = request.pathParam("id");
    RuleSetStore.ProgrammeRef programme = service.programme(request.caller(), programmeId);
    JsonInput in = JsonInput.of(request.body(), CREATE_FIELDS);
    String name = in.requiredText("name", 200);
    RuleSetJson.Content content = RuleSetJson.read(in, programme.currency());
    in.validate();
    StoredRuleSet created =
        service.create(
            request.caller(), programmeId, requireNonNull(name), requireNonNull(content));
    return ApiResponse.created(
        request.baseUrl() + "/api/v1/programmes/" + programmeId + "/rulesets/" + created.id(),
        created);
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    String status = query.get("status", RuleSetRoutes::status);
    var rows =
        service.list(request.caller(), request.pathParam("id"), status, query.after(), limit);
    return ApiResponse.json(200, Page.of(rows, limit, StoredRuleSet::id));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(
        service.get(request.caller(), request.pathParam("id"), request.pathParam("ruleSetId")));
  }

  /**
   * Changes a draft. Fields left out keep their value: sending only {@code caps} keeps the rules.
   */
  private ApiResponse update(ApiRequest request) {
    String programmeId = request.pathParam("id");
    String id = request.pathParam("ruleSetId");
    StoredRuleSet current = service.get(request.caller(), programmeId, id);
    JsonInput in = JsonInput.of(request.body(), UPDATE_FIELDS);
    Integer version = Parsers.expectedVersion(request, in);
    String name = in.optionalText("name", 200);
    in.validate();
    ObjectNode merged = Json.mapper().createObjectNode();
    merged.put("resolution", current.resolution());
    merged.set("rules", Json.mapper().valueToTree(current.rules()));
    merged.set("caps", Json.mapper().valueToTree(current.caps()));
    merged.set("monthlyCaps", Json.mapper().valueToTree(current.monthlyCaps()));
    merged.set("tiers", Json.mapper().valueToTree(current.tiers()));
    merged.set("bonuses", Json.mapper().valueToTree(current.bonuses()));
    JsonNode body = Json.parse(request.body());
    for (String field : RuleSetJson.FIELDS) {
      if (body.has(field)) {
        merged.set(field, body.get(field));
      }
    }
    JsonInput content = JsonInput.of(merged, RuleSetJson.FIELDS);
    RuleSetJson.Content read =
        RuleSetJson.read(content, dev.levier.money.CurrencyUnit.of(current.currency()));
    content.validate();
    return ApiResponse.ok(
        service.update(
            request.caller(),
            programmeId,
            id,
            requireNonNull(version),
            name,
            requireNonNull(read)));
  }

  private ApiResponse publish(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "version", "effectiveFrom");
    Integer version = Parsers.expectedVersion(request, in);
    Instant effectiveFrom = in.optional("effectiveFrom", Parsers::instant);
    in.validate();
    return ApiResponse.ok(
        service.publish(
            request.caller(),
            request.pathParam("id"),
            request.pathParam("ruleSetId"),
            requireNonNull(version),
            effectiveFrom));
  }

  private ApiResponse simulate(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "from", "to");
    Instant from = in.required("from", Parsers::instant);
    Instant to = in.required("to", Parsers::instant);
    if (from != null && to != null && !from.isBefore(to)) {
      in.reject("to", "must be after from");
    }
    in.validate();
    return ApiResponse.ok(
        simulator.simulate(
            request.caller(),
            request.pathParam("id"),
            request.pathParam("ruleSetId"),
            requireNonNull(from),
            requireNonNull(to)));
  }

  private static String status(String text) {
    if (!text.equals(StoredRuleSet.DRAFT) && !text.equals(StoredRuleSet.PUBLISHED)) {
      throw new IllegalArgumentException("'" + text + "' is not one of draft|published");
    }
    return text;
  }
}
