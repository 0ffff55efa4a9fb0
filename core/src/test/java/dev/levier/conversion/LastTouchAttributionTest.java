package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastTouchAttributionTest {

  private static final Instant ORDER = Instant.parse("2026-05-01T12:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(30);

  private static Touch click(TouchKind kind, String id, Instant at, String publisher) {
    return Touch.click(kind, at, "prt_" + publisher, publisher, id, true);
  }

  private static Touch click(String id, Instant at) {
    return click(TouchKind.CLICK, id, at, "pub_1");
  }

  private static Attribution attribute(
      List<Touch> byClickId, List<Touch> byCoupon, List<Touch> byVisitor, List<Touch> byCustomer) {
    return LastTouchAttribution.attribute(
        ORDER, WINDOW, byClickId, byCoupon, byVisitor, byCustomer);
  }

  @Test
  void theClickIdWinsWhenItQualifies() {
    Touch theClick = click("ABC", ORDER.minus(Duration.ofHours(2)));
    Touch coupon = Touch.coupon(ORDER, "prt_9", "pub_9", true);

    Attribution result = attribute(List.of(theClick), List.of(coupon), List.of(), List.of());

    assertThat(result.key()).isEqualTo(AttributionKey.CLICK_ID);
    assertThat(result.touch()).isEqualTo(theClick);
    assertThat(result.isAttributed()).isTrue();
    assertThat(result.notes())
        .containsExactly("click id: click ABC of publisher pub_1, 2 hours before the order, wins");
  }

  @Test
  void theLatestQualifyingTouchOfAKeyWins() {
    Touch older = click(TouchKind.VISITOR_CLICK, "V1", ORDER.minus(Duration.ofDays(3)), "pub_1");
    Touch latest = click(TouchKind.VISITOR_CLICK, "V2", ORDER.minus(Duration.ofDays(1)), "pub_2");
    Touch tooLate = click(TouchKind.VISITOR_CLICK, "V3", ORDER.plusSeconds(1), "pub_3");

    Attribution result =
        attribute(List.of(), List.of(), List.of(older, latest, tooLate), List.of());

    assertThat(result.key()).isEqualTo(AttributionKey.VISITOR);
    assertThat(result.touch()).isEqualTo(latest);
    assertThat(result.notes())
        .containsExactly(
            "click id: nothing found",
            "coupon: nothing found",
            "click V3 is 1 second after the order; touches after the order never count",
            "visitor: click V2 of publisher pub_2, 1 day before the order, wins"
                + " over 1 other qualifying touch");
  }

  @Test
  void aTouchExactlyAWindowOldStillCounts() {
    Touch edge = click("EDGE", ORDER.minus(WINDOW));

    assertThat(attribute(List.of(edge), List.of(), List.of(), List.of()).touch()).isEqualTo(edge);
  }

  @Test
  void aTouchOneNanosecondOlderThanTheWindowDoesNot() {
    Touch old = click("OLD", ORDER.minus(WINDOW).minusNanos(1));

    Attribution result = attribute(List.of(old), List.of(), List.of(), List.of());

    assertThat(result.key()).isEqualTo(AttributionKey.NONE);
    assertThat(result.notes())
        .startsWith(
            "click OLD is 30 days 0.000000001 seconds old, outside the 30-day window",
            "click id: none of the 1 touch qualified, trying the next key");
  }

  @Test
  void aTouchAtTheInstantOfTheOrderCountsAndOneAfterItDoesNot() {
    Touch same = click("SAME", ORDER);
    Touch after = click("AFTER", ORDER.plusNanos(1));

    Attribution result = attribute(List.of(after, same), List.of(), List.of(), List.of());

    assertThat(result.touch()).isEqualTo(same);
    assertThat(result.notes())
        .containsExactly(
            "click AFTER is 0.000000001 seconds after the order;"
                + " touches after the order never count",
            "click id: click SAME of publisher pub_1, at the time of the order, wins");
  }

  @Test
  void anExpiredClickIdFallsThroughToTheCoupon() {
    Touch old = click("ABC", ORDER.minus(Duration.ofDays(41)));
    Touch coupon = Touch.coupon(ORDER, "prt_9", "pub_9", true);

    Attribution result = attribute(List.of(old), List.of(coupon), List.of(), List.of());

    assertThat(result.key()).isEqualTo(AttributionKey.COUPON);
    assertThat(result.touch()).isEqualTo(coupon);
    assertThat(result.notes())
        .containsExactly(
            "click ABC is 41 days old, outside the 30-day window",
            "click id: none of the 1 touch qualified, trying the next key",
            "coupon: coupon of publisher pub_9, at the time of the order, wins");
  }

  @Test
  void aDirectKeyBeatsALaterTouchOfAWeakerOne() {
    Touch byId = click("ABC", ORDER.minus(Duration.ofDays(10)));
    Touch byCustomer =
        click(TouchKind.CUSTOMER_CLICK, "C1", ORDER.minus(Duration.ofMinutes(1)), "pub_2");

    Attribution result = attribute(List.of(byId), List.of(), List.of(), List.of(byCustomer));

    assertThat(result.touch()).isEqualTo(byId);
  }

  @Test
  void theCustomerKeyIsTheLastResort() {
    Touch byCustomer =
        click(TouchKind.CUSTOMER_CLICK, "C1", ORDER.minus(Duration.ofDays(2)), "pub_2");

    Attribution result = attribute(List.of(), List.of(), List.of(), List.of(byCustomer));

    assertThat(result.key()).isEqualTo(AttributionKey.CUSTOMER);
    assertThat(result.touch()).isEqualTo(byCustomer);
  }

  @Test
  void nothingQualifyingLeavesTheConversionUnattributed() {
    Attribution result = attribute(List.of(), List.of(), List.of(), List.of());

    assertThat(result.key()).isEqualTo(AttributionKey.NONE);
    assertThat(result.touch()).isNull();
    assertThat(result.isAttributed()).isFalse();
    assertThat(result.notes())
        .containsExactly(
            "click id: nothing found",
            "coupon: nothing found",
            "visitor: nothing found",
            "customer: nothing found",
            "no touch qualified; the conversion is unattributed");
  }

  @Test
  void ofTouchesAtTheSameInstantTheFirstListedWins() {
    Instant at = ORDER.minusSeconds(60);
    Touch first = click("FIRST", at);
    Touch second = click("SECOND", at);

    assertThat(attribute(List.of(first, second), List.of(), List.of(), List.of()).touch())
        .isEqualTo(first);
    assertThat(attribute(List.of(second, first), List.of(), List.of(), List.of()).touch())
        .isEqualTo(second);
  }

  @Test
  void aTouchThatDoesNotEarnStillWinsAndTheNotesSaySo() {
    Touch suspended =
        Touch.click(TouchKind.CLICK, ORDER.minusSeconds(90), "prt_1", "pub_1", "ABC", false);

    Attribution result = attribute(List.of(suspended), List.of(), List.of(), List.of());

    assertThat(result.touch()).isEqualTo(suspended);
    assertThat(result.notes())
        .containsExactly(
            "click id: click ABC of publisher pub_1, 1 minute 30 seconds before the order, wins",
            "click ABC came through a partnership that is not commissionable at present");
  }

  @Test
  void flaggedTouchesStillWin() {
    Touch bot = click("ABC", ORDER.minusSeconds(60)).withFlags(java.util.Set.of("bot"));

    assertThat(attribute(List.of(bot), List.of(), List.of(), List.of()).touch()).isEqualTo(bot);
  }

  @Test
  void skippedTouchesAreNotedUpToFiveThenCounted() {
    List<Touch> old = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      old.add(click("OLD" + i, ORDER.minus(Duration.ofDays(30 + i))));
    }

    Attribution result = attribute(old, List.of(), List.of(), List.of());

    assertThat(result.notes())
        .startsWith(
            "click OLD1 is 31 days old, outside the 30-day window",
            "click OLD2 is 32 days old, outside the 30-day window",
            "click OLD3 is 33 days old, outside the 30-day window",
            "click OLD4 is 34 days old, outside the 30-day window",
            "click OLD5 is 35 days old, outside the 30-day window",
            "click id: 3 more touches were skipped for the same reasons",
            "click id: none of the 8 touches qualified, trying the next key");
  }

  @Test
  void oneSkippedTouchBeyondTheNotedOnesIsCountedInTheSingular() {
    List<Touch> old = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      old.add(click("OLD" + i, ORDER.minus(Duration.ofDays(30 + i))));
    }

    assertThat(attribute(old, List.of(), List.of(), List.of()).notes())
        .contains("click id: 1 more touch was skipped for the same reasons");
  }

  @Test
  void windowsThatAreNotWholeDaysAreWrittenOut() {
    Touch old = click("ABC", ORDER.minus(Duration.ofMinutes(150)));

    Attribution result =
        LastTouchAttribution.attribute(
            ORDER, Duration.ofHours(2), List.of(old), List.of(), List.of(), List.of());

    assertThat(result.notes())
        .first()
        .isEqualTo("click ABC is 2 hours 30 minutes old, outside the window of 2 hours");
  }

  @Test
  void refusesAWindowThatIsNotPositive() {
    assertThatThrownBy(
            () ->
                LastTouchAttribution.attribute(
                    ORDER, Duration.ZERO, List.of(), List.of(), List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the attribution window must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                LastTouchAttribution.attribute(
                    ORDER, Duration.ofDays(-1), List.of(), List.of(), List.of(), List.of()))
        .hasMessage("the attribution window must be positive, was PT-24H");
  }

  @Test
  void refusesATouchInTheWrongList() {
    Touch visitor = click(TouchKind.VISITOR_CLICK, "V1", ORDER, "pub_1");

    assertThatThrownBy(() -> attribute(List.of(visitor), List.of(), List.of(), List.of()))
        .hasMessage("a touch of kind visitor_click was given among the touches found by click_id");
  }

  @Test
  void anAttributionKeepsKeyAndTouchConsistent() {
    Touch theClick = click("ABC", ORDER);

    assertThatThrownBy(() -> new Attribution(AttributionKey.COUPON, theClick, List.of()))
        .hasMessage("a touch of kind click cannot win by key coupon");
    assertThatThrownBy(() -> new Attribution(AttributionKey.CLICK_ID, null, List.of()))
        .hasMessage("an attribution by click_id needs its touch");
    assertThatThrownBy(() -> new Attribution(AttributionKey.NONE, theClick, List.of()))
        .hasMessage("a touch of kind click cannot win by key none");
  }

  @Test
  void touchesCheckTheirFields() {
    assertThatThrownBy(
            () ->
                new Touch(TouchKind.CLICK, ORDER, "prt_1", "pub_1", null, true, java.util.Set.of()))
        .hasMessage("a touch of kind click needs a click id");
    assertThatThrownBy(() -> Touch.coupon(ORDER, "", "pub_1", true))
        .hasMessage("partnership id must not be empty");
    assertThatThrownBy(() -> Touch.coupon(ORDER, "prt_1", "pub 1 ", true))
        .hasMessage("publisher id \"pub 1 \" starts or ends with white space");
    assertThatThrownBy(() -> click("ABC", ORDER).withFlags(java.util.Set.of("")))
        .hasMessage("flag must not be empty");
    assertThat(click("ABC", ORDER).withFlags(java.util.Set.of("bot")).hasFlag("bot")).isTrue();
    assertThat(AttributionKey.CLICK_ID).hasToString("click_id");
    assertThat(TouchKind.CUSTOMER_CLICK.key()).isEqualTo(AttributionKey.CUSTOMER);
  }
}
