package dev.levier.auth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A key just created. This is the only time the secret {@code key} exists outside the caller's
 * hands: it is not stored and cannot be shown again.
 */
public record IssuedKey(
    String id,
    String key,
    Role role,
    @Nullable String ownerId,
    @Nullable String label,
    Instant createdAt) {}
