package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.config.DatabaseSettings;
import dev.levier.errors.ConflictException;
import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class DatabaseTest {
  private static final Instant VISITORS_T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.empty(kind, null);
    database = scratch.database();
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  @Test
  void migrationsRunOnceAndLeaveNothingPending() {
    assertThat(database.pendingMigrations()).isPositive();
    assertThat(database.migrate()).isEqualTo(dev.levier.testing.Migrations.count());
    assertThat(database.pendingMigrations()).isZero();
    assertThat(database.migrate()).isZero();
    assertThat(database.schemaVersion()).isEqualTo(dev.levier.testing.Migrations.latest());
  }

  @Test
  void oneOfAndKeyTableFindTheRowsWhoseKeyIsAmongTheValuesWhateverTheirNumber() {
    List<List<String>> found =
        database.transaction(
            c -> {
              Sql.execute(
                  c, "CREATE TABLE one_of_probe (id BIGINT PRIMARY KEY, label VARCHAR(40))");
              for (long id = 1; id <= 20; id++) {
                Sql.update(
                    c, "INSERT INTO one_of_probe VALUES (?, ?)", id, "label, \"" + id + "\"");
              }
              List<List<String>> answers = new ArrayList<>();
              for (List<Long> ids : List.of(List.of(3L), List.of(1L, 20L, 7L, 99L))) {
                Sql.Fragment id = Sql.oneOf(c, "id", "bigint", ids);
                answers.add(
                    Sql.query(
                        c,
                        "SELECT label FROM one_of_probe WHERE "
                            + id.sql()
                            + " AND id < ? ORDER BY id",
                        r -> Sql.requiredString(r, "label"),
                        id.params(15L)));
              }
              Sql.Fragment label = Sql.oneOf(c, "label", "text", List.of("label, \"4\"", "none"));
              answers.add(
                  Sql.query(
                      c,
                      "SELECT label FROM one_of_probe WHERE " + label.sql(),
                      r -> Sql.requiredString(r, "label"),
                      label.params()));
              Sql.Fragment wanted = Sql.keyTable(c, "w", "bigint", List.of(20L, 2L, 2_000L, 5L));
              answers.add(
                  Sql.query(
                      c,
                      "SELECT p.label FROM "
                          + wanted.sql()
                          + " JOIN one_of_probe p ON p.id = w.k AND p.id > ? ORDER BY p.id",
                      r -> Sql.requiredString(r, "label"),
                      wanted.params(3L)));
              return answers;
            });

    assertThat(found)
        .containsExactly(
            List.of("label, \"3\""),
            List.of("label, \"1\"", "label, \"7\""),
            List.of("label, \"4\""),
            List.of("label, \"5\"", "label, \"20\""));
  }

  @Test
  void aFailedTransactionLeavesNothingBehind() {
    database.migrate();
    assertThatThrownBy(
            () ->
                database.transaction(
                    c -> {
                      Sql.update(
                          c,
                          "INSERT INTO advertiser (public_id, name, country, currency, time_zone,"
                              + " version, created_at, updated_at) VALUES (?, 'Gone', 'FR', 'EUR',"
                              + " 'UTC', 1, ?, ?)",
                          PublicIds.next("adv"),
                          java.time.Instant.now(),
                          java.time.Instant.now());
                      throw new ConflictException("changed my mind");
                    }))
        .isInstanceOf(ConflictException.class);

    long count =
        database.transaction(
            c ->
                Sql.queryOne(c, "SELECT COUNT(*) AS n FROM advertiser", r -> r.getLong("n"))
                    .orElseThrow());
    assertThat(count).isZero();
  }

  @Test
  void uniqueViolationsAreRecognisedOnBothDatabases() {
    database.migrate();
    String id = PublicIds.next("adv");
    String insert =
        "INSERT INTO advertiser (public_id, name, country, currency, time_zone, version,"
            + " created_at, updated_at) VALUES (?, 'Twin', 'FR', 'EUR', 'UTC', 1, ?, ?)";
    database.transaction(
        c -> Sql.update(c, insert, id, java.time.Instant.now(), java.time.Instant.now()));

    assertThatThrownBy(
            () ->
                database.transaction(
                    c ->
                        Sql.update(
                            c, insert, id, java.time.Instant.now(), java.time.Instant.now())))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
  }

  @Test
  void instantsRoundTripExactly() {
    database.migrate();
    java.time.Instant now = Sql.now(java.time.Clock.systemUTC());
    String id = PublicIds.next("adv");
    database.transaction(
        c ->
            Sql.update(
                c,
                "INSERT INTO advertiser (public_id, name, country, currency, time_zone, version,"
                    + " created_at, updated_at) VALUES (?, 'Clock', 'FR', 'EUR', 'UTC', 1, ?, ?)",
                id,
                now,
                now));
    java.time.Instant read =
        database.transaction(
            c ->
                Sql.queryOne(
                        c,
                        "SELECT created_at FROM advertiser WHERE public_id = ?",
                        r -> Sql.requiredInstant(r, "created_at"),
                        id)
                    .orElseThrow());
    assertThat(read).isEqualTo(now);
  }

  @Test
  void aWrongPasswordFailsAtOpenWithTheDriversReason() {
    if (kind == TestDatabase.H2) {
      return;
    }
    DatabaseSettings wrong =
        new DatabaseSettings(
            scratch.settings().url(), scratch.settings().user(), "wrong", 2, Duration.ofSeconds(2));
    assertThatThrownBy(() -> Database.open(wrong, null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot connect to the database")
        .hasMessageContaining("password");
  }

  /** V15: H2 holds many values of the journal's identity columns, PostgreSQL one. */
  @Test
  void theJournalsIdentityColumnsHoldManyValuesOnH2AndOneOnPostgres() {
    database.migrate();
    boolean h2 = database.kind() == DatabaseSettings.Kind.H2;
    for (String table :
        List.of(
            "conversion_event", "commission", "commission_event", "rollup_change", "touchpoint")) {
      long cache =
          database
              .transaction(
                  c ->
                      Sql.queryOne(
                          c,
                          h2
                              ? "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                                  + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ?"
                                  + " AND COLUMN_NAME = 'id'"
                              : "SELECT seqcache FROM pg_sequence"
                                  + " WHERE seqrelid = pg_get_serial_sequence(?, 'id')::regclass",
                          r -> r.getLong(1),
                          table))
              .orElseThrow();
      assertThat(cache).as(table).isEqualTo(h2 ? 1000 : 1);
    }
  }

  /** On both, ids drawn by two connections in turn follow the inserts (history is read by id). */
  @Test
  void idsDrawnByTwoConnectionsInTurnFollowTheOrderOfTheInserts() throws SQLException {
    database.migrate();
    List<Long> ids = new ArrayList<>();
    try (Connection first = database.dataSource().getConnection();
        Connection second = database.dataSource().getConnection()) {
      for (int i = 0; i < 6; i++) {
        ids.add(insertChange(i % 2 == 0 ? first : second, i));
      }
      first.commit();
      second.commit();
    }

    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  private static long insertChange(Connection c, int programme) throws SQLException {
    OffsetDateTime at = OffsetDateTime.of(2026, 11, 26, 6, 0, 0, 0, ZoneOffset.UTC);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO rollup_change (programme_id, from_at, to_at) VALUES (?, ?, ?)",
            new String[] {"id"})) {
      insert.setLong(1, programme);
      insert.setObject(2, at);
      insert.setObject(3, at);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** V18 carries each identity's visitors from {@code identity_link} into its customer row. */
  @Test
  void migration18MovesEachIdentitysLatest64VisitorsIntoItsCustomerRow() {
    assertThat(database.migrateTo("17")).isPositive();
    database.transaction(
        c -> {
          customer(c, 1, "ref:C-1");
          link(c, 1, "ref", "C-1", "visitorB", VISITORS_T0.plusSeconds(60));
          link(c, 1, "ref", "C-1", "visitorA", VISITORS_T0);
          // The same reference at another advertiser, and an e-mail hash with a colon-free value.
          customer(c, 2, "ref:C-1");
          link(c, 2, "ref", "C-1", "visitorZ", VISITORS_T0);
          customer(c, 1, "email:abc123");
          link(c, 1, "email", "abc123", "visitorE", VISITORS_T0);
          customer(c, 1, "ref:guest");
          for (int i = 0; i < 70; i++) {
            link(c, 1, "ref", "guest", String.format("guest%02d", i), VISITORS_T0.plusSeconds(i));
          }
          customer(c, 1, "ref:no-visitor");
          // A reference holding a colon: the kind is what comes before the first one.
          customer(c, 1, "ref:shop:42");
          link(c, 1, "ref", "shop:42", "visitorS", VISITORS_T0);
          return null;
        });

    assertThat(database.migrate()).isPositive();

    assertThat(visitors(1, "ref:C-1")).isEqualTo("visitorA visitorB");
    assertThat(visitors(2, "ref:C-1")).isEqualTo("visitorZ");
    assertThat(visitors(1, "email:abc123")).isEqualTo("visitorE");
    assertThat(visitors(1, "ref:no-visitor")).isEmpty();
    assertThat(visitors(1, "ref:shop:42")).isEqualTo("visitorS");
    List<String> latest = new ArrayList<>();
    for (int i = 6; i < 70; i++) {
      latest.add(String.format("guest%02d", i));
    }
    assertThat(visitors(1, "ref:guest")).isEqualTo(String.join(" ", latest));
    assertThatThrownBy(
            () -> database.transaction(c -> Sql.query(c, "SELECT * FROM identity_link", r -> 1)))
        .as("identity_link is gone")
        .isInstanceOf(RuntimeException.class);
  }

  /**
   * V19 carries each identity's latest 16 orders, and its earliest order's time, into its customer
   * row, then drops the indexes of the conversions by customer reference and e-mail hash.
   */
  @Test
  void migration19CarriesEachIdentitysLatestOrdersIntoItsCustomerRow() {
    assertThat(database.migrateTo("18")).isPositive();
    database.transaction(
        c -> {
          for (long advertiser : List.of(1L, 2L)) {
            Sql.update(
                c,
                "INSERT INTO advertiser (id, public_id, name, country, currency, time_zone,"
                    + " version, created_at, updated_at) VALUES (?, ?, 'Shop', 'FR', 'EUR',"
                    + " 'Europe/Paris', 1, ?, ?)",
                advertiser,
                "adv_" + advertiser,
                VISITORS_T0,
                VISITORS_T0);
            Sql.update(
                c,
                "INSERT INTO programme (id, public_id, advertiser_id, name, currency, landing_url,"
                    + " allowed_domains, attribution_window_days, validation_days, click_id_param,"
                    + " status, version, created_at, updated_at) VALUES (?, ?, ?, 'Shop', 'EUR',"
                    + " 'https://shop.example/', '[\"shop.example\"]', 30, 30, 'lvclid', 'active',"
                    + " 1, ?, ?)",
                advertiser,
                "prg_" + advertiser,
                advertiser,
                VISITORS_T0,
                VISITORS_T0);
          }
          // Twenty orders of one reference, reported out of order; the latest is the 1.250th
          // millisecond past the 19th minute.
          for (int i = 19; i >= 0; i--) {
            conversion(
                c,
                100 + i,
                1,
                "o" + i,
                "C-1",
                null,
                VISITORS_T0.plusMillis(60_000L * i + 250),
                1000 + i);
          }
          // One order of an e-mail, and the same reference at another advertiser.
          conversion(c, 200, 1, "e1", null, "abc123", VISITORS_T0.plusSeconds(5), 4990);
          conversion(c, 300, 2, "x1", "C-1", "abc123", VISITORS_T0.plusSeconds(7), 1500);
          // The customer rows as the writer left them: the first order's time was the first stored.
          customerAt(c, 1, "ref:C-1", VISITORS_T0.plusSeconds(600));
          customerAt(c, 1, "email:abc123", VISITORS_T0.plusSeconds(5));
          customerAt(c, 2, "ref:C-1", VISITORS_T0.plusSeconds(7));
          customerAt(c, 2, "email:abc123", VISITORS_T0.plusSeconds(7));
          customerAt(c, 1, "ref:no-order", VISITORS_T0);
          return null;
        });

    assertThat(database.migrate()).isPositive();

    List<String> latest = new ArrayList<>();
    for (int i = 4; i < 20; i++) {
      latest.add(
          (VISITORS_T0.toEpochMilli() + 60_000L * i + 250) + "/" + (1000 + i) + "/" + (100 + i));
    }
    assertThat(customerColumn(1, "ref:C-1", "recent_orders")).isEqualTo(String.join(" ", latest));
    assertThat(customerColumn(1, "ref:C-1", "first_order_at"))
        .isEqualTo(VISITORS_T0.plusMillis(250).toString());
    assertThat(customerColumn(1, "email:abc123", "recent_orders"))
        .isEqualTo(VISITORS_T0.plusSeconds(5).toEpochMilli() + "/4990/200");
    assertThat(customerColumn(2, "ref:C-1", "recent_orders"))
        .isEqualTo(VISITORS_T0.plusSeconds(7).toEpochMilli() + "/1500/300");
    assertThat(customerColumn(2, "email:abc123", "recent_orders"))
        .isEqualTo(VISITORS_T0.plusSeconds(7).toEpochMilli() + "/1500/300");
    assertThat(customerColumn(1, "ref:no-order", "recent_orders")).isEmpty();
    assertThat(customerColumn(1, "ref:no-order", "first_order_at"))
        .isEqualTo(VISITORS_T0.toString());
  }

  /**
   * V20 moves each customer row to the number {@link CustomerIds} draws from its identity, with its
   * columns unchanged, more rows than one chunk of the copy.
   */
  @Test
  void migration20KeysEachCustomerRowByItsNumber() {
    assertThat(database.migrateTo("19")).isPositive();
    int customers = 2_345;
    database.transaction(
        c -> {
          for (int i = 0; i < customers; i++) {
            long advertiser = 1 + i % 3;
            Sql.update(
                c,
                "INSERT INTO customer (advertiser_id, customer_key, first_order_at,"
                    + " last_order_at, orders, visitors, recent_orders)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                advertiser,
                (i % 2 == 0 ? "ref:C-" : "email:") + i,
                VISITORS_T0.plusSeconds(i),
                VISITORS_T0.plusSeconds(2L * i),
                1 + i % 5,
                i % 7 == 0 ? "" : "visitor" + i,
                (VISITORS_T0.toEpochMilli() + i) + "/" + (100 + i) + "/" + i);
          }
          return null;
        });

    assertThat(database.migrate()).isPositive();

    List<String> rows =
        database.transaction(
            c ->
                Sql.query(
                    c,
                    "SELECT id, advertiser_id, customer_key, first_order_at, last_order_at,"
                        + " orders, visitors, recent_orders FROM customer",
                    r -> {
                      String identity =
                          r.getLong("advertiser_id") + ":" + Sql.requiredString(r, "customer_key");
                      assertThat(r.getLong("id")).as(identity).isEqualTo(CustomerIds.of(identity));
                      return identity
                          + " "
                          + Sql.requiredInstant(r, "first_order_at")
                          + " "
                          + Sql.requiredInstant(r, "last_order_at")
                          + " "
                          + r.getInt("orders")
                          + " ["
                          + Sql.requiredString(r, "visitors")
                          + "] "
                          + Sql.requiredString(r, "recent_orders");
                    }));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < customers; i++) {
      expected.add(
          (1 + i % 3)
              + ":"
              + (i % 2 == 0 ? "ref:C-" : "email:")
              + i
              + " "
              + VISITORS_T0.plusSeconds(i)
              + " "
              + VISITORS_T0.plusSeconds(2L * i)
              + " "
              + (1 + i % 5)
              + " ["
              + (i % 7 == 0 ? "" : "visitor" + i)
              + "] "
              + (VISITORS_T0.toEpochMilli() + i)
              + "/"
              + (100 + i)
              + "/"
              + i);
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static void conversion(
      java.sql.Connection c,
      long id,
      long advertiser,
      String orderId,
      @org.jspecify.annotations.Nullable String ref,
      @org.jspecify.annotations.Nullable String email,
      Instant orderedAt,
      long total)
      throws java.sql.SQLException {
    Sql.update(
        c,
        "INSERT INTO conversion (id, public_id, advertiser_id, programme_id, order_id, source,"
            + " trust, ordered_at, received_at, occurred_quarter, currency, total_minor,"
            + " lines_minor, net_minor, customer_ref, email_hash, customer_status_given,"
            + " attribution_key, commissionable, status, attribution_notes, version, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, 'api', 'high', ?, ?, 0, 'EUR', ?, ?, ?, ?, ?, FALSE, 'none',"
            + " FALSE, 'pending', '', 1, ?)",
        id,
        "cnv_" + id,
        advertiser,
        advertiser,
        orderId,
        orderedAt,
        orderedAt,
        total,
        total,
        total,
        ref == null ? Sql.NULL_TEXT : ref,
        email == null ? Sql.NULL_TEXT : email,
        orderedAt);
  }

  private static void customerAt(java.sql.Connection c, long advertiser, String key, Instant first)
      throws java.sql.SQLException {
    Sql.update(
        c,
        "INSERT INTO customer (advertiser_id, customer_key, first_order_at, last_order_at, orders)"
            + " VALUES (?, ?, ?, ?, 1)",
        advertiser,
        key,
        first,
        first);
  }

  private String customerColumn(long advertiser, String key, String column) {
    return database.transaction(
        c ->
            Sql.queryOne(
                    c,
                    "SELECT "
                        + column
                        + " FROM customer WHERE advertiser_id = ? AND customer_key = ?",
                    r ->
                        column.endsWith("_at")
                            ? Sql.requiredInstant(r, column).toString()
                            : Sql.requiredString(r, column),
                    advertiser,
                    key)
                .orElseThrow());
  }

  private static void customer(java.sql.Connection c, long advertiser, String key)
      throws java.sql.SQLException {
    customerAt(c, advertiser, key, VISITORS_T0);
  }

  private static void link(
      java.sql.Connection c, long advertiser, String kind, String value, String visitor, Instant at)
      throws java.sql.SQLException {
    Sql.update(
        c,
        "INSERT INTO identity_link (advertiser_id, identity_kind, identity_value, visitor_id,"
            + " first_seen_at) VALUES (?, ?, ?, ?, ?)",
        advertiser,
        kind,
        value,
        visitor,
        at);
  }

  private String visitors(long advertiser, String key) {
    return customerColumn(advertiser, key, "visitors");
  }
}
