package dev.levier.conversion;

import static java.util.Objects.requireNonNull;

import dev.levier.http.ApiRequest;
import dev.levier.http.ApiResponse;
import dev.levier.http.ApiRoute;
import dev.levier.http.JsonInput;
import dev.levier.http.Page;
import dev.levier.http.Parsers;
import dev.levier.http.QueryParams;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.network.WireEnum;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/conversions} (reading and changing them; intake is {@link ConversionIntake}) and
 * {@code /api/v1/touchpoints}.
 */
public final class ConversionRoutes {
  private static final String BASE = "/api/v1/conversions";
  private static final Set<String> LIST_PARAMS =
      Set.of("programmeId", "publisherId", "orderId", "status", "from", "to", "limit", "cursor");
  private static final Set<String> STATUSES = Set.of("pending", "held", "cancelled");

  private final ConversionService conversions;
  private final TouchpointService touchpoints;

  public ConversionRoutes(ConversionService conversions, TouchpointService touchpoints) {
    this.conversions = conversions;
    this.touchpoints = touchpoints;
  }

  public List<ApiRoute> routes() {
    return List.of(
        ApiRoute.list(BASE, "listConversions", this::list),
        ApiRoute.get(BASE + "/{id}", "getConversion", this::get),
        ApiRoute.patch(BASE + "/{id}", "changeConversion", this::change),
        ApiRoute.post("/api/v1/touchpoints", "reportTouchpoints", this::touchpoints));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.ok(conversions.get(request.caller(), request.pathParam("id")));
  }

  private ApiResponse list(ApiRequest request) {
    QueryParams query = request.queryParams(LIST_PARAMS);
    int limit = query.limit();
    var filter =
        new ConversionStore.ConversionFilter(
            query.get("programmeId", t -> Parsers.publicId("prg", t)),
            query.get("publisherId", t -> Parsers.publicId("pub", t)),
            query.get("orderId"),
            query.get("status", ConversionRoutes::status),
            query.get("from", Parsers::instant),
            query.get("to", Parsers::instant));
    var rows = conversions.list(request.caller(), filter, query.after(), limit);
    return ApiResponse.json(200, Page.of(rows, limit, Conversion::id));
  }

  /**
   * {@code {"action": "cancel" | "return", "reason": "...", "note": "...", "version": 3, "lines":
   * [{"lineNo": 1, "quantity": 1}, {"lineNo": 2, "amount": "5.00"}]}}.
   */
  private ApiResponse change(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "action", "reason", "note", "version", "lines");
    String action = in.required("action", ConversionRoutes::action);
    ConversionService.Reason reason = in.required("reason", ConversionRoutes::reason);
    String note = in.optionalText("note", 500);
    Integer version =
        request.header("if-match") != null
            ? Parsers.expectedVersion(request, in)
            : in.optionalInteger("version", 1, Integer.MAX_VALUE);
    Map<Integer, Integer> quantities = new LinkedHashMap<>();
    Map<Integer, String> amounts = new LinkedHashMap<>();
    List<JsonInput> lines = in.objects("lines", 1, 500, "lineNo", "quantity", "amount");
    if (lines != null) {
      for (JsonInput line : lines) {
        Integer lineNo = line.optionalInteger("lineNo", 1, 500);
        Integer quantity = line.optionalInteger("quantity", 1, 1_000_000);
        String amount = line.optionalText("amount", 30);
        if (lineNo == null) {
          line.reject("lineNo", "is required");
        } else if (quantity == null && amount == null) {
          line.reject("quantity", "give a quantity or an amount to return");
        } else {
          if (quantity != null) {
            quantities.put(lineNo, quantity);
          }
          if (amount != null) {
            amounts.put(lineNo, amount);
          }
        }
      }
    }
    if ("return".equals(action) && lines == null) {
      in.reject("lines", "is required to return part of an order");
    }
    if ("cancel".equals(action) && lines != null) {
      in.reject("lines", "must be left out to cancel the whole order");
    }
    in.validate();
    String id = request.pathParam("id");
    ConversionService.Change change;
    if ("cancel".equals(action)) {
      change = new ConversionService.Cancel();
    } else {
      CurrencyUnit currency = CurrencyUnit.of(conversions.get(request.caller(), id).currency());
      Map<Integer, Money> money = new LinkedHashMap<>();
      for (Map.Entry<Integer, String> entry : amounts.entrySet()) {
        try {
          money.put(entry.getKey(), Money.parse(entry.getValue(), currency));
        } catch (IllegalArgumentException e) {
          in.reject("lines", "line " + entry.getKey() + ": " + e.getMessage());
        }
      }
      in.validate();
      change = new ConversionService.Return(quantities, money);
    }
    return ApiResponse.ok(
        conversions.change(request.caller(), id, version, change, requireNonNull(reason), note));
  }

  /**
   * {@code {"advertiserId": "adv_...", "touchpoints": [{"visitorId" | "customerRef" |
   * "customerEmail": "...", "channel": "search", "occurredAt": "..."}]}}; an advertiser's key may
   * leave out its id.
   */
  private ApiResponse touchpoints(ApiRequest request) {
    JsonInput in = JsonInput.of(request.body(), "advertiserId", "touchpoints");
    String advertiserId = in.optional("advertiserId", t -> Parsers.publicId("adv", t));
    List<JsonInput> items =
        in.objects(
            "touchpoints",
            1,
            1000,
            "visitorId",
            "customerRef",
            "customerEmail",
            "channel",
            "occurredAt");
    if (items == null) {
      in.requirePresent("touchpoints");
    }
    List<TouchpointService.Touchpoint> touches = new java.util.ArrayList<>();
    if (items != null) {
      for (JsonInput item : items) {
        String visitor = item.optional("visitorId", t -> ConversionParser.visitorId(t));
        CustomerRef ref = item.optional("customerRef", CustomerRef::of);
        EmailHash email = item.optional("customerEmail", EmailHash::ofEmailOrHash);
        String channel = item.required("channel", ConversionParser::channel);
        java.time.Instant at = item.required("occurredAt", Parsers::instant);
        int given = (visitor == null ? 0 : 1) + (ref == null ? 0 : 1) + (email == null ? 0 : 1);
        if (given != 1 && !item.hasErrors()) {
          item.reject("visitorId", "give exactly one of visitorId, customerRef, customerEmail");
          continue;
        }
        if (channel == null || at == null) {
          continue;
        }
        if (visitor != null) {
          touches.add(new TouchpointService.Touchpoint("visitor", visitor, channel, at));
        } else if (ref != null) {
          touches.add(new TouchpointService.Touchpoint("ref", ref.value(), channel, at));
        } else if (email != null) {
          touches.add(new TouchpointService.Touchpoint("email", email.hex(), channel, at));
        }
      }
    }
    in.validate();
    String owner =
        advertiserId != null
            ? advertiserId
            : request.caller().isAdmin() ? null : request.caller().ownerId();
    if (owner == null) {
      in.reject("advertiserId", "is required");
      in.validate();
    }
    int stored = touchpoints.record(request.caller(), requireNonNull(owner), touches);
    return ApiResponse.json(201, Map.of("accepted", stored));
  }

  private static String status(String text) {
    if (!STATUSES.contains(text)) {
      throw new IllegalArgumentException("'" + text + "' is not one of pending|held|cancelled");
    }
    return text;
  }

  private static String action(String text) {
    if (!text.equals("cancel") && !text.equals("return")) {
      throw new IllegalArgumentException("'" + text + "' is not one of cancel|return");
    }
    return text;
  }

  private static ConversionService.Reason reason(String text) {
    return WireEnum.parse(ConversionService.Reason.class, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + text
                        + "' is not one of "
                        + WireEnum.allowed(ConversionService.Reason.class)));
  }
}
