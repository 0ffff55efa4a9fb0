package dev.levier.cli;

import dev.levier.config.ConfigException;
import dev.levier.errors.LevierException;
import dev.levier.storage.Database;
import dev.levier.storage.StorageException;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code levier} command line. */
@Command(
    name = "levier",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Levier: affiliate tracking, dynamic commissions and programmatic buying.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      MigrateCommand.class,
      CompactCommand.class,
      KeysCommand.class,
      RulesCommand.class,
      RatesCommand.class,
      AttributeCommand.class,
      ClvCommand.class
    },
    footer = {"", "The launcher ./levier also runs the test suite: ./levier test [maven options]"})
public final class Main implements Runnable {
  private static final String H2_OBJECT_CACHE = "h2.objectCache";

  @picocli.CommandLine.Spec @Nullable CommandSpec spec;

  public static void main(String[] args) {
    embeddedDatabaseDefaults();
    System.exit(run(args));
  }

  /**
   * Switches H2's shared cache of small values off, unless {@code -Dh2.objectCache} says otherwise.
   * H2 offers every value it decodes from a page to one array shared by all threads, hashing it
   * first: in a profile of the sale intake on H2 that was 7.7% of the server's CPU, the sale writer
   * and the thread serialising pages writing into the same array, to share equal values between
   * objects Levier drops at once. H2 reads the property once, when its classes load: so here,
   * first.
   */
  static void embeddedDatabaseDefaults() {
    if (System.getProperty(H2_OBJECT_CACHE) == null) {
      System.setProperty(H2_OBJECT_CACHE, "false");
    }
  }

  /** Runs a command and returns its exit code: 0 done, 1 failed, 2 wrong usage or settings. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (failure, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          int code = exitCode(failure);
          err.println("levier: " + message(failure));
          err.flush();
          return code;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(out(spec));
    }
  }

  static PrintWriter out(@Nullable CommandSpec spec) {
    return spec == null
        ? new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8)
        : spec.commandLine().getOut();
  }

  /** Refuses to work on a database that is behind this build. */
  static void requireMigrated(Database db) {
    int pending = db.pendingMigrations();
    if (pending > 0) {
      throw new UsageFailure(
          "the database has " + pending + " pending migrations; run: levier migrate");
    }
  }

  private static int exitCode(Exception failure) {
    return switch (failure) {
      case ConfigException c -> 2;
      case UsageFailure u -> 2;
      case LevierException l -> 1;
      default -> 1;
    };
  }

  private static String message(Exception failure) {
    return switch (failure) {
      case ConfigException c -> String.valueOf(c.getMessage());
      case UsageFailure u -> String.valueOf(u.getMessage());
      case LevierException l -> String.valueOf(l.getMessage());
      case StorageException s -> String.valueOf(s.getMessage());
      default -> failure.getClass().getSimpleName() + ": " + failure.getMessage();
    };
  }

  /** A wrong argument found after parsing; exits with 2 and the message. */
  static final class UsageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageFailure(String message) {
      super(message);
    }
  }

  /** The version from the jar manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"levier " + (version == null ? "development" : version)};
    }
  }
}
