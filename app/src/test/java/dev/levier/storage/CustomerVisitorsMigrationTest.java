package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.testing.ScratchDatabase;
import dev.levier.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** V18 carries each identity's visitors from {@code identity_link} into its customer row. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class CustomerVisitorsMigrationTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Parameter TestDatabase kind;

  private ScratchDatabase scratch;
  private Database database;

  @BeforeEach
  void open() {
    scratch = ScratchDatabase.empty(kind, null);
    database = scratch.database();
    database.migrateTo("17");
  }

  @AfterEach
  void close() {
    scratch.close();
  }

  @Test
  void eachIdentityKeepsItsVisitorsOldestFirstAndTheLatest64OfASharedOne() {
    database.transaction(
        c -> {
          customer(c, 1, "ref:C-1");
          link(c, 1, "ref", "C-1", "visitorB", T0.plusSeconds(60));
          link(c, 1, "ref", "C-1", "visitorA", T0);
          // The same reference at another advertiser, and an e-mail hash with a colon-free value.
          customer(c, 2, "ref:C-1");
          link(c, 2, "ref", "C-1", "visitorZ", T0);
          customer(c, 1, "email:abc123");
          link(c, 1, "email", "abc123", "visitorE", T0);
          customer(c, 1, "ref:guest");
          for (int i = 0; i < 70; i++) {
            link(c, 1, "ref", "guest", String.format("guest%02d", i), T0.plusSeconds(i));
          }
          customer(c, 1, "ref:no-visitor");
          // A reference holding a colon: the kind is what comes before the first one.
          customer(c, 1, "ref:shop:42");
          link(c, 1, "ref", "shop:42", "visitorS", T0);
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

  private static void customer(java.sql.Connection c, long advertiser, String key)
      throws java.sql.SQLException {
    Sql.update(
        c,
        "INSERT INTO customer (advertiser_id, customer_key, first_order_at, last_order_at, orders)"
            + " VALUES (?, ?, ?, ?, 1)",
        advertiser,
        key,
        T0,
        T0);
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
    return database.transaction(
        c ->
            Sql.queryOne(
                    c,
                    "SELECT visitors FROM customer WHERE advertiser_id = ? AND customer_key = ?",
                    r -> Sql.requiredString(r, "visitors"),
                    advertiser,
                    key)
                .orElseThrow());
  }
}
