package dev.levier.storage;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A transaction committed by {@link Database#transactionForcedLater}: what its work returned, and
 * when it is on the disk. Until {@link #durable()} completes, a crash may still take it, so nothing
 * it wrote or read may be acknowledged before.
 *
 * @param result what the work returned
 * @param durable completes once the transaction, and everything committed before it, is on the
 *     disk; fails with a {@link StorageException} when the file could not be written or forced
 */
public record Committed<T extends @Nullable Object>(T result, CompletableFuture<Void> durable) {}
