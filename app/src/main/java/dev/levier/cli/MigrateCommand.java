package dev.levier.cli;

import dev.levier.config.LevierConfig;
import dev.levier.storage.Database;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code levier migrate}: applies pending migrations and says where the schema stands. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Applies the pending database migrations to the configured database.")
final class MigrateCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Mixin DatabaseOptions database = new DatabaseOptions();

  @Override
  public Integer call() {
    LevierConfig config = database.load(Map.of());
    try (Database db = Database.open(config.database(), null)) {
      int applied = db.migrate();
      PrintWriter out = Main.out(spec);
      out.println(
          "applied "
              + applied
              + " migration"
              + (applied == 1 ? "" : "s")
              + "; schema version "
              + db.schemaVersion());
      out.flush();
    }
    return 0;
  }
}
