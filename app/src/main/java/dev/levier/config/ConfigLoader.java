package dev.levier.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the settings from, in increasing priority: built-in defaults, a properties file, {@code
 * LEVIER_*} environment variables, and command-line flags. Every value is checked here, once; a
 * wrong or unknown setting stops the start with a message that names the setting, where it came
 * from, the value and what is allowed.
 */
public final class ConfigLoader {

  /** Settings whose values are never repeated in a message. */
  private static final java.util.Set<String> SECRETS =
      java.util.Set.of("db.password", "rtb.notice-secret");

  /** The file read when no other is named, if it exists. */
  public static final String DEFAULT_FILE = "levier.properties";

  /** The environment variable that names a properties file. */
  public static final String CONFIG_ENV = "LEVIER_CONFIG";

  /** Every setting, by its name in a properties file. */
  public static final Map<String, String> SETTINGS = settings();

  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final @Nullable Path explicitFile;
  private final Path workingDir;

  private ConfigLoader(
      Map<String, String> flags,
      Map<String, String> env,
      @Nullable Path explicitFile,
      Path workingDir) {
    this.flags = flags;
    this.env = env;
    this.explicitFile = explicitFile;
    this.workingDir = workingDir;
  }

  /**
   * Loads and validates the settings.
   *
   * @param flags settings given on the command line, by setting name (for example {@code port})
   * @param env the process environment
   * @param explicitFile a properties file named with {@code --config}, or null
   * @param workingDir where relative paths and the default file are resolved
   */
  public static LevierConfig load(
      Map<String, String> flags,
      Map<String, String> env,
      @Nullable Path explicitFile,
      Path workingDir) {
    return new ConfigLoader(flags, env, explicitFile, workingDir).load();
  }

  /**
   * The environment variable for a setting: {@code db.pool-size} is {@code LEVIER_DB_POOL_SIZE}.
   */
  public static String envName(String setting) {
    return "LEVIER_" + setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private LevierConfig load() {
    List<String> problems = new ArrayList<>();
    Map<String, Sourced> values = new LinkedHashMap<>();
    readFile(values, problems);
    readEnv(values, problems);
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      if (!SETTINGS.containsKey(flag.getKey())) {
        problems.add("unknown setting '" + flag.getKey() + "' given as a flag");
      } else {
        values.put(
            flag.getKey(), new Sourced(flag.getValue(), "flag --" + flagName(flag.getKey())));
      }
    }

    Values reader = new Values(values, problems);
    String host = reader.get("host", "0.0.0.0", ConfigLoader::host);
    int port = reader.get("port", "8080", v -> intIn(v, 0, 65535));
    Path dataDir = reader.get("data", "levier-data", v -> workingDir.resolve(v).normalize());
    int h2CacheMb = reader.get("db.h2-cache-mb", "4", ConfigLoader::h2CacheMb);
    String defaultUrl =
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve("levier")
            + ";AUTO_SERVER=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            // A commit stays in memory until written: every transaction that wrote has its pages
            // written and forced before it is acknowledged (H2Fsync, one round of writing for all
            // the commits of the moment), and a journal's writer prepares its next batch while its
            // last one is written by another thread. With WRITE_DELAY=0 H2 wrote each commit at
            // once, in the committing thread. H2's own compaction, which its background thread
            // would run at this delay, stays off: H2FileUpkeep keeps the file in small rounds.
            + ";WRITE_DELAY=500;AUTO_COMPACT_FILL_RATE=0"
            // A 4 MB page cache by default instead of H2's 16: every page a commit writes enters
            // the cache and stays until pushed out, so the collector copies the click journal's
            // fresh pages from one young collection to the next; 16 MB doubled the redirect's p99
            // at 10,000 clicks/s, while it took a third more sales a second, whose lookups read
            // fewer pages from the file (BENCHMARKS.md, "H2's page cache"). db.h2-cache-mb
            // lets a node that takes mostly sales choose the other side.
            + ";CACHE_SIZE="
            + h2CacheMb * 1024;
    String dbUrl = reader.get("db.url", defaultUrl, ConfigLoader::jdbcUrl);
    if (reader.given("db.h2-cache-mb") && reader.given("db.url")) {
      problems.add(
          "db.h2-cache-mb sets the page cache of the default embedded database only; with db.url"
              + " given, put ;CACHE_SIZE=<kilobytes> in the URL instead");
    }
    String dbUser = reader.get("db.user", "levier", v -> v);
    String dbPassword = reader.get("db.password", "", v -> v);
    int poolSize = reader.get("db.pool-size", "10", v -> intIn(v, 2, 200));
    Duration connectionTimeout =
        reader.get(
            "db.connection-timeout-ms", "5000", v -> Duration.ofMillis(intIn(v, 250, 60_000)));
    boolean migrateOnStart = reader.get("db.migrate-on-start", "true", ConfigLoader::bool);
    int maxBody = reader.get("http.max-body-bytes", "1048576", v -> intIn(v, 1024, 64 << 20));
    int maxInFlight = reader.get("http.max-in-flight", "256", v -> intIn(v, 1, 100_000));
    int eventLoops =
        reader.get(
            "http.event-loops", Integer.toString(defaultEventLoops()), v -> intIn(v, 1, 256));
    int rateLimit = reader.get("http.rate-limit", "100", v -> intIn(v, 1, 1_000_000));
    int rateBurst = reader.get("http.rate-burst", "200", v -> intIn(v, 1, 1_000_000));
    LogFormat logFormat = reader.get("log.format", "text", ConfigLoader::logFormat);
    Duration grace =
        reader.get("shutdown.grace-seconds", "10", v -> Duration.ofSeconds(intIn(v, 0, 300)));
    String publicUrl = reader.get("public-url", "", ConfigLoader::publicUrl);
    boolean simulatedClock = reader.get("clock", "system", ConfigLoader::simulatedClock);
    TrackingSettings tracking =
        new TrackingSettings(
            reader.get("tracking.ip-country-file", "", v -> file(v)),
            reader.get("tracking.bot-agents-file", "", v -> file(v)),
            reader.get("tracking.datacenter-file", "", v -> file(v)),
            reader.get("tracking.trust-forwarded-for", "false", ConfigLoader::bool),
            reader.get("tracking.click-queue", "32768", v -> intIn(v, 1024, 1 << 22)),
            reader.get("tracking.conversion-queue", "8192", v -> intIn(v, 64, 1 << 20)),
            conversionWriters(reader, dbUrl, poolSize),
            reader.get("tracking.max-clicks-per-ip-minute", "120", v -> intIn(v, 1, 1_000_000)),
            reader.get(
                "tracking.max-clicks-per-visitor-minute", "30", v -> intIn(v, 1, 1_000_000)));

    RtbSettings rtb =
        new RtbSettings(
            reader.get("rtb.notice-secret", "", ConfigLoader::secret),
            reader.get("rtb.vendor-id", "", ConfigLoader::vendorId));

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LevierConfig(
        host,
        port,
        dataDir,
        new DatabaseSettings(dbUrl, dbUser, dbPassword, poolSize, connectionTimeout),
        migrateOnStart,
        maxBody,
        maxInFlight,
        eventLoops,
        rateLimit,
        rateBurst,
        logFormat,
        grace,
        publicUrl,
        tracking,
        rtb,
        simulatedClock);
  }

  private void readFile(Map<String, Sourced> values, List<String> problems) {
    Path file = explicitFile;
    boolean named = file != null;
    String envFile = env.get(CONFIG_ENV);
    if (file == null && envFile != null && !envFile.isBlank()) {
      file = Path.of(envFile);
      named = true;
    }
    if (file == null) {
      file = Path.of(DEFAULT_FILE);
    }
    Path resolved = workingDir.resolve(file);
    if (!Files.exists(resolved)) {
      if (named) {
        problems.add("config file '" + resolved + "' does not exist");
      }
      return;
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(resolved, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("config file '" + resolved + "' cannot be read: " + e.getMessage());
      return;
    }
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!SETTINGS.containsKey(key)) {
        problems.add(
            "unknown setting '" + key + "' in " + resolved + "; known settings: " + knownNames());
      } else {
        values.put(key, new Sourced(properties.getProperty(key).trim(), resolved.toString()));
      }
    }
  }

  private void readEnv(Map<String, Sourced> values, List<String> problems) {
    Map<String, String> byEnvName = new LinkedHashMap<>();
    for (String setting : SETTINGS.keySet()) {
      byEnvName.put(envName(setting), setting);
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (!name.startsWith("LEVIER_") || name.equals(CONFIG_ENV)) {
        continue;
      }
      String setting = byEnvName.get(name);
      if (setting == null) {
        problems.add(
            "unknown environment variable "
                + name
                + "; known ones: "
                + String.join(", ", byEnvName.keySet())
                + ", "
                + CONFIG_ENV);
      } else {
        values.put(setting, new Sourced(env.getOrDefault(name, ""), "environment " + name));
      }
    }
  }

  private static String knownNames() {
    return String.join(", ", SETTINGS.keySet());
  }

  private static String flagName(String setting) {
    return setting.replace('.', '-');
  }

  private record Sourced(String value, String source) {}

  /** Applies parsers to values, turning each failure into one problem line. */
  private static final class Values {
    private final Map<String, Sourced> values;
    private final List<String> problems;

    Values(Map<String, Sourced> values, List<String> problems) {
      this.values = values;
      this.problems = problems;
    }

    boolean given(String setting) {
      return values.containsKey(setting);
    }

    <T extends @Nullable Object> T get(
        String setting, String defaultValue, Function<String, T> parser) {
      Sourced sourced = values.get(setting);
      if (sourced == null) {
        return parser.apply(defaultValue);
      }
      try {
        return parser.apply(sourced.value());
      } catch (IllegalArgumentException e) {
        problems.add(
            setting
                + " = '"
                + (SECRETS.contains(setting) ? "****" : sourced.value())
                + "' (from "
                + sourced.source()
                + "): "
                + e.getMessage());
        return parser.apply(defaultValue);
      }
    }
  }

  /**
   * Half the processors, at least one: the other half is left to the journals' writer threads, the
   * collector and, on a small machine, the database. On two cores a second loop made the click
   * redirect's tail at 10,000 clicks/s seconds long and PostgreSQL's sales 8% slower
   * (BENCHMARKS.md, "Click redirect").
   */
  static int defaultEventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /**
   * Writers of the conversion journal, each with a connection of its own while it stores a batch.
   * By default two on PostgreSQL, where a writer spends most of a batch waiting on round trips and
   * a second one overlaps them (4 advertisers on two cores: 1,882 sales/s with one, 2,643 with two
   * by the means of three pairs; fewer with three or four than with two); one on H2, whose writers
   * share one commit and, on two cores, the processor: two stored no more sales than one, each at
   * more CPU. Never so many that the API and the click journal are left without a connection.
   */
  private static int conversionWriters(Values reader, String dbUrl, int poolSize) {
    boolean postgres = DatabaseSettings.kindOf(dbUrl) == DatabaseSettings.Kind.POSTGRESQL;
    int byDefault = Math.max(1, Math.min(postgres ? 2 : 1, poolSize - 1));
    return reader.get(
        "tracking.conversion-writers",
        Integer.toString(byDefault),
        v -> {
          int writers = intIn(v, 1, 64);
          if (writers >= poolSize) {
            throw new IllegalArgumentException(
                "must be below db.pool-size ("
                    + poolSize
                    + "), so the API and the click journal keep a connection");
          }
          return writers;
        });
  }

  /**
   * H2's page cache lives in the server's heap: at most a quarter of it, so that the journals and
   * the collector keep room (64 MB of a 256 MB heap already took a fifth of the server's CPU in the
   * collector).
   */
  private static int h2CacheMb(String value) {
    int mb = intIn(value, 1, 65_536);
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    if (mb > heapMb / 4) {
      throw new IllegalArgumentException(
          "must be at most a quarter of the server's heap ("
              + heapMb
              + " MB here, so at most "
              + heapMb / 4
              + "); raise -Xmx in JAVA_OPTS or choose a smaller cache");
    }
    return mb;
  }

  private static int intIn(String value, int min, int max) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number from " + min + " to " + max, e);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
    }
    return parsed;
  }

  private static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static String host(String value) {
    if (value.isBlank() || value.contains("/") || value.contains(" ")) {
      throw new IllegalArgumentException(
          "must be an interface address or host name, such as 0.0.0.0 or 127.0.0.1");
    }
    return value.trim();
  }

  private static String jdbcUrl(String value) {
    try {
      DatabaseSettings.kindOf(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return value.trim();
  }

  /** A readable file, or null for the empty default. */
  private @Nullable Path file(String value) {
    if (value.isBlank()) {
      return null;
    }
    Path path = workingDir.resolve(value.trim());
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("must name a readable file; " + path + " is not one");
    }
    return path;
  }

  private static String secret(String value) {
    String trimmed = value.trim();
    if (!trimmed.isEmpty() && trimmed.length() < RtbSettings.MIN_SECRET_CHARS) {
      throw new IllegalArgumentException(
          "must be at least "
              + RtbSettings.MIN_SECRET_CHARS
              + " characters (such as the output of: openssl rand -base64 32), or empty to let"
              + " Levier make one and keep it in the database");
    }
    return trimmed;
  }

  private static @Nullable Integer vendorId(String value) {
    if (value.isBlank()) {
      return null;
    }
    return intIn(value, 1, 65_535);
  }

  private static LogFormat logFormat(String value) {
    return switch (value.trim()) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw new IllegalArgumentException("must be text or json");
    };
  }

  private static boolean simulatedClock(String value) {
    return switch (value.trim()) {
      case "system" -> false;
      case "simulated" -> true;
      default -> throw new IllegalArgumentException("must be system or simulated");
    };
  }

  private static String publicUrl(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return trimmed;
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null) {
        throw new IllegalArgumentException(
            "must be an http or https base URL without path, such as https://track.example");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "must be an http or https base URL without path, such as https://track.example", e);
    }
    return trimmed;
  }

  private static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("host", "interface the HTTP server binds to (default 0.0.0.0)");
    s.put("port", "HTTP port, 0 for any free port (default 8080)");
    s.put("data", "directory of the embedded database (default ./levier-data)");
    s.put("db.url", "JDBC URL, jdbc:h2:... or jdbc:postgresql://... (default H2 under data)");
    s.put("db.user", "database user (default levier)");
    s.put("db.password", "database password (default empty)");
    s.put(
        "db.h2-cache-mb",
        "page cache of the default H2 database in MB, at most a quarter of the heap (default 4)");
    s.put("db.pool-size", "database connections, 2 to 200 (default 10)");
    s.put("db.connection-timeout-ms", "wait for a free connection, 250 to 60000 (default 5000)");
    s.put("db.migrate-on-start", "apply pending migrations at start, true or false (default true)");
    s.put("http.max-body-bytes", "largest request body, 1024 to 67108864 (default 1048576)");
    s.put("http.max-in-flight", "management requests at once before 503 (default 256)");
    s.put("http.event-loops", "event loops serving HTTP, 1 to 256 (default: half the processors)");
    s.put("http.rate-limit", "management requests a second per API key (default 100)");
    s.put("http.rate-burst", "management requests at once per API key (default 200)");
    s.put("log.format", "text or json (default text)");
    s.put("shutdown.grace-seconds", "time to finish requests on SIGTERM, 0 to 300 (default 10)");
    s.put("public-url", "base URL clients use, such as https://track.example (default local)");
    s.put(
        "clock",
        "system, or simulated to let the admin set the server's time (levier demo; default system)");
    s.put(
        "tracking.ip-country-file",
        "CSV start_ip,end_ip,country[,region[,city]] (default: the small built-in table)");
    s.put(
        "tracking.bot-agents-file",
        "user-agent fragments of bots, one per line (default built in)");
    s.put(
        "tracking.datacenter-file", "CIDR ranges of data centres, one per line (default built in)");
    s.put(
        "tracking.trust-forwarded-for",
        "take the client address from X-Forwarded-For (default false)");
    s.put(
        "tracking.click-queue", "clicks waiting for the journal before they go unrecorded (32768)");
    s.put("tracking.conversion-queue", "conversions waiting for the journal before 503 (8192)");
    s.put(
        "tracking.conversion-writers",
        "threads storing conversions side by side, each for its share of the advertisers; below"
            + " db.pool-size (default 2 on PostgreSQL, 1 on H2)");
    s.put(
        "tracking.max-clicks-per-ip-minute", "clicks per address and minute before flagging (120)");
    s.put(
        "tracking.max-clicks-per-visitor-minute",
        "clicks per visitor and minute before flagging (30)");
    s.put(
        "rtb.notice-secret",
        "secret signing the bidder's notice URLs, 32+ characters (default: made once, kept in the"
            + " database)");
    s.put(
        "rtb.vendor-id",
        "Levier's IAB Global Vendor List id; TCF strings must then consent for it (default none)");
    return Collections.unmodifiableMap(s);
  }
}
