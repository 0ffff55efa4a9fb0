package dev.levier.auth;

import org.jspecify.annotations.Nullable;

/**
 * The caller behind a request.
 *
 * @param role what it may do
 * @param ownerId the public id of its advertiser or publisher; null for the admin
 * @param keyId the public id of the API key used, for audit and logs
 */
public record Principal(Role role, @Nullable String ownerId, String keyId) {

  public Principal {
    if ((role == Role.ADMIN) != (ownerId == null)) {
      throw new IllegalArgumentException(
          "an admin has no owner, an advertiser or publisher must have one");
    }
  }

  /** The principal the command line acts as on its own database. */
  public static Principal operator() {
    return new Principal(Role.ADMIN, null, "cli");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Whether this is the given advertiser. */
  public boolean isAdvertiser(String advertiserId) {
    return role == Role.ADVERTISER && advertiserId.equals(ownerId);
  }

  /** Whether this is the given publisher. */
  public boolean isPublisher(String publisherId) {
    return role == Role.PUBLISHER && publisherId.equals(ownerId);
  }

  /** The owner id, for roles that have one; fails for the admin. */
  public String owner() {
    if (ownerId == null) {
      throw new IllegalStateException("the admin principal has no owner");
    }
    return ownerId;
  }
}
