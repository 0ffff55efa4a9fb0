package dev.levier.commission;

import dev.levier.money.Money;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What closing one publisher's month books on top of its commissions: the adjustments of the volume
 * tier reached and the bonuses earned, each with its explanation. When the month was already
 * settled, only the difference is booked, which is nothing if nothing changed.
 *
 * @param publisherId the publisher
 * @param month the month closed, in the programme's time zone
 * @param sales the confirmed sales counted, by order
 * @param newCustomers the confirmed sales to new customers counted, by order
 * @param tier the highest volume tier reached, or null
 * @param adjustments what to book on each commission, in the order the commissions were given
 * @param bonuses what to book for each bonus, in the order the bonuses are defined
 * @param total the adjustments and bonuses added up
 * @param summary the settlement in one plain sentence
 */
public record PeriodSettlement(
    String publisherId,
    YearMonth month,
    int sales,
    int newCustomers,
    @Nullable VolumeTier tier,
    List<Adjustment> adjustments,
    List<BonusAward> bonuses,
    Money total,
    String summary) {

  public PeriodSettlement {
    Objects.requireNonNull(publisherId, "publisherId");
    Objects.requireNonNull(month, "month");
    adjustments = List.copyOf(adjustments);
    bonuses = List.copyOf(bonuses);
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(summary, "summary");
  }

  /** Whether nothing is to be booked. */
  public boolean isEmpty() {
    return adjustments.isEmpty() && bonuses.isEmpty();
  }

  /** The summary, then one line of text per adjustment and bonus. */
  public String explain() {
    StringBuilder text = new StringBuilder(summary);
    adjustments.forEach(a -> text.append('\n').append(a.explanation()));
    bonuses.forEach(b -> text.append('\n').append(b.explanation()));
    return text.toString();
  }
}
