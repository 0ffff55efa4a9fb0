package dev.levier.finance;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An advertiser's invoice for one closed month, in one currency: the locked commissions and fees of
 * the period (and the clawbacks and adjustments booked in it), VAT at the rate of the advertiser's
 * country, and the total.
 *
 * <p>Totals are exact: the net amount is the sum of the lines' commissions and fees to the minor
 * unit, VAT is the net amount times the rate rounded once, half-even, on the invoice total (not per
 * line, so the lines carry no VAT rounding of their own), and the gross amount is net plus VAT. An
 * advertiser billed in two currencies gets one invoice per currency. When clawbacks outweigh new
 * commissions the totals are negative: the invoice is a credit note.
 *
 * @param number the invoice number, from {@link InvoiceNumbers#next}
 * @param advertiserId the advertiser invoiced
 * @param period the closed month invoiced
 * @param country the advertiser's country, which set the VAT rate
 * @param vatPercent the VAT rate in percent, from 0 to 100 ({@link VatRates#percentFor})
 * @param lines at least one, all in one currency, item ids unique
 */
public record Invoice(
    InvoiceNumber number,
    String advertiserId,
    YearMonth period,
    CountryCode country,
    BigDecimal vatPercent,
    List<InvoiceLine> lines) {

  /** The header of the line detail file. */
  public static final String CSV_HEADER =
      "invoice,line,item_id,conversion_id,publisher_id,booked_at,currency,commission,fee,net";

  public Invoice {
    Objects.requireNonNull(number, "number");
    Ids.require(advertiserId, "advertiserId");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(country, "country");
    VatRates.requireValid(vatPercent, "the rate of " + country);
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(
          "lines: invoice " + number + " has no line; a month without activity is not invoiced");
    }
    CurrencyUnit currency = lines.get(0).commission().currency();
    Set<String> itemIds = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      InvoiceLine line = lines.get(i);
      if (!line.commission().currency().equals(currency)) {
        throw new IllegalArgumentException(
            "lines["
                + i
                + "] ("
                + line.itemId()
                + "): "
                + line.commission()
                + " is not in "
                + currency
                + "; an invoice is in one currency");
      }
      if (!itemIds.add(line.itemId())) {
        throw new IllegalArgumentException(
            "lines[" + i + "]: " + line.itemId() + " is billed twice on invoice " + number);
      }
    }
  }

  /** The currency of every amount on the invoice. */
  public CurrencyUnit currency() {
    return lines.get(0).commission().currency();
  }

  /** The commissions billed, summed. */
  public Money commission() {
    Money sum = Money.zero(currency());
    for (InvoiceLine line : lines) {
      sum = sum.plus(line.commission());
    }
    return sum;
  }

  /** The network fees billed, summed. */
  public Money fees() {
    Money sum = Money.zero(currency());
    for (InvoiceLine line : lines) {
      sum = sum.plus(line.fee());
    }
    return sum;
  }

  /** Commissions plus fees: the sum of the lines, before VAT. */
  public Money net() {
    return commission().plus(fees());
  }

  /** The VAT on the net amount, rounded once, half-even. */
  public Money vat() {
    return net().percent(vatPercent);
  }

  /** What the advertiser pays: net plus VAT. */
  public Money gross() {
    Money net = net();
    return net.plus(net.percent(vatPercent));
  }

  /**
   * Writes the line detail: {@link #CSV_HEADER}, then one row per line in order, numbered from 1,
   * amounts in major units with the currency's decimals and times in ISO 8601 UTC.
   */
  public void writeLinesCsv(Appendable out) {
    Objects.requireNonNull(out, "out");
    Csv.row(out, CSV_HEADER);
    String invoice = number.toString();
    int lineNo = 0;
    for (InvoiceLine line : lines) {
      lineNo++;
      Csv.row(
          out,
          Csv.plain(invoice),
          Integer.toString(lineNo),
          Csv.text(line.itemId()),
          Csv.text(line.conversionId()),
          Csv.text(line.publisherId()),
          Csv.plain(line.bookedAt().toString()),
          Csv.plain(line.commission().currency().code()),
          Csv.plain(line.commission().toDecimalString()),
          Csv.plain(line.fee().toDecimalString()),
          Csv.plain(line.net().toDecimalString()));
    }
  }
}
