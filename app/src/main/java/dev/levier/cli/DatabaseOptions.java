package dev.levier.cli;

import dev.levier.config.ConfigLoader;
import dev.levier.config.LevierConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options that say where the settings and the database are; shared by every command. */
final class DatabaseOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with settings (default: ./levier.properties if present).")
  @Nullable Path config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Directory of the embedded H2 database (default: ./levier-data).")
  @Nullable String data;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description =
          "Database URL, jdbc:postgresql://host:5432/db or jdbc:h2:... (default: H2 under --data).")
  @Nullable String dbUrl;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
  @Nullable String dbUser;

  @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password.")
  @Nullable String dbPassword;

  /** The settings given as flags, by setting name. */
  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, "data", data);
    put(flags, "db.url", dbUrl);
    put(flags, "db.user", dbUser);
    put(flags, "db.password", dbPassword);
    return flags;
  }

  /** Loads and validates every setting, with these flags on top. */
  LevierConfig load(Map<String, String> moreFlags) {
    Map<String, String> all = flags();
    all.putAll(moreFlags);
    LevierConfig loaded =
        ConfigLoader.load(all, System.getenv(), config, Path.of("").toAbsolutePath());
    System.setProperty(
        "levier.log.format", loaded.logFormat().name().toLowerCase(java.util.Locale.ROOT));
    return loaded;
  }

  static void put(Map<String, String> flags, String setting, @Nullable Object value) {
    if (value != null) {
      flags.put(setting, value.toString());
    }
  }
}
