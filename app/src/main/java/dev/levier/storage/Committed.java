package dev.levier.storage;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A transaction committed by {@link Database#transactionForcedLater} whose writes may not be on the
 * disk yet: nothing it wrote, or read, may be acknowledged before {@link #forceNow} returns or
 * {@link #forceLater} completes, since a crash may still take it. Either covers everything
 * committed before it too.
 */
public final class Committed<T extends @Nullable Object> {
  /** How the transaction reaches the disk. */
  interface Forcing {
    void now();

    CompletableFuture<Void> later();
  }

  /** Already on the disk: PostgreSQL forces its log at commit. */
  static final Forcing DONE =
      new Forcing() {
        @Override
        public void now() {}

        @Override
        public CompletableFuture<Void> later() {
          return CompletableFuture.completedFuture(null);
        }
      };

  private final T result;
  private final Forcing forcing;

  Committed(T result, Forcing forcing) {
    this.result = result;
    this.forcing = forcing;
  }

  /** What the work returned. */
  public T result() {
    return result;
  }

  /**
   * Returns once the transaction is on the disk, forcing the file in this thread unless a forcing
   * under way covers it.
   *
   * @throws StorageException when the file could not be written or forced
   */
  public void forceNow() {
    forcing.now();
  }

  /**
   * Leaves the forcing to the database's forcing thread: the future completes once the transaction
   * is on the disk, or fails with a {@link StorageException}. The caller meanwhile is free to run
   * its next transaction.
   */
  public CompletableFuture<Void> forceLater() {
    return forcing.later();
  }
}
