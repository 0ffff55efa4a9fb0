package dev.levier.http;

import dev.levier.auth.Principal;

/** Turns the key of a {@code Bearer} header into a caller, or throws a 401 failure. */
@FunctionalInterface
public interface Authenticator {
  Principal authenticate(String key);
}
