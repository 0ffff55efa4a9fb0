package dev.levier.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the build's migrations are, read from the sources, so tests need no update per version. */
public final class Migrations {
  private Migrations() {}

  /** How many versioned migrations there are. */
  public static int count() {
    try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
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
      return Integer.toString(
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max()
              .orElse(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
