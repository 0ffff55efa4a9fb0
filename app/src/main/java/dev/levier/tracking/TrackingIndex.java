package dev.levier.tracking;

import dev.levier.auth.ApiKeys;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.UnauthorizedException;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.ProgrammeStatus;
import dev.levier.network.PublisherType;
import dev.levier.network.WireEnum;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import dev.levier.storage.JsonText;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the hot paths need to know, in memory: programmes, partnerships, publishers, advertisers,
 * coupons, links and API keys. The click redirect and the conversion intake read it without a
 * database round trip. Configuration is an immutable snapshot, rebuilt after every committed change
 * ({@link #configurationChanged()}); links, which publishers create in large numbers, are added one
 * by one instead.
 */
public final class TrackingIndex implements ChangeListener {

  /** A programme as the hot paths see it. */
  public record ProgrammeEntry(
      long rowId,
      String id,
      long advertiserRowId,
      String advertiserId,
      String landingUrl,
      AllowedDomains domains,
      String clickIdParam,
      ProgrammeStatus status,
      boolean archived,
      int attributionWindowDays,
      int lapsedAfterDays,
      Set<CountryCode> countries,
      int minClickSeconds,
      CurrencyUnit currency,
      int validationDays) {

    /** Whether clicks on it can earn: active and not archived. */
    public boolean open() {
      return status == ProgrammeStatus.ACTIVE && !archived;
    }
  }

  /**
   * A partnership as the hot paths see it.
   *
   * @param experiment the split of its holdout experiment, running or scheduled, or null when none:
   *     the redirect reads it here, with the partnership, at no extra lookup
   */
  public record PartnershipEntry(
      long rowId,
      String id,
      long programmeRowId,
      long publisherRowId,
      String publisherId,
      PartnershipStatus status,
      boolean archived,
      @Nullable String group,
      @Nullable HoldoutSplit experiment) {}

  /** A publisher as the hot paths see it. */
  public record PublisherEntry(
      long rowId, String id, PublisherType type, @Nullable String contactEmailHash) {}

  /** An advertiser as the hot paths see it. */
  public record AdvertiserEntry(
      long rowId, String id, @Nullable String postbackSecret, ZoneId timeZone, boolean archived) {}

  /** A tracking link: where it leads and the sub ids its publisher gave it. */
  public record LinkEntry(
      long rowId,
      String id,
      long partnershipRowId,
      @Nullable String destination,
      SubIds subIds,
      boolean archived) {}

  /** A coupon code assigned to a partnership. */
  public record CouponEntry(String code, long partnershipRowId) {}

  private record Snapshot(
      Map<String, ProgrammeEntry> programmes,
      Map<Long, ProgrammeEntry> programmesByRow,
      Map<Long, PartnershipEntry> partnershipsByRow,
      Map<String, PartnershipEntry> partnerships,
      Map<Long, PublisherEntry> publishersByRow,
      Map<String, AdvertiserEntry> advertisers,
      Map<Long, AdvertiserEntry> advertisersByRow,
      Map<String, CouponEntry> coupons,
      Map<String, Principal> keysByHash) {}

  private final Database database;
  private final ConcurrentHashMap<String, LinkEntry> links = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot;
  private volatile java.time.Instant linksCheckedAt = java.time.Instant.now();

  public TrackingIndex(Database database) {
    this.database = database;
    this.snapshot = load();
    database.transaction(
        c -> {
          loadLinks(c);
          return null;
        });
  }

  /** Rebuilds the configuration snapshot from the database; serialised so none is lost. */
  @Override
  public synchronized void configurationChanged() {
    snapshot = load();
  }

  /** The caller behind a key, from memory; revoked keys are gone as soon as they are revoked. */
  public Principal authenticate(String key) {
    if (!ApiKeys.looksLikeKey(key)) {
      throw new UnauthorizedException("the API key is malformed");
    }
    Principal principal = snapshot.keysByHash().get(ApiKeys.hash(key));
    if (principal == null) {
      throw new UnauthorizedException("the API key is unknown or revoked");
    }
    return principal;
  }

  /** Every programme, archived ones included. */
  public java.util.Collection<ProgrammeEntry> programmes() {
    return snapshot.programmes().values();
  }

  public @Nullable ProgrammeEntry programme(String publicId) {
    return snapshot.programmes().get(publicId);
  }

  public @Nullable ProgrammeEntry programme(long rowId) {
    return snapshot.programmesByRow().get(rowId);
  }

  /** Every partnership, archived ones included. */
  public java.util.Collection<PartnershipEntry> partnerships() {
    return snapshot.partnershipsByRow().values();
  }

  public @Nullable PartnershipEntry partnership(long rowId) {
    return snapshot.partnershipsByRow().get(rowId);
  }

  public @Nullable PartnershipEntry partnershipById(String publicId) {
    return snapshot.partnerships().get(publicId);
  }

  public @Nullable PublisherEntry publisher(long rowId) {
    return snapshot.publishersByRow().get(rowId);
  }

  public @Nullable AdvertiserEntry advertiser(String publicId) {
    return snapshot.advertisers().get(publicId);
  }

  public @Nullable AdvertiserEntry advertiser(long rowId) {
    return snapshot.advertisersByRow().get(rowId);
  }

  /** The coupon with this code at this advertiser; codes match without regard to case. */
  public @Nullable CouponEntry coupon(long advertiserRowId, String code) {
    return snapshot.coupons().get(couponKey(advertiserRowId, code));
  }

  public @Nullable LinkEntry link(String publicId) {
    return links.get(publicId);
  }

  /** Makes a new link usable at once, without rebuilding the snapshot. */
  public void addLink(LinkEntry link) {
    links.put(link.id(), link);
  }

  /**
   * Rereads the links created or archived since the last call (with a minute of overlap, for clocks
   * that disagree), so that links another node made or archived reach this node too.
   */
  public void refreshLinks() {
    java.time.Instant since = linksCheckedAt.minus(java.time.Duration.ofMinutes(1));
    java.time.Instant now = java.time.Instant.now();
    for (LinkEntry link :
        database.transaction(
            c ->
                Sql.query(
                    c,
                    LINKS + " AND (l.created_at >= ? OR l.archived_at >= ?)",
                    TrackingIndex::mapLink,
                    since,
                    since))) {
      links.put(link.id(), link);
    }
    linksCheckedAt = now;
  }

  /** Reads a link that another node created and this one has not seen yet. */
  public @Nullable LinkEntry loadLink(String publicId) {
    List<LinkEntry> found =
        database.transaction(
            c -> Sql.query(c, LINKS + " AND l.public_id = ?", TrackingIndex::mapLink, publicId));
    if (found.isEmpty()) {
      return null;
    }
    links.put(publicId, found.get(0));
    return found.get(0);
  }

  static String couponKey(long advertiserRowId, String code) {
    return advertiserRowId + ":" + code.toUpperCase(java.util.Locale.ROOT);
  }

  private static final String LINKS =
      "SELECT l.id, l.public_id, l.partnership_id, l.destination, l.sub1, l.sub2, l.sub3, l.sub4,"
          + " l.sub5, l.archived_at FROM link l WHERE 1 = 1";

  private static LinkEntry mapLink(java.sql.ResultSet row) throws SQLException {
    return new LinkEntry(
        row.getLong("id"),
        Sql.requiredString(row, "public_id"),
        row.getLong("partnership_id"),
        row.getString("destination"),
        new SubIds(
            row.getString("sub1"),
            row.getString("sub2"),
            row.getString("sub3"),
            row.getString("sub4"),
            row.getString("sub5")),
        Sql.instant(row, "archived_at") != null);
  }

  private void loadLinks(Connection c) throws SQLException {
    for (LinkEntry link : Sql.query(c, LINKS, TrackingIndex::mapLink)) {
      links.put(link.id(), link);
    }
  }

  private Snapshot load() {
    return database.transaction(
        c -> {
          Map<Long, AdvertiserEntry> advertisersByRow = new HashMap<>();
          Map<String, AdvertiserEntry> advertisers = new HashMap<>();
          for (AdvertiserEntry a :
              Sql.query(
                  c,
                  "SELECT id, public_id, postback_secret, time_zone, archived_at FROM advertiser",
                  row ->
                      new AdvertiserEntry(
                          row.getLong("id"),
                          Sql.requiredString(row, "public_id"),
                          row.getString("postback_secret"),
                          ZoneId.of(Sql.requiredString(row, "time_zone")),
                          Sql.instant(row, "archived_at") != null))) {
            advertisersByRow.put(a.rowId(), a);
            advertisers.put(a.id(), a);
          }

          Map<String, ProgrammeEntry> programmes = new HashMap<>();
          Map<Long, ProgrammeEntry> programmesByRow = new HashMap<>();
          for (ProgrammeEntry p : Sql.query(c, PROGRAMMES, TrackingIndex::mapProgramme)) {
            programmes.put(p.id(), p);
            programmesByRow.put(p.rowId(), p);
          }

          Map<Long, HoldoutSplit> experiments = experiments(c);
          Map<Long, PartnershipEntry> partnerships = new HashMap<>();
          Map<String, PartnershipEntry> partnershipsById = new HashMap<>();
          for (PartnershipEntry p :
              Sql.query(
                  c,
                  "SELECT s.id, s.public_id, s.programme_id, s.publisher_id, p.public_id AS"
                      + " publisher_public_id, s.status, s.archived_at, s.group_name FROM partnership s"
                      + " JOIN publisher p ON p.id = s.publisher_id",
                  row -> {
                    String status = Sql.requiredString(row, "status");
                    return new PartnershipEntry(
                        row.getLong("id"),
                        Sql.requiredString(row, "public_id"),
                        row.getLong("programme_id"),
                        row.getLong("publisher_id"),
                        Sql.requiredString(row, "publisher_public_id"),
                        WireEnum.parse(PartnershipStatus.class, status)
                            .orElseThrow(() -> new SQLException("bad status " + status)),
                        Sql.instant(row, "archived_at") != null,
                        row.getString("group_name"),
                        experiments.get(row.getLong("id")));
                  })) {
            partnerships.put(p.rowId(), p);
            partnershipsById.put(p.id(), p);
          }

          Map<Long, PublisherEntry> publishers = new HashMap<>();
          for (PublisherEntry p :
              Sql.query(
                  c,
                  "SELECT id, public_id, type, contact_email_hash FROM publisher",
                  row -> {
                    String type = Sql.requiredString(row, "type");
                    return new PublisherEntry(
                        row.getLong("id"),
                        Sql.requiredString(row, "public_id"),
                        WireEnum.parse(PublisherType.class, type)
                            .orElseThrow(() -> new SQLException("bad type " + type)),
                        row.getString("contact_email_hash"));
                  })) {
            publishers.put(p.rowId(), p);
          }

          Map<String, CouponEntry> coupons = new HashMap<>();
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT advertiser_id, code, partnership_id FROM coupon WHERE archived_at IS NULL",
                  r ->
                      new Object[] {
                        r.getLong("advertiser_id"),
                        Sql.requiredString(r, "code"),
                        r.getLong("partnership_id")
                      })) {
            String code = (String) row[1];
            coupons.put(couponKey((Long) row[0], code), new CouponEntry(code, (Long) row[2]));
          }

          Map<String, Principal> keys = new HashMap<>();
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT k.key_hash, k.public_id, k.role, a.public_id AS adv, p.public_id AS pub"
                      + " FROM api_key k LEFT JOIN advertiser a ON a.id = k.advertiser_id"
                      + " LEFT JOIN publisher p ON p.id = k.publisher_id"
                      + " WHERE k.revoked_at IS NULL AND a.archived_at IS NULL"
                      + " AND p.archived_at IS NULL",
                  r ->
                      new Object[] {
                        Sql.requiredString(r, "key_hash"),
                        Sql.requiredString(r, "public_id"),
                        Sql.requiredString(r, "role"),
                        r.getString("adv"),
                        r.getString("pub")
                      })) {
            Role role =
                WireEnum.parse(Role.class, (String) row[2])
                    .orElseThrow(() -> new SQLException("bad role " + row[2]));
            String owner =
                switch (role) {
                  case ADMIN -> null;
                  case ADVERTISER -> (String) row[3];
                  case PUBLISHER -> (String) row[4];
                };
            keys.put((String) row[0], new Principal(role, owner, (String) row[1]));
          }
          return new Snapshot(
              Map.copyOf(programmes),
              Map.copyOf(programmesByRow),
              Map.copyOf(partnerships),
              Map.copyOf(partnershipsById),
              Map.copyOf(publishers),
              Map.copyOf(advertisers),
              Map.copyOf(advertisersByRow),
              Map.copyOf(coupons),
              Map.copyOf(keys));
        });
  }

  /**
   * The splits of the experiments that run or will run, by partnership row. A partnership runs one
   * at a time; should two rows ever say otherwise, the later one wins.
   */
  private static Map<Long, HoldoutSplit> experiments(Connection c) throws SQLException {
    Map<Long, HoldoutSplit> splits = new HashMap<>();
    java.time.Instant now = java.time.Instant.now();
    for (Object[] row :
        Sql.query(
            c,
            "SELECT partnership_id, salt, holdout_basis_points, starts_at, ends_at FROM experiment"
                + " WHERE status = 'running' AND (ends_at IS NULL OR ends_at > ?) ORDER BY id",
            r -> {
              java.time.Instant ends = Sql.instant(r, "ends_at");
              return new Object[] {
                r.getLong("partnership_id"),
                new HoldoutSplit(
                    r.getLong("salt"),
                    r.getInt("holdout_basis_points"),
                    Sql.requiredInstant(r, "starts_at").toEpochMilli(),
                    ends == null ? Long.MAX_VALUE : ends.toEpochMilli())
              };
            },
            now)) {
      splits.put((Long) row[0], (HoldoutSplit) row[1]);
    }
    return splits;
  }

  private static final String PROGRAMMES =
      "SELECT g.id, g.public_id, g.advertiser_id, a.public_id AS advertiser_public_id,"
          + " g.landing_url, g.allowed_domains, g.click_id_param, g.status, g.archived_at,"
          + " g.attribution_window_days, g.lapsed_after_days, g.countries, g.min_click_seconds,"
          + " g.validation_days,"
          + " g.currency FROM programme g JOIN advertiser a ON a.id = g.advertiser_id";

  private static ProgrammeEntry mapProgramme(java.sql.ResultSet row) throws SQLException {
    String status = Sql.requiredString(row, "status");
    Set<CountryCode> countries = new HashSet<>();
    for (String code : JsonText.toList(Sql.requiredString(row, "countries"))) {
      countries.add(CountryCode.of(code));
    }
    return new ProgrammeEntry(
        row.getLong("id"),
        Sql.requiredString(row, "public_id"),
        row.getLong("advertiser_id"),
        Sql.requiredString(row, "advertiser_public_id"),
        Sql.requiredString(row, "landing_url"),
        AllowedDomains.parse(JsonText.toList(Sql.requiredString(row, "allowed_domains"))),
        Sql.requiredString(row, "click_id_param"),
        WireEnum.parse(ProgrammeStatus.class, status)
            .orElseThrow(() -> new SQLException("bad status " + status)),
        Sql.instant(row, "archived_at") != null,
        row.getInt("attribution_window_days"),
        row.getInt("lapsed_after_days"),
        Set.copyOf(countries),
        row.getInt("min_click_seconds"),
        CurrencyUnit.of(Sql.requiredString(row, "currency")),
        row.getInt("validation_days"));
  }
}
