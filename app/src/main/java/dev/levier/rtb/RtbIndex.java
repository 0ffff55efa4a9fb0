package dev.levier.rtb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.http.Json;
import dev.levier.http.JsonInput;
import dev.levier.money.CurrencyUnit;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bidder's view of the campaigns, in memory: the targeting index of the active line items, the
 * line items and creatives by id (creatives of paused campaigns too, so that their clicks still
 * land), and each line item's {@link Budget}. A change is built into a new snapshot beside the one
 * in use, on the thread that made the change (never an event loop), and swapped in whole: bidding
 * reads one snapshot per request and never waits for a rebuild.
 *
 * <p>Budgets outlive snapshots: a line item keeps its counters while it is paused and resumed. A
 * budget is built from the stored spend the first time its line item is seen.
 */
public final class RtbIndex implements ChangeListener {
  private static final Logger LOG = LoggerFactory.getLogger(RtbIndex.class);

  /** A line item and the rows it belongs to. */
  public record Entry(LineItem item, long rowId, long campaignRowId, long advertiserRowId) {}

  /** A creative and where its clicks go. */
  public record CreativeEntry(Creative creative, long advertiserRowId, String campaignId) {}

  /** One consistent view. */
  public record Snapshot(
      TargetingIndex index, Map<String, Entry> lineItems, Map<String, CreativeEntry> creatives) {
    static final Snapshot EMPTY = new Snapshot(TargetingIndex.empty(), Map.of(), Map.of());
  }

  private final Database database;
  private final Clock clock;
  private final ConcurrentHashMap<String, Budget> budgets = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private volatile String fingerprint = "";

  public RtbIndex(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    configurationChanged();
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public @Nullable Budget budget(String lineItemId) {
    return budgets.get(lineItemId);
  }

  /**
   * Rebuilds if campaigns changed elsewhere (the command line, another node): one small query when
   * nothing did. Line items and creatives are only ever added, and a campaign's version moves with
   * every change of its status or of one of its line items, so counts, versions and highest ids
   * tell.
   */
  public void refresh() {
    if (!database.transaction(RtbIndex::fingerprint).equals(fingerprint)) {
      configurationChanged();
    }
  }

  private static String fingerprint(Connection c) throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT (SELECT COUNT(*) FROM campaign) AS campaigns,"
                + " (SELECT COALESCE(SUM(version), 0) FROM campaign) AS versions,"
                + " (SELECT COALESCE(MAX(id), 0) FROM line_item) AS line_items,"
                + " (SELECT COALESCE(MAX(id), 0) FROM creative) AS creatives",
            r ->
                r.getLong("campaigns")
                    + "/"
                    + r.getLong("versions")
                    + "/"
                    + r.getLong("line_items")
                    + "/"
                    + r.getLong("creatives"))
        .orElse("");
  }

  @Override
  public synchronized void configurationChanged() {
    long start = System.nanoTime();
    String seen = database.transaction(RtbIndex::fingerprint);
    Loaded loaded = database.transaction(this::load);
    List<LineItem> active = new ArrayList<>();
    Map<String, Entry> lineItems = new HashMap<>();
    for (Entry entry : loaded.entries()) {
      lineItems.put(entry.item().id(), entry);
      if (loaded.activeCampaigns().contains(entry.campaignRowId())) {
        active.add(entry.item());
      }
    }
    Instant now = clock.instant();
    for (Entry entry : loaded.entries()) {
      LineItem item = entry.item();
      Budget budget =
          budgets.computeIfAbsent(
              item.id(),
              id -> {
                long[] spent = loaded.spend().getOrDefault(entry.rowId(), new long[2]);
                return new Budget(
                    item.dailyBudgetMicros(),
                    item.totalBudgetMicros(),
                    item.pacing(),
                    item.zone(),
                    spent[0],
                    spent[1],
                    now);
              });
      // An edited line item keeps its spend and reservations; only its limits follow the change.
      budget.limit(item.dailyBudgetMicros(), item.totalBudgetMicros(), item.pacing());
    }
    fingerprint = seen;
    snapshot =
        new Snapshot(
            TargetingIndex.of(active), Map.copyOf(lineItems), Map.copyOf(loaded.creatives()));
    LOG.atDebug()
        .addKeyValue("lineItems", active.size())
        .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
        .log("bidding index rebuilt");
  }

  private record Loaded(
      List<Entry> entries,
      java.util.Set<Long> activeCampaigns,
      Map<String, CreativeEntry> creatives,
      Map<Long, long[]> spend) {}

  private record CampaignRow(
      long row,
      String id,
      String advertiserId,
      long advertiserRow,
      CurrencyUnit currency,
      ZoneId zone,
      boolean active) {}

  private Loaded load(Connection c) throws SQLException {
    Map<Long, CampaignRow> campaigns = new HashMap<>();
    for (CampaignRow row :
        Sql.query(
            c,
            "SELECT c.id, c.public_id, a.public_id AS advertiser_public_id, c.advertiser_id,"
                + " c.currency, c.time_zone, c.status FROM campaign c"
                + " JOIN advertiser a ON a.id = c.advertiser_id",
            r ->
                new CampaignRow(
                    r.getLong("id"),
                    Sql.requiredString(r, "public_id"),
                    Sql.requiredString(r, "advertiser_public_id"),
                    r.getLong("advertiser_id"),
                    CurrencyUnit.of(Sql.requiredString(r, "currency")),
                    ZoneId.of(Sql.requiredString(r, "time_zone")),
                    "active".equals(r.getString("status"))))) {
      campaigns.put(row.row(), row);
    }
    Map<Long, List<Creative>> creativesByCampaign = new HashMap<>();
    Map<String, CreativeEntry> creatives = new HashMap<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT campaign_id, public_id, spec FROM creative ORDER BY id",
            r ->
                new Object[] {
                  r.getLong("campaign_id"),
                  Sql.requiredString(r, "public_id"),
                  Sql.requiredString(r, "spec")
                })) {
      long campaignRow = (Long) row[0];
      CampaignRow campaign = campaigns.get(campaignRow);
      Creative creative =
          CampaignInput.creative(
              JsonInput.of(spec((String) row[2]), CampaignInput.CREATIVE_FIELDS), (String) row[1]);
      if (campaign == null || creative == null) {
        continue;
      }
      creativesByCampaign.computeIfAbsent(campaignRow, k -> new ArrayList<>()).add(creative);
      creatives.put(
          creative.id(), new CreativeEntry(creative, campaign.advertiserRow(), campaign.id()));
    }
    List<Entry> entries = new ArrayList<>();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT id, campaign_id, public_id, spec FROM line_item ORDER BY id",
            r ->
                new Object[] {
                  r.getLong("id"),
                  r.getLong("campaign_id"),
                  Sql.requiredString(r, "public_id"),
                  Sql.requiredString(r, "spec")
                })) {
      CampaignRow campaign = campaigns.get((Long) row[1]);
      if (campaign == null) {
        continue;
      }
      CampaignInput.Draft draft =
          CampaignInput.lineItem(
              JsonInput.of(spec((String) row[3]), CampaignInput.LINE_ITEM_FIELDS),
              campaign.currency());
      if (draft == null) {
        LOG.atWarn().addKeyValue("lineItem", row[2]).log("a stored line item no longer reads");
        continue;
      }
      LineItem item =
          draft.toLineItem(
              (String) row[2],
              campaign.id(),
              campaign.advertiserId(),
              campaign.currency(),
              campaign.zone(),
              served(creativesByCampaign.getOrDefault(campaign.row(), List.of()), draft));
      entries.add(new Entry(item, (Long) row[0], campaign.row(), campaign.advertiserRow()));
    }
    java.util.Set<Long> active = new java.util.HashSet<>();
    for (CampaignRow campaign : campaigns.values()) {
      if (campaign.active()) {
        active.add(campaign.row());
      }
    }
    Map<Long, long[]> spend = new HashMap<>();
    boolean anyNew = false;
    for (Entry entry : entries) {
      anyNew |= !budgets.containsKey(entry.item().id());
    }
    if (anyNew) {
      Map<Long, ZoneId> zones = new HashMap<>();
      for (Entry entry : entries) {
        zones.put(entry.rowId(), entry.item().zone());
      }
      Instant now = clock.instant();
      for (Object[] row :
          Sql.query(
              c,
              "SELECT line_item_id, spend_day, SUM(price_micros) AS spent FROM rtb_spend"
                  + " GROUP BY line_item_id, spend_day",
              r ->
                  new Object[] {
                    r.getLong("line_item_id"),
                    r.getObject("spend_day", LocalDate.class),
                    r.getLong("spent")
                  })) {
        ZoneId zone = zones.get((Long) row[0]);
        if (zone == null) {
          continue;
        }
        long[] s = spend.computeIfAbsent((Long) row[0], k -> new long[2]);
        boolean today = LocalDate.ofInstant(now, zone).equals(row[1]);
        s[today ? 1 : 0] += (Long) row[2];
      }
    }
    return new Loaded(entries, active, creatives, spend);
  }

  /** The campaign's creatives the line item serves: those it names, else all of them. */
  private static List<Creative> served(List<Creative> creatives, CampaignInput.Draft draft) {
    if (draft.creatives().isEmpty()) {
      return creatives;
    }
    List<Creative> chosen = new ArrayList<>();
    for (Creative creative : creatives) {
      if (draft.creatives().contains(creative.id())) {
        chosen.add(creative);
      }
    }
    return chosen;
  }

  private static ObjectNode spec(String text) {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }
}
