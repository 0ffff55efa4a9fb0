package dev.levier.network;

/**
 * Whether a programme takes part in the network. Only an active programme is open to publishers
 * that have not joined it; a paused one still redirects visitors but pays nothing for the clicks.
 */
public enum ProgrammeStatus {
  ACTIVE,
  PAUSED,
  CLOSED;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
