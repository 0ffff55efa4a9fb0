package dev.levier.network;

import java.util.Optional;

/**
 * Where a publisher stands in a programme. A publisher applies; the advertiser (or the network)
 * approves or declines; an approved partnership can be suspended and later approved again.
 */
public enum PartnershipStatus {
  APPLIED,
  APPROVED,
  DECLINED,
  SUSPENDED;

  /** An action that moves a partnership from one status to another. */
  public enum Action {
    APPROVE(APPROVED),
    DECLINE(DECLINED),
    SUSPEND(SUSPENDED);

    private final PartnershipStatus target;

    Action(PartnershipStatus target) {
      this.target = target;
    }

    public PartnershipStatus target() {
      return target;
    }

    @Override
    public String toString() {
      return WireEnum.wireName(this);
    }
  }

  /**
   * The status this action leads to, or empty when the action makes no sense from here: only an
   * approved partnership can be suspended, and declining is for applications (a running partnership
   * is suspended instead, so that its history stays readable).
   */
  public Optional<PartnershipStatus> apply(Action action) {
    boolean allowed =
        switch (action) {
          case APPROVE -> this != APPROVED;
          case DECLINE -> this == APPLIED;
          case SUSPEND -> this == APPROVED;
        };
    return allowed ? Optional.of(action.target()) : Optional.empty();
  }

  /** Whether clicks sent through this partnership earn commission. */
  public boolean isCommissionable() {
    return this == APPROVED;
  }

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
