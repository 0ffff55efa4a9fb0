package dev.levier.auth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API key as listed: never the secret itself.
 *
 * @param prefix the first characters of the key, to recognise it
 * @param ownerId the advertiser or publisher it speaks for; null for admin keys
 */
public record ApiKey(
    String id,
    Role role,
    @Nullable String ownerId,
    @Nullable String label,
    String prefix,
    Instant createdAt,
    @Nullable Instant revokedAt) {}
