package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.config.DatabaseSettings;
import dev.levier.errors.ConflictException;
import dev.levier.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class DatabaseTest {
  @Parameter TestDatabase kind;

  private DatabaseSettings settings;
  private Database database;

  @BeforeEach
  void open() {
    settings = kind.create();
    database = Database.open(settings, null);
  }

  @AfterEach
  void close() {
    database.close();
    kind.drop(settings);
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
        new DatabaseSettings(settings.url(), settings.user(), "wrong", 2, Duration.ofSeconds(2));
    assertThatThrownBy(() -> Database.open(wrong, null))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot connect to the database")
        .hasMessageContaining("password");
  }
}
