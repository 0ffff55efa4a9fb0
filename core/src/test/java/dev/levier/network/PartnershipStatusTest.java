package dev.levier.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.network.PartnershipStatus.Action;
import org.junit.jupiter.api.Test;

class PartnershipStatusTest {
  @Test
  void approveWorksFromEveryStatusButApproved() {
    assertThat(PartnershipStatus.APPLIED.apply(Action.APPROVE))
        .contains(PartnershipStatus.APPROVED);
    assertThat(PartnershipStatus.DECLINED.apply(Action.APPROVE))
        .contains(PartnershipStatus.APPROVED);
    assertThat(PartnershipStatus.SUSPENDED.apply(Action.APPROVE))
        .contains(PartnershipStatus.APPROVED);
    assertThat(PartnershipStatus.APPROVED.apply(Action.APPROVE)).isEmpty();
  }

  @Test
  void declineAnswersApplicationsOnly() {
    assertThat(PartnershipStatus.APPLIED.apply(Action.DECLINE))
        .contains(PartnershipStatus.DECLINED);
    assertThat(PartnershipStatus.APPROVED.apply(Action.DECLINE)).isEmpty();
    assertThat(PartnershipStatus.SUSPENDED.apply(Action.DECLINE)).isEmpty();
    assertThat(PartnershipStatus.DECLINED.apply(Action.DECLINE)).isEmpty();
  }

  @Test
  void suspendStopsApprovedPartnershipsOnly() {
    assertThat(PartnershipStatus.APPROVED.apply(Action.SUSPEND))
        .contains(PartnershipStatus.SUSPENDED);
    assertThat(PartnershipStatus.APPLIED.apply(Action.SUSPEND)).isEmpty();
  }

  @Test
  void onlyApprovedPartnershipsEarn() {
    for (PartnershipStatus status : PartnershipStatus.values()) {
      assertThat(status.isCommissionable())
          .as(status.toString())
          .isEqualTo(status == PartnershipStatus.APPROVED);
    }
  }

  @Test
  void wireNamesAreLowerCaseAndParseBack() {
    for (PublisherType type : PublisherType.values()) {
      assertThat(WireEnum.parse(PublisherType.class, type.toString())).contains(type);
    }
    assertThat(WireEnum.parse(PublisherType.class, "CASHBACK")).isEmpty();
    assertThat(WireEnum.allowed(ProgrammeStatus.class)).isEqualTo("active|paused|closed");
  }
}
