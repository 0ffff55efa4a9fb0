package dev.levier.testing;

import dev.levier.cli.Main;
import dev.levier.config.DatabaseSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs the command line in this JVM against a database, as an operator would, and keeps what it
 * printed.
 */
public final class Cli {
  private final @Nullable DatabaseSettings database;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  public Cli(DatabaseSettings database) {
    this.database = database;
  }

  private Cli() {
    this.database = null;
  }

  /** For commands that need no database ({@code attribute}): no database flag is added. */
  public static Cli withoutDatabase() {
    return new Cli();
  }

  /** Runs the command with the database's flags added, if any; returns the exit code. */
  public int run(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    if (database != null) {
      all.addAll(
          List.of(
              "--db-url",
              database.url(),
              "--db-user",
              database.user(),
              "--db-password",
              database.password()));
    }
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return Main.run(all.toArray(String[]::new));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  /** What the last run printed on standard output. */
  public String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** What the last run printed on standard error. */
  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
