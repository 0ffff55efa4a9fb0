package dev.levier.auth;

import dev.levier.network.WireEnum;

/** Who an API key speaks for. */
public enum Role {
  /** The network operator: sees and changes everything. */
  ADMIN,
  /** One advertiser: its own profile, programmes and their partnerships. */
  ADVERTISER,
  /** One publisher: its own profile and partnerships, and the programmes open to it. */
  PUBLISHER;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
