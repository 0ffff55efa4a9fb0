package dev.levier.cli;

import dev.levier.auth.ApiKey;
import dev.levier.auth.IssuedKey;
import dev.levier.auth.KeyRoutes;
import dev.levier.auth.KeyService;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.config.LevierConfig;
import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levier keys}: API keys on the configured database, for the operator. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Creates and lists API keys directly on the configured database.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class})
final class KeysCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = Main.out(spec);
    if (spec != null) {
      spec.commandLine().usage(out);
    }
    return 2;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates an API key and prints it as the last line.",
        "The key is shown once: only its hash is stored."
      })
  static final class Create implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    @Mixin DatabaseOptions database = new DatabaseOptions();

    @Option(
        names = "--role",
        required = true,
        paramLabel = "admin|advertiser|publisher",
        description = "Who the key speaks for.")
    String role = "";

    @Option(
        names = "--owner",
        paramLabel = "ID",
        description = "The advertiser (adv_...) or publisher (pub_...) id; not for admin keys.")
    @Nullable String owner;

    @Option(names = "--label", paramLabel = "TEXT", description = "A note to recognise the key.")
    @Nullable String label;

    @Override
    public Integer call() {
      Role parsed;
      try {
        parsed = KeyRoutes.role(role);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageFailure("--role: " + e.getMessage());
      }
      LevierConfig config = database.load(Map.of());
      try (Database db = Database.open(config.database(), null)) {
        Main.requireMigrated(db);
        IssuedKey key =
            new KeyService(db, Clock.systemUTC(), ChangeListener.NONE)
                .issue(Principal.operator(), parsed, owner, label);
        PrintWriter out = Main.out(spec);
        out.println(
            "created "
                + key.role()
                + " key "
                + key.id()
                + (key.ownerId() == null ? "" : " for " + key.ownerId())
                + "; it is shown once, store it now:");
        out.println(key.key());
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists API keys (never the secrets): id, role, owner, prefix, label, state.")
  static final class ListKeys implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    @Mixin DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--revoked", description = "Include revoked keys.")
    boolean revoked;

    @Override
    public Integer call() {
      LevierConfig config = database.load(Map.of());
      try (Database db = Database.open(config.database(), null)) {
        Main.requireMigrated(db);
        KeyService keys = new KeyService(db, Clock.systemUTC(), ChangeListener.NONE);
        PrintWriter out = Main.out(spec);
        String after = null;
        while (true) {
          List<ApiKey> page = keys.list(Principal.operator(), null, revoked, after, 200);
          for (ApiKey k : page.subList(0, Math.min(200, page.size()))) {
            out.printf(
                "%s\t%s\t%s\t%s...\t%s\t%s%n",
                k.id(),
                k.role(),
                k.ownerId() == null ? "-" : k.ownerId(),
                k.prefix(),
                k.label() == null ? "-" : k.label(),
                k.revokedAt() == null ? "live" : "revoked " + k.revokedAt());
            after = k.id();
          }
          if (page.size() <= 200) {
            break;
          }
        }
        out.flush();
      }
      return 0;
    }
  }
}
