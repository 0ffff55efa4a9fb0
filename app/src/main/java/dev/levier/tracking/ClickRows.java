package dev.levier.tracking;

import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out click row numbers on the event loop without touching the database: numbers come from
 * {@code click_id_seq} in blocks of {@value #BLOCK}, and the next block is fetched in the
 * background as soon as the current one is half used. If the background fetch ever falls behind,
 * {@link #next()} answers -1 and the click is redirected without being recorded (and counted).
 */
public final class ClickRows {
  private static final Logger LOG = LoggerFactory.getLogger(ClickRows.class);

  /** Must equal the increment of {@code click_id_seq}. */
  static final long BLOCK = 10_000;

  private final Database database;
  private final Executor background;
  private final AtomicReference<Block> current;
  private final AtomicReference<@Nullable Block> spare = new AtomicReference<>();
  private final AtomicBoolean fetching = new AtomicBoolean();

  public ClickRows(Database database, Executor background) {
    this.database = database;
    this.background = background;
    this.current = new AtomicReference<>(fetchBlock());
    this.spare.set(fetchBlock());
  }

  /** The next row number, or -1 when none is at hand right now. Safe from any thread. */
  public long next() {
    while (true) {
      Block block = current.get();
      long row = block.next.getAndIncrement();
      if (row < block.end) {
        if (row == block.end - BLOCK / 2) {
          prefetch();
        }
        return row;
      }
      Block fresh = spare.getAndSet(null);
      if (fresh == null) {
        prefetch();
        return -1;
      }
      current.compareAndSet(block, fresh);
      prefetch();
    }
  }

  /** Row numbers {@code [next, end)}. */
  private static final class Block {
    final java.util.concurrent.atomic.AtomicLong next;
    final long end;

    Block(long start) {
      this.next = new java.util.concurrent.atomic.AtomicLong(start);
      this.end = start + BLOCK;
    }
  }

  private void prefetch() {
    if (spare.get() != null || !fetching.compareAndSet(false, true)) {
      return;
    }
    background.execute(
        () -> {
          try {
            spare.set(fetchBlock());
          } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("could not fetch click row numbers");
          } finally {
            fetching.set(false);
          }
        });
  }

  private Block fetchBlock() {
    long start =
        database.transaction(
            c ->
                Sql.queryOne(c, database.nextValueSql("click_id_seq"), row -> row.getLong(1))
                    .orElseThrow(() -> new java.sql.SQLException("click_id_seq returned nothing")));
    return new Block(start);
  }
}
