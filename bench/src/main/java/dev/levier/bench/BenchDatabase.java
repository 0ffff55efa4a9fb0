package dev.levier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh database for one benchmark run, removed afterwards: the embedded H2 in a temporary
 * directory, or a new schema in the local PostgreSQL ({@code 127.0.0.1:5432}, database, user and
 * password {@code levier}), dropped at the end.
 */
final class BenchDatabase implements AutoCloseable {
  /** Which database. */
  enum Kind {
    H2,
    POSTGRES;

    static Kind parse(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "h2" -> H2;
        case "postgres", "postgresql", "pg" -> POSTGRES;
        default -> throw new IllegalArgumentException("--db must be h2 or postgres");
      };
    }
  }

  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/levier";
  private static final String PG_USER = "levier";
  private static final String PG_PASSWORD = "levier";

  private final Kind kind;
  private final Path workDir;
  private final String schema;
  private boolean keepFiles;
  private boolean keepSchema;

  private BenchDatabase(Kind kind, Path workDir, String schema) {
    this.kind = kind;
    this.workDir = workDir;
    this.schema = schema;
  }

  /** Creates the temporary directory (which also holds the logs) and, for PostgreSQL, a schema. */
  static BenchDatabase create(Kind kind) throws IOException, SQLException {
    Path workDir = Files.createTempDirectory("levier-bench-");
    String schema = "";
    if (kind == Kind.POSTGRES) {
      schema = "bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
      try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
    }
    return new BenchDatabase(kind, workDir, schema);
  }

  /**
   * A database an earlier run kept ({@link #keepAll()}): the same directory and, for PostgreSQL,
   * the same schema. Nothing is dropped or deleted at the end.
   */
  static BenchDatabase existing(Kind kind, Path workDir, String schema) {
    if (!Files.isDirectory(workDir)) {
      throw new IllegalArgumentException(workDir + " is not a directory");
    }
    BenchDatabase database = new BenchDatabase(kind, workDir, schema);
    database.keepAll();
    return database;
  }

  Kind kind() {
    return kind;
  }

  /** The PostgreSQL schema of this run; empty for H2. */
  String schema() {
    return schema;
  }

  /** The directory of this run: the H2 files, the server's log and GC log. */
  Path workDir() {
    return workDir;
  }

  /** The flags that point {@code levier serve} at this database. */
  List<String> serveFlags() {
    return switch (kind) {
      case H2 -> List.of("--data", workDir.resolve("data").toString());
      case POSTGRES ->
          List.of("--db-url", serverUrl(), "--db-user", PG_USER, "--db-password", PG_PASSWORD);
    };
  }

  String describe() {
    return switch (kind) {
      case H2 -> "embedded H2 (file, the server's default URL) in " + workDir.resolve("data");
      case POSTGRES -> "PostgreSQL " + postgresVersion() + " on 127.0.0.1:5432, schema " + schema;
    };
  }

  /**
   * A JDBC connection beside the running server, to count what it stored: PostgreSQL directly; H2
   * through the server that its {@code AUTO_SERVER=TRUE} URL starts for a second process.
   */
  Connection connect() throws SQLException {
    return switch (kind) {
      case H2 ->
          DriverManager.getConnection(
              "jdbc:h2:file:"
                  + workDir.resolve("data").resolve("levier").toAbsolutePath()
                  + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                  + ";DEFAULT_NULL_ORDERING=HIGH",
              "levier",
              "");
      case POSTGRES -> DriverManager.getConnection(serverUrl(), PG_USER, PG_PASSWORD);
    };
  }

  /** The query that takes the next value of a sequence, as the application writes it. */
  String nextValueSql(String sequence) {
    return switch (kind) {
      case H2 -> "SELECT NEXT VALUE FOR " + sequence;
      case POSTGRES -> "SELECT nextval('" + sequence + "')";
    };
  }

  /**
   * A connection for loading many rows with JDBC batches: PostgreSQL's driver then rewrites a batch
   * of inserts into multi-row inserts ({@code reWriteBatchedInserts}); H2 as {@link #connect()}.
   */
  Connection connectForBulk() throws SQLException {
    return switch (kind) {
      case H2 -> connect();
      case POSTGRES ->
          DriverManager.getConnection(
              serverUrl() + "&reWriteBatchedInserts=true", PG_USER, PG_PASSWORD);
    };
  }

  /** {@code SELECT count(*) FROM table} through {@link #connect()}. */
  long count(String table) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Every row of a query, each as its columns joined by " | ". */
  List<String> rows(String sql) throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? " | " : "").append(r.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  /**
   * The CPU time used so far by the database's own processes: 0 for the embedded H2 (its work is in
   * the server's process), the sum over the local PostgreSQL's processes otherwise (server,
   * backends, WAL writer, checkpointer...), in nanoseconds. Processes that end between two readings
   * drop out of the difference; the pool's backends live as long as the server.
   */
  long databaseCpuNanos() {
    if (kind == Kind.H2) {
      return 0;
    }
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.contains("/postgresql/")).orElse(false))
        .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
        .sum();
  }

  /**
   * The CPU time used so far by each of the local PostgreSQL's processes, by process id, in
   * nanoseconds; empty for H2. Sampled often, it also counts backends that end before the last
   * sample (such as the one serving a short-lived client).
   */
  java.util.Map<Long, Long> databaseCpuByProcess() {
    java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
    if (kind == Kind.H2) {
      return cpu;
    }
    ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.contains("/postgresql/")).orElse(false))
        .forEach(p -> p.info().totalCpuDuration().ifPresent(d -> cpu.put(p.pid(), d.toNanos())));
    return cpu;
  }

  private String serverUrl() {
    return PG_URL + "?currentSchema=" + schema;
  }

  private static String postgresVersion() {
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW server_version")) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

  /** Keeps the directory (logs, GC log, H2 files) at the end instead of deleting it. */
  void keepFiles() {
    keepFiles = true;
  }

  /**
   * Keeps the directory and the PostgreSQL schema at the end, so that a later run can reuse them.
   */
  void keepAll() {
    keepFiles = true;
    keepSchema = true;
  }

  /** Drops the schema and deletes the directory, unless told to keep them. */
  @Override
  public void close() throws IOException, SQLException {
    if (kind == Kind.POSTGRES && keepSchema) {
      System.out.println("PostgreSQL schema kept: " + schema);
    } else if (kind == Kind.POSTGRES) {
      try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    if (keepFiles) {
      System.out.println("Files kept in " + workDir);
      return;
    }
    if (Files.exists(workDir)) {
      try (Stream<Path> paths = Files.walk(workDir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
