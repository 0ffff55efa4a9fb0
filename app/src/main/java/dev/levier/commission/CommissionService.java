package dev.levier.commission;

import dev.levier.auth.Principal;
import dev.levier.errors.NotFoundException;
import dev.levier.storage.Database;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads commissions: the admin sees all, an advertiser those of its programmes, a publisher its
 * own, each with the explanation of how it was computed.
 */
public final class CommissionService {
  private final Database database;

  public CommissionService(Database database) {
    this.database = database;
  }

  /** One commission with its history. */
  public StoredCommission get(Principal caller, String id) {
    return database.transaction(
        c ->
            CommissionStore.find(c, caller, id)
                .orElseThrow(() -> new NotFoundException("commission", id))
                .withHistory(CommissionStore.history(c, id)));
  }

  public List<StoredCommission> list(
      Principal caller, CommissionStore.Filter filter, @Nullable String after, int limit) {
    return database.transaction(c -> CommissionStore.list(c, caller, filter, after, limit));
  }
}
