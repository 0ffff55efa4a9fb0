package dev.levier.conversion;

import dev.levier.geo.CountryCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which fraud signals a conversion raises. A conversion with any signal is held for review
 * rather than refused: every check here also fires on some honest sales (a returning customer who
 * knows what to buy, an expat ordering from abroad), so a person decides, with the signal's detail
 * in front of them.
 *
 * <p>The checks, each in plain words:
 *
 * <ul>
 *   <li>{@link FraudKind#FAST_CONVERSION}: the order came less than {@link
 *       FraudPolicy#minClickToConversion()} after the credited click (exactly the minimum is fine);
 *   <li>{@link FraudKind#DUPLICATE_ORDER}: the caller counted at least one other order from the
 *       same customer with the same total within {@link FraudPolicy#duplicateWindow()} of it, on
 *       either side (whichever of two such orders is reported second raises the signal);
 *   <li>{@link FraudKind#VELOCITY}, {@link FraudKind#BOT}, {@link FraudKind#DATACENTER_IP}: the
 *       credited click carries the flag {@value Touch#FLAG_VELOCITY}, {@value Touch#FLAG_BOT} or
 *       {@value Touch#FLAG_DATACENTER};
 *   <li>{@link FraudKind#SELF_REFERRAL}: the customer's e-mail hash or customer reference is one of
 *       the credited publisher's own identities;
 *   <li>{@link FraudKind#COUPON_LEAKAGE}: the coupon used is assigned to one publisher and the sale
 *       is credited to a click of another (the coupon was posted where it should not be, or a click
 *       was slipped in after the fact);
 *   <li>{@link FraudKind#COUNTRY_OUTSIDE_PROGRAMME}: the order's country is known, the programme
 *       names its countries, and the order's is not among them.
 * </ul>
 *
 * The click checks need a credited click, self-referral needs a credited publisher; the duplicate
 * and country checks apply to every conversion. Unknown facts raise nothing.
 */
public final class FraudChecks {
  private FraudChecks() {}

  /**
   * The signals the conversion raises, in the order of {@link FraudKind}; empty when it is clean.
   */
  public static List<FraudSignal> evaluate(FraudFacts facts, FraudPolicy policy) {
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(policy, "policy");
    List<FraudSignal> signals = new ArrayList<>();
    Touch click = facts.click();
    Touch credited = facts.attribution().touch();

    if (click != null) {
      Duration elapsed = Duration.between(click.occurredAt(), facts.orderedAt());
      if (elapsed.compareTo(policy.minClickToConversion()) < 0) {
        signals.add(
            new FraudSignal(
                FraudKind.FAST_CONVERSION,
                "the order came "
                    + Durations.words(elapsed)
                    + " after "
                    + click.describe()
                    + "; under "
                    + Durations.words(policy.minClickToConversion())
                    + " is faster than a person shops"));
      }
    }

    int similar = facts.recentSimilarOrders();
    if (similar > 0) {
      signals.add(
          new FraudSignal(
              FraudKind.DUPLICATE_ORDER,
              similar
                  + (similar == 1 ? " other order" : " other orders")
                  + " from the same customer with the same total within "
                  + Durations.words(policy.duplicateWindow())
                  + " of this one"));
    }

    if (click != null) {
      if (click.hasFlag(Touch.FLAG_VELOCITY)) {
        signals.add(
            new FraudSignal(
                FraudKind.VELOCITY,
                click.describe() + " was flagged for velocity: too many clicks from one source"));
      }
      if (click.hasFlag(Touch.FLAG_BOT)) {
        signals.add(
            new FraudSignal(FraudKind.BOT, click.describe() + " was flagged as made by a robot"));
      }
      if (click.hasFlag(Touch.FLAG_DATACENTER)) {
        signals.add(
            new FraudSignal(
                FraudKind.DATACENTER_IP,
                click.describe() + " came from a data-centre network, not a consumer connection"));
      }
    }

    if (credited != null) {
      Set<Identity> own = facts.publisherIdentities();
      EmailHash hash = facts.emailHash();
      CustomerRef customerRef = facts.customerRef();
      boolean email = hash != null && own.contains(hash);
      boolean ref = customerRef != null && own.contains(customerRef);
      if (email || ref) {
        String which =
            email && ref
                ? "the customer's e-mail hash and customer reference are"
                : email ? "the customer's e-mail hash is" : "the customer reference is";
        signals.add(
            new FraudSignal(
                FraudKind.SELF_REFERRAL,
                which
                    + " among the identities of publisher "
                    + credited.publisherId()
                    + ", who is credited with the sale"));
      }
    }

    String coupon = facts.coupon();
    String owner = facts.couponPublisherId();
    if (click != null && coupon != null && owner != null && !owner.equals(click.publisherId())) {
      signals.add(
          new FraudSignal(
              FraudKind.COUPON_LEAKAGE,
              "coupon "
                  + coupon
                  + " is assigned to publisher "
                  + owner
                  + ", but the sale is credited to "
                  + click.describe()
                  + " of publisher "
                  + click.publisherId()));
    }

    CountryCode country = facts.country();
    Set<CountryCode> allowed = facts.programmeCountries();
    if (country != null && !allowed.isEmpty() && !allowed.contains(country)) {
      signals.add(
          new FraudSignal(
              FraudKind.COUNTRY_OUTSIDE_PROGRAMME,
              "the order came from "
                  + country
                  + ", but the programme runs only in "
                  + allowed.stream()
                      .map(CountryCode::code)
                      .sorted()
                      .collect(Collectors.joining(", "))));
    }
    return List.copyOf(signals);
  }

  /** Whether a conversion with these signals is held for review: when there is any. */
  public static boolean holds(List<FraudSignal> signals) {
    return !signals.isEmpty();
  }
}
