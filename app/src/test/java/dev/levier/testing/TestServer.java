package dev.levier.testing;

import dev.levier.config.ConfigLoader;
import dev.levier.config.DatabaseSettings;
import dev.levier.config.LevierConfig;
import dev.levier.server.Levier;
import java.nio.file.Path;
import java.util.Map;

/** A real Levier on a random port and a database of its own, with its first admin key. */
public final class TestServer implements AutoCloseable {
  private final TestDatabase kind;
  private final DatabaseSettings database;
  private final Levier levier;
  private final LevierConfig config;
  private final Api admin;
  private final String adminKey;
  private boolean closed;

  private TestServer(
      TestDatabase kind, DatabaseSettings database, LevierConfig config, Levier levier) {
    this(
        kind,
        database,
        config,
        levier,
        levier
            .announcedKey()
            .orElseThrow(() -> new IllegalStateException("a new database has no admin key"))
            .key());
  }

  private TestServer(
      TestDatabase kind,
      DatabaseSettings database,
      LevierConfig config,
      Levier levier,
      String key) {
    this.kind = kind;
    this.database = database;
    this.config = config;
    this.levier = levier;
    this.admin = new Api(levier.baseUrl(), key);
    this.adminKey = key;
  }

  /**
   * Stops this server cleanly and starts another on the same database and settings, as a restart
   * does (on another port); close the new one only.
   */
  public TestServer restart() {
    levier.close();
    return new TestServer(kind, database, config, Levier.start(config, false), adminKey);
  }

  public static TestServer start(TestDatabase kind) {
    return start(kind, Map.of());
  }

  /** Starts with extra settings on top of the test defaults. */
  public static TestServer start(TestDatabase kind, Map<String, String> settings) {
    DatabaseSettings database = kind.create();
    Map<String, String> flags = new java.util.HashMap<>();
    flags.put("host", "127.0.0.1");
    flags.put("port", "0");
    flags.put("shutdown.grace-seconds", "1");
    // Tests place visitors with X-Forwarded-For, as a proxy in front of Levier would.
    flags.put("tracking.trust-forwarded-for", "true");
    if (!settings.containsKey("db.pool-size")) {
      // Two writers on both databases: the sales of advertisers A and B are stored side by side.
      flags.put("tracking.conversion-writers", "2");
    }
    flags.putAll(settings);
    DatabaseSettings db =
        new DatabaseSettings(
            database.url(),
            database.user(),
            database.password(),
            Integer.parseInt(settings.getOrDefault("db.pool-size", "" + database.poolSize())),
            java.time.Duration.ofMillis(
                Long.parseLong(
                    settings.getOrDefault(
                        "db.connection-timeout-ms",
                        "" + database.connectionTimeout().toMillis()))));
    LevierConfig config =
        ConfigLoader.load(flags, Map.of(), null, Path.of("target").toAbsolutePath())
            .withDatabase(db);
    return new TestServer(kind, database, config, Levier.start(config, false));
  }

  public TestDatabase kind() {
    return kind;
  }

  public Levier levier() {
    return levier;
  }

  public String baseUrl() {
    return levier.baseUrl();
  }

  /** A client with the admin key. */
  public Api admin() {
    return admin;
  }

  /** The first admin key of this server. */
  public String adminKey() {
    return adminKey;
  }

  /** A client without any key. */
  public Api anonymous() {
    return new Api(levier.baseUrl(), null);
  }

  /** A client with another key. */
  public Api as(String key) {
    return new Api(levier.baseUrl(), key);
  }

  /** Waits until every click redirected so far is in the database. */
  public void awaitClicksStored() {
    try {
      var journal = levier.clickJournal();
      if (!journal.awaitFlushed(journal.position(), java.time.Duration.ofSeconds(10))) {
        throw new AssertionError("clicks were not stored within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs one statement that changes the server's database, in its own transaction. */
  public int update(String sql, Object... params) {
    return levier.database().transaction(c -> dev.levier.storage.Sql.update(c, sql, params));
  }

  /** Runs a query on the server's database and returns the rows as maps of column to value. */
  public java.util.List<java.util.Map<String, Object>> rows(String sql, Object... params) {
    return levier
        .database()
        .transaction(
            c -> {
              try (var statement = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                  statement.setObject(i + 1, params[i]);
                }
                try (var result = statement.executeQuery()) {
                  var meta = result.getMetaData();
                  var rows = new java.util.ArrayList<java.util.Map<String, Object>>();
                  while (result.next()) {
                    var row = new java.util.LinkedHashMap<String, Object>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                      row.put(
                          meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                          result.getObject(i));
                    }
                    rows.add(row);
                  }
                  return rows;
                }
              }
            });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    levier.close();
    // After the journals have stored what they queued: every reference of theirs must hold.
    java.util.List<String> broken;
    try (dev.levier.storage.Database check = dev.levier.storage.Database.open(database, null)) {
      broken = JournalReferences.broken(check);
    }
    kind.drop(database);
    if (!broken.isEmpty()) {
      throw new AssertionError("the journal left rows pointing to nothing: " + broken);
    }
  }

  /** The database this server works on, for a command line run against it once it stops. */
  public DatabaseSettings database() {
    return database;
  }

  /** Stops the server and keeps its database, until {@link #close()}. */
  public void stop() {
    levier.close();
  }
}
