package dev.levier.commission;

import dev.levier.money.Money;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What has already been earned in one month, as monthly caps read it: by the publisher in the
 * programme, and by the whole programme. The caller sums the month's commissions that still earn
 * (not declined or reversed, after returns), in the programme's currency.
 *
 * @param month the month, in the programme's time zone
 * @param publisher what the publisher has earned in the programme this month
 * @param programme what all the programme's publishers have earned this month
 */
public record MonthToDate(YearMonth month, Money publisher, Money programme) {
  public MonthToDate {
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(programme, "programme");
    if (!publisher.currency().equals(programme.currency())) {
      throw new IllegalArgumentException(
          "publisher and programme: must be in one currency, not "
              + publisher
              + " and "
              + programme);
    }
  }

  /** What {@code scope} has earned. */
  public Money earned(MonthlyCap.Scope scope) {
    return switch (scope) {
      case PUBLISHER -> publisher;
      case PROGRAMME -> programme;
    };
  }
}
