package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.geo.CountryCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FraudChecksTest {

  private static final Instant ORDER = Instant.parse("2026-05-01T12:00:00Z");
  private static final FraudPolicy POLICY = FraudPolicy.DEFAULTS;

  private static Touch clickAt(Instant at, String... flags) {
    return Touch.click(TouchKind.CLICK, at, "prt_b", "pub_b", "ABC", true).withFlags(Set.of(flags));
  }

  private static FraudFacts clicked(Touch click) {
    return FraudFacts.of(new Attribution(AttributionKey.CLICK_ID, click, List.of()), ORDER);
  }

  /** Clicked an hour before: no click signal. */
  private static FraudFacts clean() {
    return clicked(clickAt(ORDER.minus(Duration.ofHours(1))));
  }

  private static FraudFacts unattributed() {
    return FraudFacts.of(Attribution.unattributed(List.of()), ORDER);
  }

  @Test
  void aCleanConversionRaisesNothingAndIsNotHeld() {
    List<FraudSignal> signals = FraudChecks.evaluate(clean(), POLICY);

    assertThat(signals).isEmpty();
    assertThat(FraudChecks.holds(signals)).isFalse();
  }

  @Test
  void anyFraudSignalHoldsTheConversion() {
    assertThat(FraudChecks.holds(List.of(new FraudSignal(FraudKind.BOT, "a robot")))).isTrue();
  }

  @Test
  void anOrderFasterThanTheMinimumAfterItsClickIsSuspect() {
    FraudFacts fast = clicked(clickAt(ORDER.minus(Duration.ofMillis(4_999))));

    assertThat(FraudChecks.evaluate(fast, POLICY))
        .containsExactly(
            new FraudSignal(
                FraudKind.FAST_CONVERSION,
                "the order came 4.999 seconds after click ABC;"
                    + " under 5 seconds is faster than a person shops"));
  }

  @Test
  void exactlyTheMinimumIsFine() {
    FraudFacts edge = clicked(clickAt(ORDER.minusSeconds(5)));

    assertThat(FraudChecks.evaluate(edge, POLICY)).isEmpty();
  }

  @Test
  void aMinimumOfZeroTurnsTheCheckOff() {
    FraudFacts sameInstant = clicked(clickAt(ORDER));

    assertThat(FraudChecks.evaluate(sameInstant, new FraudPolicy(0, 10))).isEmpty();
    assertThat(FraudChecks.evaluate(sameInstant, POLICY))
        .extracting(FraudSignal::kind)
        .containsExactly(FraudKind.FAST_CONVERSION);
  }

  @Test
  void aCouponIsNotAClickSoHasNoClickChecks() {
    Touch coupon = Touch.coupon(ORDER, "prt_b", "pub_b", true).withFlags(Set.of("bot"));
    FraudFacts facts =
        FraudFacts.of(new Attribution(AttributionKey.COUPON, coupon, List.of()), ORDER);

    assertThat(facts.clickedAt()).isNull();
    assertThat(facts.clickFlags()).isEmpty();
    assertThat(FraudChecks.evaluate(facts, POLICY)).isEmpty();
  }

  @Test
  void recentSimilarOrdersAreDuplicates() {
    assertThat(FraudChecks.evaluate(clean().withRecentSimilarOrders(1), POLICY))
        .containsExactly(
            new FraudSignal(
                FraudKind.DUPLICATE_ORDER,
                "1 other order from the same customer with the same total within 10 minutes"
                    + " of this one"));
    assertThat(FraudChecks.evaluate(unattributed().withRecentSimilarOrders(3), POLICY))
        .extracting(FraudSignal::detail)
        .containsExactly(
            "3 other orders from the same customer with the same total within 10 minutes"
                + " of this one");
    assertThat(FraudChecks.evaluate(clean().withRecentSimilarOrders(0), POLICY)).isEmpty();
  }

  @Test
  void clickFlagsBecomeSignals() {
    FraudFacts flagged =
        clicked(clickAt(ORDER.minus(Duration.ofHours(1)), "velocity", "bot", "datacenter", "odd"));

    assertThat(FraudChecks.evaluate(flagged, POLICY))
        .containsExactly(
            new FraudSignal(
                FraudKind.VELOCITY,
                "click ABC was flagged for velocity: too many clicks from one source"),
            new FraudSignal(FraudKind.BOT, "click ABC was flagged as made by a robot"),
            new FraudSignal(
                FraudKind.DATACENTER_IP,
                "click ABC came from a data-centre network, not a consumer connection"));
    assertThat(flagged.clickFlags()).contains("odd");
  }

  @Test
  void aPublisherBuyingThroughTheirOwnLinkIsASelfReferral() {
    EmailHash own = EmailHash.of("owner@publisher.example");
    CustomerRef ownRef = CustomerRef.of("C-42");

    FraudFacts byEmail =
        clean().withCustomer(own, null).withPublisherIdentities(Set.of(own, CustomerRef.of("x")));
    FraudFacts byRef =
        clean()
            .withCustomer(EmailHash.of("a@b.example"), ownRef)
            .withPublisherIdentities(Set.of(ownRef));
    FraudFacts byBoth =
        clean().withCustomer(own, ownRef).withPublisherIdentities(Set.of(own, ownRef));

    assertThat(FraudChecks.evaluate(byEmail, POLICY))
        .containsExactly(
            new FraudSignal(
                FraudKind.SELF_REFERRAL,
                "the customer's e-mail hash is among the identities of publisher pub_b,"
                    + " who is credited with the sale"));
    assertThat(FraudChecks.evaluate(byRef, POLICY))
        .extracting(FraudSignal::detail)
        .containsExactly(
            "the customer reference is among the identities of publisher pub_b,"
                + " who is credited with the sale");
    assertThat(FraudChecks.evaluate(byBoth, POLICY))
        .extracting(FraudSignal::detail)
        .containsExactly(
            "the customer's e-mail hash and customer reference are among the identities of"
                + " publisher pub_b, who is credited with the sale");
  }

  @Test
  void aStrangerIsNoSelfReferralAndNoPublisherMeansNoCheck() {
    EmailHash own = EmailHash.of("owner@publisher.example");

    assertThat(
            FraudChecks.evaluate(
                clean()
                    .withCustomer(EmailHash.of("someone@else.example"), CustomerRef.of("C-1"))
                    .withPublisherIdentities(Set.of(own)),
                POLICY))
        .isEmpty();
    assertThat(
            FraudChecks.evaluate(
                unattributed().withCustomer(own, null).withPublisherIdentities(Set.of(own)),
                POLICY))
        .isEmpty();
  }

  @Test
  void aCouponOfOnePublisherOnAnothersClickIsLeakage() {
    assertThat(FraudChecks.evaluate(clean().withCoupon("SPRING10", "pub_a"), POLICY))
        .containsExactly(
            new FraudSignal(
                FraudKind.COUPON_LEAKAGE,
                "coupon SPRING10 is assigned to publisher pub_a, but the sale is credited to"
                    + " click ABC of publisher pub_b"));
  }

  @Test
  void aCouponOfTheClickingPublisherOrOfNobodyIsFine() {
    assertThat(FraudChecks.evaluate(clean().withCoupon("SPRING10", "pub_b"), POLICY)).isEmpty();
    assertThat(FraudChecks.evaluate(clean().withCoupon("WELCOME", null), POLICY)).isEmpty();
    Touch coupon = Touch.coupon(ORDER, "prt_a", "pub_a", true);
    FraudFacts creditedToTheCoupon =
        FraudFacts.of(new Attribution(AttributionKey.COUPON, coupon, List.of()), ORDER)
            .withCoupon("SPRING10", "pub_a");
    assertThat(FraudChecks.evaluate(creditedToTheCoupon, POLICY)).isEmpty();
    assertThat(FraudChecks.evaluate(unattributed().withCoupon("SPRING10", "pub_a"), POLICY))
        .isEmpty();
  }

  @Test
  void anOrderFromOutsideTheProgrammesCountriesIsSuspect() {
    Set<CountryCode> programme = Set.of(CountryCode.of("FR"), CountryCode.of("DE"));

    assertThat(FraudChecks.evaluate(clean().withCountry(CountryCode.of("BR"), programme), POLICY))
        .containsExactly(
            new FraudSignal(
                FraudKind.COUNTRY_OUTSIDE_PROGRAMME,
                "the order came from BR, but the programme runs only in DE, FR"));
    assertThat(FraudChecks.evaluate(clean().withCountry(CountryCode.of("DE"), programme), POLICY))
        .isEmpty();
    assertThat(FraudChecks.evaluate(clean().withCountry(null, programme), POLICY))
        .as("an unknown country raises nothing")
        .isEmpty();
    assertThat(FraudChecks.evaluate(clean().withCountry(CountryCode.of("BR"), Set.of()), POLICY))
        .as("a programme without countries runs everywhere")
        .isEmpty();
  }

  @Test
  void signalsComeInTheOrderOfTheirKinds() {
    EmailHash own = EmailHash.of("owner@publisher.example");
    FraudFacts everything =
        clicked(clickAt(ORDER.minusSeconds(1), "bot", "velocity", "datacenter"))
            .withRecentSimilarOrders(2)
            .withCustomer(own, null)
            .withPublisherIdentities(Set.of(own))
            .withCoupon("SPRING10", "pub_a")
            .withCountry(CountryCode.of("BR"), Set.of(CountryCode.of("FR")));

    assertThat(FraudChecks.evaluate(everything, POLICY))
        .extracting(FraudSignal::kind)
        .containsExactly(FraudKind.values());
  }

  @Test
  void factsCheckThemselves() {
    assertThatThrownBy(() -> clicked(clickAt(ORDER.plusSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the attributed click ABC is after the order; attribution never credits such a touch");
    assertThatThrownBy(() -> clean().withRecentSimilarOrders(-1))
        .hasMessage("recentSimilarOrders must not be negative, was -1");
    assertThatThrownBy(() -> clean().withCoupon("", null)).hasMessage("coupon must not be empty");
    assertThatThrownBy(
            () ->
                new FraudFacts(
                    Attribution.unattributed(List.of()),
                    ORDER,
                    null,
                    null,
                    Set.of(),
                    null,
                    "pub_a",
                    null,
                    Set.of(),
                    0))
        .hasMessage("a coupon's publisher was given without the coupon");
    assertThat(clean().clickedAt()).isEqualTo(ORDER.minus(Duration.ofHours(1)));
    assertThat(unattributed().clickedAt()).isNull();
  }

  @Test
  void policiesHaveDefaultsAndBounds() {
    assertThat(FraudPolicy.DEFAULTS.minClickToConversion()).isEqualTo(Duration.ofSeconds(5));
    assertThat(FraudPolicy.DEFAULTS.duplicateWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> new FraudPolicy(-1, 10))
        .hasMessage("minClickToConversionSeconds must be between 0 and 3600, was -1");
    assertThatThrownBy(() -> new FraudPolicy(5, 0))
        .hasMessage("duplicateWindowMinutes must be between 1 and 10080, was 0");
    assertThatThrownBy(() -> new FraudPolicy(3_601, 10))
        .hasMessage("minClickToConversionSeconds must be between 0 and 3600, was 3601");
    assertThatThrownBy(() -> new FraudPolicy(5, 10_081))
        .hasMessage("duplicateWindowMinutes must be between 1 and 10080, was 10081");
    assertThat(new FraudPolicy(3_600, 10_080).duplicateWindow()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void signalsHaveWordsAndWireNames() {
    assertThat(FraudKind.COUNTRY_OUTSIDE_PROGRAMME).hasToString("country_outside_programme");
    assertThat(new FraudSignal(FraudKind.BOT, "a robot")).hasToString("bot: a robot");
    assertThatThrownBy(() -> new FraudSignal(FraudKind.BOT, " "))
        .hasMessage("a fraud signal needs a detail in words");
  }
}
