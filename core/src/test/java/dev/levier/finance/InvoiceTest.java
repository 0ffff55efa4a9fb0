package dev.levier.finance;

import static dev.levier.finance.BooksTest.AT;
import static dev.levier.finance.BooksTest.eur;
import static dev.levier.finance.BooksTest.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.geo.CountryCode;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvoiceTest {
  static final InvoiceNumber NUMBER = InvoiceNumber.parse("LEV-2026-000123");

  static Invoice invoice(String vatPercent, List<InvoiceLine> lines) {
    return new Invoice(
        NUMBER,
        "adv_1",
        YearMonth.of(2026, 2),
        CountryCode.of("DE"),
        new BigDecimal(vatPercent),
        lines);
  }

  @Test
  void totalsAreExactAndVatIsRoundedOnceOnTheTotal() {
    Invoice invoice =
        invoice(
            "19",
            List.of(
                new InvoiceLine("com_1", "cv_1", "pub_1", AT, eur(1001), eur(301)),
                new InvoiceLine("com_2", "cv_2", "pub_2", AT, eur(333), eur(100)),
                new InvoiceLine("cb_1", "cv_0", "pub_1", AT, eur(-500), eur(-150))));

    assertThat(invoice.commission()).isEqualTo(eur(834));
    assertThat(invoice.fees()).isEqualTo(eur(251));
    assertThat(invoice.net()).isEqualTo(eur(1085));
    assertThat(invoice.vat()).isEqualTo(eur(206)); // 206.15
    assertThat(invoice.gross()).isEqualTo(eur(1291));
    assertThat(invoice.currency()).isEqualTo(BooksTest.EUR);
  }

  @Test
  void vatRoundsHalfEven() {
    // 10% of EUR 0.25 is 2.5 cents, 10% of EUR 0.35 is 3.5 cents
    assertThat(invoice("10", List.of(line("a", 25))).vat()).isEqualTo(eur(2));
    assertThat(invoice("10", List.of(line("a", 35))).vat()).isEqualTo(eur(4));
  }

  @Test
  void aNegativeInvoiceIsACreditNote() {
    Invoice credit = invoice("20", List.of(line("cb_1", -1000)));

    assertThat(credit.gross()).isEqualTo(eur(-1200));
    assertThat(Books.invoice(credit, AT).postings())
        .containsExactly(
            Posting.credit(Account.advertiserReceivable("adv_1", BooksTest.EUR), eur(1200)),
            Posting.debit(Account.advertiserUnbilled("adv_1", BooksTest.EUR), eur(1000)),
            Posting.debit(Account.vatPayable(BooksTest.EUR), eur(200)));
  }

  @Test
  void badInvoicesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> invoice("20", List.of()))
        .hasMessage(
            "lines: invoice LEV-2026-000123 has no line; a month without activity is not invoiced");
    assertThatThrownBy(
            () ->
                invoice(
                    "20",
                    List.of(line("a", 1), new InvoiceLine("b", null, "pub_1", AT, usd(1), usd(0)))))
        .hasMessage("lines[1] (b): USD 0.01 is not in EUR; an invoice is in one currency");
    assertThatThrownBy(() -> invoice("20", List.of(line("a", 1), line("a", 2))))
        .hasMessage("lines[1]: a is billed twice on invoice LEV-2026-000123");
    assertThatThrownBy(() -> invoice("120", List.of(line("a", 1))))
        .hasMessage("vatPercent: the rate of DE must be from 0 to 100, not 120");
    assertThatThrownBy(() -> new InvoiceLine("a", null, "pub_1", AT, eur(1), usd(1)))
        .hasMessage("fee: line a has its commission in EUR and its fee in USD");
  }

  @Test
  void vatRatesComeFromTheAdvertisersCountryAndAMissingOneIsAnError() {
    VatRates rates =
        new VatRates(
            Map.of(
                CountryCode.of("FR"), new BigDecimal("20"), CountryCode.of("BE"), BigDecimal.ZERO));

    assertThat(rates.percentFor(CountryCode.of("FR"))).isEqualByComparingTo("20");
    assertThat(rates.percentFor(CountryCode.of("BE"))).isEqualByComparingTo("0");
    assertThatThrownBy(() -> rates.percentFor(CountryCode.of("DE")))
        .hasMessage("no VAT rate for DE; add one (0 for reverse charge) before invoicing");
  }

  @Test
  void theLineDetailIsCsvWithQuotingAndNoFormulas() {
    Invoice invoice =
        invoice(
            "20",
            List.of(
                new InvoiceLine("com_1", "cv_1", "pub_1", AT, eur(1000), eur(310)),
                new InvoiceLine("adj \"goodwill\", march", null, "pub_2", AT, eur(-5), eur(0)),
                new InvoiceLine("=HYPERLINK(1)", "-1", "pub_3", AT, eur(1), eur(0))));
    StringBuilder out = new StringBuilder();

    invoice.writeLinesCsv(out);

    assertThat(out.toString())
        .isEqualTo(
            "invoice,line,item_id,conversion_id,publisher_id,booked_at,currency,commission,fee,net\r\n"
                + "LEV-2026-000123,1,com_1,cv_1,pub_1,2026-03-02T10:00:00Z,EUR,10.00,3.10,13.10\r\n"
                + "LEV-2026-000123,2,\"adj \"\"goodwill\"\", march\",,pub_2,2026-03-02T10:00:00Z,EUR,-0.05,0.00,-0.05\r\n"
                + "LEV-2026-000123,3,'=HYPERLINK(1),'-1,pub_3,2026-03-02T10:00:00Z,EUR,0.01,0.00,0.01\r\n");
  }

  static InvoiceLine line(String id, long cents) {
    return new InvoiceLine(id, null, "pub_1", AT, eur(cents), eur(0));
  }
}
