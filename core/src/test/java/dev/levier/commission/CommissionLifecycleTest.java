package dev.levier.commission;

import static dev.levier.commission.CommissionStatus.APPROVED;
import static dev.levier.commission.CommissionStatus.DECLINED;
import static dev.levier.commission.CommissionStatus.INVOICED;
import static dev.levier.commission.CommissionStatus.LOCKED;
import static dev.levier.commission.CommissionStatus.PAID;
import static dev.levier.commission.CommissionStatus.PENDING;
import static dev.levier.commission.CommissionStatus.REVERSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.commission.CommissionStatus.Action;
import dev.levier.network.WireEnum;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommissionLifecycleTest {
  static final Instant ORDERED = Instant.parse("2026-03-10T09:00:00Z");
  static final Instant VALIDATION_ENDS = Instant.parse("2026-04-09T09:00:00Z");

  static final CommissionLifecycle PENDING_ONE = CommissionLifecycle.pending();
  static final CommissionLifecycle APPROVED_ONE = PENDING_ONE.approve();
  static final CommissionLifecycle LOCKED_ONE = APPROVED_ONE.lock(true);
  static final CommissionLifecycle INVOICED_ONE = LOCKED_ONE.invoice();
  static final CommissionLifecycle PAID_ONE = INVOICED_ONE.pay();
  static final CommissionLifecycle DECLINED_ONE = PENDING_ONE.decline(DeclineReason.FRAUD);
  static final CommissionLifecycle REVERSED_ONE = APPROVED_ONE.reverse(DeclineReason.RETURNED);

  /** One commission in each status. */
  static final Map<CommissionStatus, CommissionLifecycle> IN =
      Map.of(
          PENDING, PENDING_ONE,
          APPROVED, APPROVED_ONE,
          LOCKED, LOCKED_ONE,
          INVOICED, INVOICED_ONE,
          PAID, PAID_ONE,
          DECLINED, DECLINED_ONE,
          REVERSED, REVERSED_ONE);

  /** The table as written in the docs, to compare the enum's own data with. */
  static final Map<CommissionStatus, Set<Action>> ALLOWED =
      Map.of(
          PENDING, EnumSet.of(Action.APPROVE, Action.AUTO_APPROVE, Action.DECLINE, Action.REVERSE),
          APPROVED, EnumSet.of(Action.LOCK, Action.REVERSE),
          LOCKED, EnumSet.of(Action.INVOICE),
          INVOICED, EnumSet.of(Action.PAY),
          PAID, EnumSet.noneOf(Action.class),
          DECLINED, EnumSet.noneOf(Action.class),
          REVERSED, EnumSet.noneOf(Action.class));

  static CommissionLifecycle act(CommissionLifecycle state, Action action) {
    UnaryOperator<CommissionLifecycle> step =
        switch (action) {
          case APPROVE -> CommissionLifecycle::approve;
          case AUTO_APPROVE -> s -> s.autoApprove(VALIDATION_ENDS, VALIDATION_ENDS);
          case DECLINE -> s -> s.decline(DeclineReason.DUPLICATE);
          case REVERSE -> s -> s.reverse(DeclineReason.CANCELLED);
          case LOCK -> s -> s.lock(true);
          case INVOICE -> CommissionLifecycle::invoice;
          case PAY -> CommissionLifecycle::pay;
        };
    return step.apply(state);
  }

  @Test
  void theHappyPathGoesFromPendingToPaid() {
    assertThat(PENDING_ONE.status()).isEqualTo(PENDING);
    assertThat(APPROVED_ONE.status()).isEqualTo(APPROVED);
    assertThat(LOCKED_ONE.status()).isEqualTo(LOCKED);
    assertThat(INVOICED_ONE.status()).isEqualTo(INVOICED);
    assertThat(PAID_ONE).isEqualTo(CommissionLifecycle.of(PAID));
    assertThat(PAID_ONE.status().isFinal()).isTrue();
  }

  @Test
  void declineAndReverseKeepTheirReason() {
    assertThat(DECLINED_ONE).isEqualTo(new CommissionLifecycle(DECLINED, DeclineReason.FRAUD));
    assertThat(DECLINED_ONE.describe()).isEqualTo("declined (fraud)");
    assertThat(PENDING_ONE.reverse(DeclineReason.CANCELLED).describe())
        .isEqualTo("reversed (cancelled)");
  }

  @Test
  void theEnumsTableIsTheDocumentedOne() {
    for (CommissionStatus status : CommissionStatus.values()) {
      assertThat(status.allowedActions()).as(status.toString()).isEqualTo(ALLOWED.get(status));
      for (Action action : Action.values()) {
        assertThat(status.apply(action).isPresent())
            .as(status + " " + action)
            .isEqualTo(ALLOWED.get(status).contains(action));
      }
    }
    assertThat(Action.AUTO_APPROVE.target()).isEqualTo(APPROVED);
  }

  @ParameterizedTest
  @EnumSource(CommissionStatus.class)
  void everyActionIsAMoveAReplayOrARefusal(CommissionStatus status) {
    CommissionLifecycle state = IN.get(status);
    for (Action action : Action.values()) {
      boolean move = ALLOWED.get(status).contains(action);
      boolean replay =
          status == action.target() && action != Action.DECLINE && action != Action.REVERSE;
      if (move) {
        assertThat(act(state, action).status())
            .as(status + " " + action)
            .isEqualTo(action.target());
      } else if (replay) {
        assertThat(act(state, action)).as(status + " " + action).isSameAs(state);
      } else {
        assertThatThrownBy(() -> act(state, action))
            .as(status + " " + action)
            .isInstanceOfSatisfying(
                IllegalTransitionException.class,
                e -> {
                  assertThat(e.from()).isEqualTo(status);
                  assertThat(e.action()).isEqualTo(action);
                });
      }
    }
  }

  @Test
  void refusalsSayWhatIsPossible() {
    assertThatThrownBy(DECLINED_ONE::approve)
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage(
            "cannot approve a commission that is declined (fraud);"
                + " only a pending commission can be approved");
    assertThatThrownBy(() -> PAID_ONE.reverse(DeclineReason.RETURNED))
        .hasMessage(
            "cannot reverse a commission that is paid; only a pending or approved commission can"
                + " be reversed (after lock, a return is booked as a clawback on the next payout)");
    assertThatThrownBy(PENDING_ONE::pay)
        .hasMessage(
            "cannot pay a commission that is pending; only an invoiced commission can be paid");
    assertThatThrownBy(() -> REVERSED_ONE.autoApprove(VALIDATION_ENDS, VALIDATION_ENDS))
        .hasMessage(
            "cannot auto-approve a commission that is reversed (returned);"
                + " only a pending commission can be approved automatically");
  }

  @Test
  void replaysOfTheSameDecisionAreNoOps() {
    assertThat(APPROVED_ONE.approve()).isSameAs(APPROVED_ONE);
    assertThat(DECLINED_ONE.decline(DeclineReason.FRAUD)).isSameAs(DECLINED_ONE);
    assertThat(REVERSED_ONE.reverse(DeclineReason.RETURNED)).isSameAs(REVERSED_ONE);
    assertThat(LOCKED_ONE.lock(true)).isSameAs(LOCKED_ONE);
    assertThat(PAID_ONE.pay()).isSameAs(PAID_ONE);
  }

  @Test
  void aReplayWithAnotherReasonIsRefused() {
    assertThatThrownBy(() -> DECLINED_ONE.decline(DeclineReason.DUPLICATE))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage(
            "cannot decline a commission that is declined (fraud): it was already declined for"
                + " another reason, not duplicate");
  }

  @Test
  void autoApprovalWaitsForTheEndOfTheValidationPeriod() {
    assertThatThrownBy(
            () -> PENDING_ONE.autoApprove(VALIDATION_ENDS.minusSeconds(1), VALIDATION_ENDS))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage(
            "cannot approve automatically yet: the validation period runs until"
                + " 2026-04-09T09:00:00Z, and it is 2026-04-09T08:59:59Z");
    assertThat(PENDING_ONE.autoApprove(VALIDATION_ENDS, VALIDATION_ENDS).status())
        .isEqualTo(APPROVED);
    assertThat(PENDING_ONE.autoApprove(VALIDATION_ENDS.plusSeconds(86_400), VALIDATION_ENDS))
        .isEqualTo(APPROVED_ONE);
    // An advertiser's approval before the sweep is not undone by it.
    assertThat(APPROVED_ONE.autoApprove(ORDERED, VALIDATION_ENDS)).isSameAs(APPROVED_ONE);
  }

  @Test
  void lockWaitsForThePeriodToClose() {
    assertThatThrownBy(() -> APPROVED_ONE.lock(false))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("cannot lock the commission: its period is not closed yet");
    assertThatThrownBy(() -> PENDING_ONE.lock(true))
        .hasMessage(
            "cannot lock a commission that is pending; only an approved commission can be locked");
  }

  @Test
  void concurrentApproveAndReverseEndReversedInEitherOrder() {
    // The storage layer applies one, then retries the other on the state it re-reads.
    CommissionLifecycle approveFirst = PENDING_ONE.approve().reverse(DeclineReason.RETURNED);
    CommissionLifecycle reverseFirst = PENDING_ONE.reverse(DeclineReason.RETURNED);
    assertThatThrownBy(reverseFirst::approve).isInstanceOf(IllegalTransitionException.class);
    assertThat(approveFirst).isEqualTo(reverseFirst);
  }

  @Test
  void concurrentDeclineAndApproveEndInTheFirstDecision() {
    assertThatThrownBy(() -> PENDING_ONE.approve().decline(DeclineReason.FRAUD))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> PENDING_ONE.decline(DeclineReason.FRAUD).approve())
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aReasonGoesWithDeclinedAndReversedOnly() {
    assertThatThrownBy(() -> new CommissionLifecycle(DECLINED, null))
        .hasMessage("reason: a declined commission must say why");
    assertThatThrownBy(() -> new CommissionLifecycle(APPROVED, DeclineReason.OTHER))
        .hasMessage("reason: only a declined or reversed commission has one, not an approved one");
  }

  @Test
  void statusFlagsFollowTheLifecycle() {
    assertThat(EnumSet.allOf(CommissionStatus.class).stream().filter(CommissionStatus::isLocked))
        .containsExactly(LOCKED, INVOICED, PAID);
    assertThat(EnumSet.allOf(CommissionStatus.class).stream().filter(CommissionStatus::isConfirmed))
        .containsExactly(APPROVED, LOCKED, INVOICED, PAID);
    assertThat(EnumSet.allOf(CommissionStatus.class).stream().filter(s -> !s.earns()))
        .containsExactly(DECLINED, REVERSED);
    assertThat(APPROVED_ONE.allows(Action.LOCK)).isTrue();
    assertThat(APPROVED_ONE.allows(Action.APPROVE)).isTrue();
    assertThat(LOCKED_ONE.allows(Action.REVERSE)).isFalse();
  }

  @Test
  void wireNamesAreLowerCase() {
    assertThat(WireEnum.allowed(CommissionStatus.class))
        .isEqualTo("pending|approved|declined|reversed|locked|invoiced|paid");
    assertThat(WireEnum.allowed(DeclineReason.class))
        .isEqualTo("duplicate|returned|cancelled|unpaid|fraud|terms_violation|not_validated|other");
    assertThat(WireEnum.parse(DeclineReason.class, "terms_violation"))
        .contains(DeclineReason.TERMS_VIOLATION);
    assertThat(Action.AUTO_APPROVE).hasToString("auto_approve");
    assertThat(DeclineReason.RETURNED.words()).isEqualTo("the customer returned the order");
  }
}
