package dev.levier.testing;

import dev.levier.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the build's migrations are, read from the sources and the Java migrations {@link
 * Database#javaMigrations()} registers, so tests need no update per version.
 */
public final class Migrations {
  private Migrations() {}

  /** How many versioned migrations there are. */
  public static int count() {
    try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count()
          + Database.javaMigrations().size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The highest version, as Flyway reports it. Not the count: versions are taken by engineers
   * working in parallel, so one may land before the one below it.
   */
  public static String latest() {
    try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
      int sql =
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max()
              .orElse(0);
      int java =
          Database.javaMigrations().stream()
              .mapToInt(m -> Integer.parseInt(m.getVersion().getVersion()))
              .max()
              .orElse(0);
      return Integer.toString(Math.max(sql, java));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
