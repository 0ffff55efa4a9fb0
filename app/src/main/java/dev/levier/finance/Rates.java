package dev.levier.finance;

import dev.levier.storage.ChangeListener;
import dev.levier.storage.Database;
import java.util.List;

/**
 * The stored exchange rates as one {@link RateTable} held in memory, so that conversion intake and
 * the simulator convert without reading rates from the database. Loaded at start, rebuilt after
 * every load through this node ({@link #configurationChanged()}), and after loads made elsewhere
 * (the command line, another node) when {@link #refresh()} sees that the stored rates changed.
 *
 * <p>The database holds one rate per pair and day, so the table built from it never has two values
 * for one pair and date. No pivot currency is set: a pair converts only through its own rates,
 * quoted either way.
 */
public final class Rates implements ChangeListener {
  private final Database database;
  private volatile RateTable table;
  private volatile String fingerprint;

  public Rates(Database database) {
    this.database = database;
    this.fingerprint = "";
    this.table = RateTable.empty();
    configurationChanged();
  }

  /** The rates in effect now; a later load gives a new table, this one never changes. */
  public RateTable table() {
    return table;
  }

  @Override
  public synchronized void configurationChanged() {
    Loaded loaded =
        database.transaction(c -> new Loaded(RateStore.fingerprint(c), RateStore.all(c)));
    table = RateTable.of(loaded.rates());
    fingerprint = loaded.fingerprint();
  }

  /** Reads the rates again if they changed since they were last read: one small query if not. */
  public void refresh() {
    String current = database.transaction(RateStore::fingerprint);
    if (!current.equals(fingerprint)) {
      configurationChanged();
    }
  }

  private record Loaded(String fingerprint, List<ExchangeRate> rates) {}
}
