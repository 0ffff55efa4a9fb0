package dev.levier.rtb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.BadRequestException;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.http.Json;
import dev.levier.http.JsonInput;
import dev.levier.http.Parsers;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.PublicIds;
import dev.levier.storage.Sql;
import dev.levier.storage.Where;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Campaigns of an advertiser, with their line items and creatives. The advertiser (or the admin)
 * creates, reads, pauses and resumes its own and changes their line items; publishers have no part
 * in them (403), and another advertiser's campaign answers 404. A change reaches the bidder's index
 * before the answer.
 */
public final class CampaignService {
  static final String KIND = "campaign";
  static final String LINE_ITEM_KIND = "line item";

  /** Creatives of one campaign, at most. */
  private static final int MAX_CREATIVES = 50;

  static final String CLICK_PATH = "/rtb/click/";
  private static final String[] CAMPAIGN_FIELDS = {
    "advertiserId", "name", "currency", "timeZone", "lineItems", "creatives"
  };
  private static final String FROM =
      "SELECT c.id, c.public_id, a.public_id AS advertiser_public_id, c.name, c.currency,"
          + " c.time_zone, c.status, c.version, c.created_at, c.updated_at FROM campaign c"
          + " JOIN advertiser a ON a.id = c.advertiser_id";

  private final Database database;
  private final Clock clock;
  private final ChangeListener changes;

  public CampaignService(Database database, Clock clock, ChangeListener changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  public Campaign create(Principal caller, byte[] body, String baseUrl) {
    refusePublishers(caller);
    JsonNode parsed = Json.parse(body);
    if (!(parsed instanceof ObjectNode root)) {
      throw new BadRequestException("body", "the body must be a JSON object");
    }
    JsonInput in = JsonInput.of(root, CAMPAIGN_FIELDS);
    String advertiserId = in.optional("advertiserId", t -> Parsers.publicId("adv", t));
    String name = in.requiredText("name", 200);
    CurrencyUnit givenCurrency = in.optional("currency", CurrencyUnit::of);
    ZoneId givenZone = in.optional("timeZone", Parsers::timeZone);
    String owner = advertiserId != null ? advertiserId : caller.isAdmin() ? null : caller.owner();
    if (owner == null) {
      in.reject("advertiserId", "is required");
      in.validate();
    }
    String advertiser = java.util.Objects.requireNonNull(owner);
    if (!caller.isAdmin() && !caller.isAdvertiser(advertiser)) {
      throw ValidationException.of("advertiserId", "advertiser " + advertiser + " not found");
    }
    Defaults defaults =
        database
            .transaction(c -> defaults(c, advertiser))
            .orElseThrow(
                () ->
                    ValidationException.of(
                        "advertiserId", "advertiser " + advertiser + " not found"));
    CurrencyUnit currency = givenCurrency == null ? defaults.currency() : givenCurrency;
    ZoneId zone = givenZone == null ? defaults.zone() : givenZone;
    List<JsonInput> lineItems = in.objects("lineItems", 1, 100, CampaignInput.LINE_ITEM_FIELDS);
    List<JsonInput> creatives =
        in.objects("creatives", 1, MAX_CREATIVES, CampaignInput.CREATIVE_FIELDS);
    in.requirePresent("name", "lineItems", "creatives");
    List<ObjectNode> lineItemSpecs = new ArrayList<>();
    if (lineItems != null) {
      for (int i = 0; i < lineItems.size(); i++) {
        if (lineItems.get(i).has("creatives")) {
          lineItems
              .get(i)
              .reject(
                  "creatives",
                  "creatives get their ids when the campaign is created; a new line item serves"
                      + " them all, and changing it chooses among them");
        }
        CampaignInput.lineItem(lineItems.get(i), currency);
        lineItemSpecs.add((ObjectNode) root.get("lineItems").get(i));
      }
    }
    List<ObjectNode> creativeSpecs = new ArrayList<>();
    if (creatives != null) {
      for (int i = 0; i < creatives.size(); i++) {
        CampaignInput.creative(creatives.get(i), "-");
        creativeSpecs.add((ObjectNode) root.get("creatives").get(i));
      }
    }
    in.validate();
    String campaignName = java.util.Objects.requireNonNull(name);
    Instant now = Sql.now(clock);
    String id = PublicIds.next("cmp");
    return database.change(
        changes,
        c -> {
          long row =
              Sql.insert(
                  c,
                  "INSERT INTO campaign (public_id, advertiser_id, name, currency, time_zone,"
                      + " status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active',"
                      + " 1, ?, ?)",
                  id,
                  defaults.row(),
                  campaignName,
                  currency,
                  zone,
                  now,
                  now);
          for (ObjectNode spec : lineItemSpecs) {
            CampaignInput.Draft draft =
                java.util.Objects.requireNonNull(
                    CampaignInput.lineItem(
                        JsonInput.of(spec, CampaignInput.LINE_ITEM_FIELDS), currency));
            Sql.insert(
                c,
                "INSERT INTO line_item (public_id, campaign_id, name, starts_at, ends_at,"
                    + " daily_budget_micros, total_budget_micros, spec, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                PublicIds.next("lit"),
                row,
                draft.name(),
                draft.start(),
                draft.end(),
                draft.dailyBudgetMicros(),
                draft.totalBudgetMicros(),
                spec.toString(),
                now,
                now);
          }
          for (ObjectNode spec : creativeSpecs) {
            insertCreative(c, row, spec, now);
          }
          return find(c, caller, id, baseUrl);
        });
  }

  public Campaign get(Principal caller, String id, String baseUrl) {
    refusePublishers(caller);
    return database.transaction(c -> find(c, caller, id, baseUrl));
  }

  public List<Campaign> list(Principal caller, @Nullable String after, int limit, String baseUrl) {
    refusePublishers(caller);
    return database.transaction(
        c -> {
          Where where = visibleTo(caller, new Where());
          where.after("c", "campaign", after);
          List<String> ids =
              Sql.query(
                  c,
                  "SELECT c.public_id FROM campaign c JOIN advertiser a ON a.id = c.advertiser_id"
                      + where.sql()
                      + " ORDER BY c.id LIMIT ?",
                  r -> Sql.requiredString(r, "public_id"),
                  where.params(limit + 1));
          List<Campaign> campaigns = new ArrayList<>();
          for (String id : ids) {
            campaigns.add(find(c, caller, id, baseUrl));
          }
          return campaigns;
        });
  }

  /** Pauses or resumes: the bidder follows before the answer is sent. */
  public Campaign setStatus(
      Principal caller, String id, String status, @Nullable Integer version, String baseUrl) {
    refusePublishers(caller);
    return change(
        caller,
        id,
        version,
        baseUrl,
        (c, current, now) ->
            !current.status().equals(status)
                && Sql.update(
                        c,
                        "UPDATE campaign SET status = ?, version = version + 1, updated_at = ?"
                            + " WHERE public_id = ?",
                        status,
                        now,
                        id)
                    > 0);
  }

  /**
   * Changes a line item: the fields given replace the stored ones whole ({@code targeting} and
   * {@code frequencyCaps} included), a {@code null} clears an optional one, and the result is
   * checked as a new line item is, its mistakes named by field. Spend already counted stays: the
   * bidder keeps the line item's counters and follows the new limits before the answer is sent. The
   * campaign's version moves, so that other nodes and concurrent editors see the change.
   */
  public Campaign changeLineItem(
      Principal caller, String campaignId, String lineItemId, byte[] body, String baseUrl) {
    refusePublishers(caller);
    Edit edit = Edit.read(body, CampaignInput.LINE_ITEM_FIELDS);
    return change(
        caller,
        campaignId,
        edit.version(),
        baseUrl,
        (c, current, now) -> {
          Object[] stored =
              Sql.queryOne(
                      c,
                      "SELECT li.id, li.campaign_id, li.spec FROM line_item li"
                          + " JOIN campaign c ON c.id = li.campaign_id"
                          + " WHERE li.public_id = ? AND c.public_id = ?",
                      r ->
                          new Object[] {
                            r.getLong("id"), r.getLong("campaign_id"), Sql.requiredString(r, "spec")
                          },
                      lineItemId,
                      campaignId)
                  .orElseThrow(() -> new NotFoundException(LINE_ITEM_KIND, lineItemId));
          ObjectNode spec =
              (ObjectNode)
                  Json.parse(
                      ((String) stored[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          ObjectNode next = spec.deepCopy();
          edit.fields()
              .properties()
              .forEach(
                  field -> {
                    if (field.getValue().isNull()) {
                      next.remove(field.getKey());
                    } else {
                      next.set(field.getKey(), field.getValue());
                    }
                  });
          if (next.equals(spec)) {
            return false;
          }
          JsonInput checked = JsonInput.of(next, CampaignInput.LINE_ITEM_FIELDS);
          CampaignInput.Draft draft = CampaignInput.lineItem(checked, current.currency());
          refuseOtherCreatives(checked, next, current);
          checked.validate();
          CampaignInput.Draft valid = java.util.Objects.requireNonNull(draft);
          Sql.update(
              c,
              "UPDATE line_item SET name = ?, starts_at = ?, ends_at = ?, daily_budget_micros = ?,"
                  + " total_budget_micros = ?, spec = ?, updated_at = ? WHERE id = ?",
              valid.name(),
              valid.start(),
              valid.end(),
              valid.dailyBudgetMicros(),
              valid.totalBudgetMicros(),
              next.toString(),
              now,
              stored[0]);
          changed(c, (Long) stored[1], now);
          return true;
        });
  }

  /**
   * Adds a creative to a campaign, checked as on creation: its line items that serve all the
   * campaign's creatives bid with it before the answer is sent; those that name theirs serve it
   * once it is named.
   */
  public Campaign addCreative(Principal caller, String campaignId, byte[] body, String baseUrl) {
    refusePublishers(caller);
    Edit edit = Edit.read(body, CampaignInput.CREATIVE_FIELDS);
    JsonInput checked = JsonInput.of(edit.fields(), CampaignInput.CREATIVE_FIELDS);
    CampaignInput.creative(checked, "-");
    checked.validate();
    return change(
        caller,
        campaignId,
        edit.version(),
        baseUrl,
        (c, current, now) -> {
          if (current.creatives().size() >= MAX_CREATIVES) {
            throw new ConflictException(
                "campaign " + campaignId + " has " + MAX_CREATIVES + " creatives, the most it may");
          }
          long row =
              Sql.queryOne(
                      c,
                      "SELECT id FROM campaign WHERE public_id = ?",
                      r -> r.getLong("id"),
                      campaignId)
                  .orElseThrow(() -> new NotFoundException(KIND, campaignId));
          insertCreative(c, row, edit.fields(), now);
          changed(c, row, now);
          return true;
        });
  }

  /** What a change writes, given the campaign as it is; false when there is nothing to write. */
  @FunctionalInterface
  private interface Change {
    boolean write(Connection c, Campaign current, Instant now) throws SQLException;
  }

  /**
   * Changes the caller's campaign, refused with 409 if the caller read another version than the
   * current one; the bidder follows before the changed campaign is returned.
   */
  private Campaign change(
      Principal caller, String id, @Nullable Integer version, String baseUrl, Change change) {
    Instant now = Sql.now(clock);
    return database.change(
        changes,
        c -> {
          Campaign current = find(c, caller, id, baseUrl);
          requireVersion(current, version);
          return change.write(c, current, now) ? find(c, caller, id, baseUrl) : current;
        });
  }

  /** Records a problem for each creative a line item names that is not one of its campaign's. */
  private static void refuseOtherCreatives(JsonInput in, ObjectNode spec, Campaign campaign) {
    java.util.Set<String> own = new java.util.HashSet<>();
    campaign.creatives().forEach(creative -> own.add(creative.id()));
    JsonNode named = spec.path("creatives");
    for (int i = 0; i < named.size(); i++) {
      String id = named.get(i).asText();
      // A malformed id is reported by the line item's own reading.
      if (PublicIds.looksLike("crv", id) && !own.contains(id)) {
        in.reject(
            "creatives[" + i + "]", "'" + id + "' is not a creative of campaign " + campaign.id());
      }
    }
  }

  /**
   * A change's body: the fields of a line item or creative, and apart from them the campaign's
   * version the caller read, if given.
   */
  private record Edit(ObjectNode fields, @Nullable Integer version) {
    static Edit read(byte[] body, String[] allowed) {
      JsonNode parsed = Json.parse(body);
      if (!(parsed instanceof ObjectNode fields)) {
        throw new BadRequestException("body", "the body must be a JSON object");
      }
      String[] withVersion = java.util.Arrays.copyOf(allowed, allowed.length + 1);
      withVersion[allowed.length] = "version";
      JsonInput in = JsonInput.of(fields, withVersion);
      Integer version = in.optionalInteger("version", 1, Integer.MAX_VALUE);
      in.validate();
      fields.remove("version");
      return new Edit(fields, version);
    }
  }

  private static void insertCreative(Connection c, long campaignRow, ObjectNode spec, Instant now)
      throws SQLException {
    Sql.insert(
        c,
        "INSERT INTO creative (public_id, campaign_id, format, spec, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        PublicIds.next("crv"),
        campaignRow,
        spec.path("format").asText(),
        spec.toString(),
        now);
  }

  /** A campaign's line items or creatives changed: its version moves, for editors and nodes. */
  private static void changed(Connection c, long campaignRow, Instant now) throws SQLException {
    Sql.update(
        c,
        "UPDATE campaign SET version = version + 1, updated_at = ? WHERE id = ?",
        now,
        campaignRow);
  }

  private static void requireVersion(Campaign current, @Nullable Integer version) {
    if (version != null && version != current.version()) {
      throw new ConflictException(
          "campaign "
              + current.id()
              + " is at version "
              + current.version()
              + ", not "
              + version
              + "; read it again");
    }
  }

  private record Defaults(long row, CurrencyUnit currency, ZoneId zone) {}

  private static java.util.Optional<Defaults> defaults(Connection c, String advertiserId)
      throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT id, currency, time_zone FROM advertiser WHERE public_id = ?"
            + " AND archived_at IS NULL",
        r ->
            new Defaults(
                r.getLong("id"),
                CurrencyUnit.of(Sql.requiredString(r, "currency")),
                ZoneId.of(Sql.requiredString(r, "time_zone"))),
        advertiserId);
  }

  private static void refusePublishers(Principal caller) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("campaigns belong to advertisers");
    }
  }

  private static Where visibleTo(Principal caller, Where where) {
    return caller.isAdmin() ? where : where.and("a.public_id = ?", caller.owner());
  }

  private Campaign find(Connection c, Principal caller, String id, String baseUrl)
      throws SQLException {
    Where where = visibleTo(caller, new Where().and("c.public_id = ?", id));
    Row row =
        Sql.queryOne(c, FROM + where.sql(), CampaignService::row, where.params())
            .orElseThrow(() -> new NotFoundException(KIND, id));
    LocalDate today = LocalDate.ofInstant(Sql.now(clock), row.zone());
    Map<Long, long[]> spend = new HashMap<>();
    for (long[] s :
        Sql.query(
            c,
            "SELECT s.line_item_id, SUM(s.price_micros) AS total,"
                + " SUM(CASE WHEN s.spend_day = ? THEN s.price_micros ELSE 0 END) AS today"
                + " FROM rtb_spend s WHERE s.campaign_id = ? GROUP BY s.line_item_id",
            r -> new long[] {r.getLong("line_item_id"), r.getLong("total"), r.getLong("today")},
            today,
            row.rowId())) {
      spend.put(s[0], new long[] {s[1], s[2]});
    }
    List<Campaign.LineItemView> lineItems =
        Sql.query(
            c,
            "SELECT id, public_id, spec, created_at, updated_at FROM line_item"
                + " WHERE campaign_id = ? ORDER BY id",
            r -> {
              long[] spent = spend.getOrDefault(r.getLong("id"), new long[2]);
              return new Campaign.LineItemView(
                  Sql.requiredString(r, "public_id"),
                  Json.parse(
                      Sql.requiredString(r, "spec")
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                  Micros.toDecimal(spent[0]).toPlainString(),
                  Micros.toDecimal(spent[1]).toPlainString(),
                  Sql.requiredInstant(r, "created_at"),
                  Sql.requiredInstant(r, "updated_at"));
            },
            row.rowId());
    List<Campaign.CreativeView> creatives =
        Sql.query(
            c,
            "SELECT public_id, spec FROM creative WHERE campaign_id = ? ORDER BY id",
            r ->
                new Campaign.CreativeView(
                    Sql.requiredString(r, "public_id"),
                    Json.parse(
                        Sql.requiredString(r, "spec")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    baseUrl + CLICK_PATH + Sql.requiredString(r, "public_id")),
            row.rowId());
    return new Campaign(
        row.id(),
        row.advertiserId(),
        row.name(),
        row.currency(),
        row.zone(),
        row.status(),
        row.version(),
        lineItems,
        creatives,
        row.createdAt(),
        row.updatedAt());
  }

  private record Row(
      long rowId,
      String id,
      String advertiserId,
      String name,
      CurrencyUnit currency,
      ZoneId zone,
      String status,
      int version,
      Instant createdAt,
      Instant updatedAt) {}

  private static Row row(ResultSet r) throws SQLException {
    return new Row(
        r.getLong("id"),
        Sql.requiredString(r, "public_id"),
        Sql.requiredString(r, "advertiser_public_id"),
        Sql.requiredString(r, "name"),
        CurrencyUnit.of(Sql.requiredString(r, "currency")),
        ZoneId.of(Sql.requiredString(r, "time_zone")),
        Sql.requiredString(r, "status"),
        r.getInt("version"),
        Sql.requiredInstant(r, "created_at"),
        Sql.requiredInstant(r, "updated_at"));
  }
}
