package dev.levier.finance;

import dev.levier.auth.Principal;
import dev.levier.errors.FieldError;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Monthly invoices: for a closed month, each advertiser is invoiced per currency for the
 * commissions locked in that month and their network fees, less what clawbacks took back since its
 * last invoice, with the VAT rate of its country. Numbers are drawn from one gap-free series per
 * year; an invoice, once issued, is booked and never changes.
 */
public final class InvoiceService {
  static final InvoiceNumbers SERIES = new InvoiceNumbers("LEV");

  private final Database database;
  private final Clock clock;

  public InvoiceService(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** An invoice as the API shows it. */
  public record Issued(
      String number,
      String advertiserId,
      String month,
      String currency,
      String country,
      String vatPercent,
      String commission,
      String fees,
      String net,
      String vat,
      String gross,
      int lines,
      Instant issuedAt) {}

  /** One item billed, before it is on an invoice. */
  private record Item(
      String itemId,
      @Nullable String conversionId,
      String publisherId,
      Instant bookedAt,
      long commission,
      long fee,
      @Nullable Long commissionRow,
      @Nullable Long clawbackRow,
      @Nullable Long incentiveRow) {}

  private record Billed(
      long advertiserRow, String advertiserId, CountryCode country, ZoneId zone) {}

  /** Issues the invoices of a month; returns those issued now (none twice). */
  public List<Issued> run(Principal caller, YearMonth month) {
    BillingService.requireAdmin(caller);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          Map<Long, Billed> advertisers = new TreeMap<>();
          Map<String, List<Item>> items = new TreeMap<>();
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT k.id, k.public_id, v.public_id AS conversion_public_id,"
                      + " p.public_id AS publisher_public_id, k.amount_minor, k.fee_minor,"
                      + " k.locked_at, k.ordered_at, k.currency, a.id AS advertiser_row,"
                      + " a.public_id AS advertiser_public_id, a.country, a.time_zone"
                      + " FROM commission k JOIN conversion v ON v.id = k.conversion_id"
                      + " JOIN publisher p ON p.id = k.publisher_id"
                      + " JOIN programme g ON g.id = k.programme_id"
                      + " JOIN advertiser a ON a.id = g.advertiser_id"
                      + " WHERE k.status = 'locked' AND k.invoice_id IS NULL ORDER BY k.id",
                  r -> {
                    Billed billed =
                        new Billed(
                            r.getLong("advertiser_row"),
                            Sql.requiredString(r, "advertiser_public_id"),
                            CountryCode.of(Sql.requiredString(r, "country")),
                            ZoneId.of(Sql.requiredString(r, "time_zone")));
                    Instant ordered = Sql.requiredInstant(r, "ordered_at");
                    Item item =
                        new Item(
                            Sql.requiredString(r, "public_id"),
                            Sql.requiredString(r, "conversion_public_id"),
                            Sql.requiredString(r, "publisher_public_id"),
                            Sql.requiredInstant(r, "locked_at"),
                            r.getLong("amount_minor"),
                            r.getLong("fee_minor"),
                            r.getLong("id"),
                            null,
                            null);
                    boolean inMonth = YearMonth.from(ordered.atZone(billed.zone())).equals(month);
                    return new Object[] {billed, item, Sql.requiredString(r, "currency"), inMonth};
                  })) {
            if (!(Boolean) row[3]) {
              continue;
            }
            Billed billed = (Billed) row[0];
            advertisers.put(billed.advertiserRow(), billed);
            items
                .computeIfAbsent(billed.advertiserRow() + ":" + row[2], k -> new ArrayList<>())
                .add((Item) row[1]);
          }
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT w.id, w.entry_key, w.amount_minor, w.fee_refund_minor, w.booked_at,"
                      + " w.currency, v.public_id AS conversion_public_id,"
                      + " p.public_id AS publisher_public_id, a.id AS advertiser_row,"
                      + " a.public_id AS advertiser_public_id, a.country, a.time_zone"
                      + " FROM clawback w JOIN commission k ON k.id = w.commission_id"
                      + " JOIN conversion v ON v.id = k.conversion_id"
                      + " JOIN publisher p ON p.id = k.publisher_id"
                      + " JOIN programme g ON g.id = k.programme_id"
                      + " JOIN advertiser a ON a.id = g.advertiser_id"
                      + " WHERE w.invoice_id IS NULL AND w.booked_at < ? ORDER BY w.id",
                  r ->
                      new Object[] {
                        new Billed(
                            r.getLong("advertiser_row"),
                            Sql.requiredString(r, "advertiser_public_id"),
                            CountryCode.of(Sql.requiredString(r, "country")),
                            ZoneId.of(Sql.requiredString(r, "time_zone"))),
                        new Item(
                            Sql.requiredString(r, "entry_key"),
                            Sql.requiredString(r, "conversion_public_id"),
                            Sql.requiredString(r, "publisher_public_id"),
                            Sql.requiredInstant(r, "booked_at"),
                            -r.getLong("amount_minor"),
                            -r.getLong("fee_refund_minor"),
                            null,
                            r.getLong("id"),
                            null),
                        Sql.requiredString(r, "currency")
                      },
                  now)) {
            Billed billed = (Billed) row[0];
            String key = billed.advertiserRow() + ":" + row[2];
            // Clawbacks ride on an invoice the month has anyway; alone, they wait for one.
            if (items.containsKey(key)) {
              items.get(key).add((Item) row[1]);
            }
          }
          // Tier adjustments and bonuses of the month are billed with its commissions.
          for (Object[] row :
              Sql.query(
                  c,
                  "SELECT i.id, i.entry_key, i.amount_minor, i.booked_at, i.currency,"
                      + " v.public_id AS conversion_public_id, p.public_id AS publisher_public_id,"
                      + " g.advertiser_id AS advertiser_row FROM incentive i"
                      + " JOIN publisher p ON p.id = i.publisher_id"
                      + " JOIN programme g ON g.id = i.programme_id"
                      + " LEFT JOIN commission k ON k.id = i.commission_id"
                      + " LEFT JOIN conversion v ON v.id = k.conversion_id"
                      + " WHERE i.invoice_id IS NULL AND i.period = ? ORDER BY i.id",
                  r ->
                      new Object[] {
                        r.getLong("advertiser_row"),
                        new Item(
                            Sql.requiredString(r, "entry_key"),
                            r.getString("conversion_public_id"),
                            Sql.requiredString(r, "publisher_public_id"),
                            Sql.requiredInstant(r, "booked_at"),
                            r.getLong("amount_minor"),
                            0,
                            null,
                            null,
                            r.getLong("id")),
                        Sql.requiredString(r, "currency")
                      },
                  month.toString())) {
            String key = row[0] + ":" + row[2];
            if (items.containsKey(key)) {
              items.get(key).add((Item) row[1]);
            }
          }
          List<FieldError> missingVat = new ArrayList<>();
          Map<String, BigDecimal> vat = new LinkedHashMap<>();
          for (Billed billed : advertisers.values()) {
            BigDecimal percent = BillingService.vatPercent(c, billed.country()).orElse(null);
            if (percent == null) {
              missingVat.add(
                  new FieldError(
                      "month",
                      "advertiser "
                          + billed.advertiserId()
                          + " is in "
                          + billed.country().code()
                          + ", which has no VAT rate; set it with POST /api/v1/vat-rates"));
            } else {
              vat.put(billed.country().code(), percent);
            }
          }
          if (!missingVat.isEmpty()) {
            throw new ValidationException(missingVat);
          }
          List<Issued> issued = new ArrayList<>();
          for (Map.Entry<String, List<Item>> group : items.entrySet()) {
            long advertiserRow = Long.parseLong(group.getKey().split(":", 2)[0]);
            CurrencyUnit currency = CurrencyUnit.of(group.getKey().split(":", 2)[1]);
            Billed billed = advertisers.get(advertiserRow);
            if (billed == null) {
              continue;
            }
            issued.add(issue(c, billed, currency, month, vat, group.getValue(), now));
          }
          return issued;
        });
  }

  private Issued issue(
      Connection c,
      Billed billed,
      CurrencyUnit currency,
      YearMonth month,
      Map<String, BigDecimal> vat,
      List<Item> items,
      Instant now)
      throws SQLException {
    List<InvoiceLine> lines = new ArrayList<>();
    for (Item item : items) {
      lines.add(
          new InvoiceLine(
              item.itemId(),
              item.conversionId(),
              item.publisherId(),
              item.bookedAt(),
              Money.ofMinor(item.commission(), currency),
              Money.ofMinor(item.fee(), currency)));
    }
    InvoiceNumber number = nextNumber(c, month.getYear());
    BigDecimal percent = vat.getOrDefault(billed.country().code(), BigDecimal.ZERO);
    Invoice invoice =
        new Invoice(number, billed.advertiserId(), month, billed.country(), percent, lines);
    long invoiceRow =
        Sql.insert(
            c,
            "INSERT INTO invoice (number, advertiser_id, period, currency, country, vat_percent,"
                + " commission_minor, fee_minor, net_minor, vat_minor, gross_minor, issued_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            number.toString(),
            billed.advertiserRow(),
            month.toString(),
            currency.code(),
            billed.country().code(),
            percent,
            invoice.commission().minor(),
            invoice.fees().minor(),
            invoice.net().minor(),
            invoice.vat().minor(),
            invoice.gross().minor(),
            now);
    int lineNo = 1;
    for (Item item : items) {
      Sql.update(
          c,
          "INSERT INTO invoice_line (invoice_id, line_no, item_id, conversion_ref, publisher_ref,"
              + " booked_at, commission_minor, fee_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          invoiceRow,
          lineNo++,
          item.itemId(),
          Sql.text(item.conversionId()),
          item.publisherId(),
          item.bookedAt(),
          item.commission(),
          item.fee());
      if (item.commissionRow() != null) {
        Sql.update(
            c,
            "UPDATE commission SET status = 'invoiced', invoice_id = ?, version = version + 1,"
                + " updated_at = ? WHERE id = ?",
            invoiceRow,
            now,
            item.commissionRow());
      }
      if (item.incentiveRow() != null) {
        Sql.update(
            c, "UPDATE incentive SET invoice_id = ? WHERE id = ?", invoiceRow, item.incentiveRow());
      }
      if (item.clawbackRow() != null) {
        Sql.update(
            c, "UPDATE clawback SET invoice_id = ? WHERE id = ?", invoiceRow, item.clawbackRow());
      }
    }
    if (!invoice.net().isZero()) {
      LedgerStore.post(c, List.of(Books.invoice(invoice, now)));
    }
    return view(invoice, lines.size(), now);
  }

  /** Draws the next number of the year; the counter row is locked until the transaction ends. */
  private static InvoiceNumber nextNumber(Connection c, int year) throws SQLException {
    Integer last =
        Sql.queryOne(
                c,
                "SELECT last_number FROM invoice_counter WHERE series_year = ? FOR UPDATE",
                r -> r.getInt(1),
                year)
            .orElse(null);
    InvoiceNumber next =
        SERIES.next(last == null || last == 0 ? null : new InvoiceNumber("LEV", year, last), year);
    if (last == null) {
      Sql.update(
          c,
          "INSERT INTO invoice_counter (series_year, last_number) VALUES (?, ?)",
          year,
          next.sequence());
    } else {
      Sql.update(
          c,
          "UPDATE invoice_counter SET last_number = ? WHERE series_year = ?",
          next.sequence(),
          year);
    }
    return next;
  }

  /** An advertiser's payment of an invoice, as booked. */
  public record Payment(
      String invoice, String paymentId, String amount, String paid, String outstanding) {}

  /**
   * Books an advertiser's payment of an invoice (cash in, receivable down). The bank's reference
   * names it: booking the same reference again changes nothing.
   */
  public Payment recordPayment(Principal caller, String number, String amount, String reference) {
    BillingService.requireAdmin(caller);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          Issued invoice = find(c, caller, number);
          CurrencyUnit currency = CurrencyUnit.of(invoice.currency());
          Money paid;
          try {
            paid = Money.parse(amount, currency);
          } catch (IllegalArgumentException e) {
            throw ValidationException.of("amount", String.valueOf(e.getMessage()));
          }
          if (!paid.isPositive()) {
            throw ValidationException.of("amount", "must be above zero");
          }
          LedgerStore.post(
              c, List.of(Books.payment(reference, invoice.advertiserId(), paid, number, now)));
          long total =
              Sql.queryOne(
                      c,
                      "SELECT COALESCE(SUM(p.amount_minor), 0) FROM ledger_posting p"
                          + " JOIN ledger_entry e ON e.id = p.entry_id WHERE e.kind = 'payment'"
                          + " AND e.invoice_ref = ? AND p.account_kind = 'cash'",
                      r -> r.getLong(1),
                      number)
                  .orElse(0L);
          Money gross = Money.parse(invoice.gross(), currency);
          return new Payment(
              number,
              reference,
              paid.toDecimalString(),
              Money.ofMinor(total, currency).toDecimalString(),
              gross.minus(Money.ofMinor(total, currency)).toDecimalString());
        });
  }

  public List<Issued> list(
      Principal caller, @Nullable String advertiserId, @Nullable String month) {
    String owner = caller.isAdmin() ? advertiserId : caller.owner();
    if (caller.role() == dev.levier.auth.Role.PUBLISHER) {
      throw new dev.levier.errors.ForbiddenException("invoices are the advertisers'");
    }
    StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (owner != null) {
      sql.append(" AND a.public_id = ?");
      params.add(owner);
    }
    if (month != null) {
      sql.append(" AND i.period = ?");
      params.add(month);
    }
    sql.append(" ORDER BY i.number");
    return database.transaction(
        c -> Sql.query(c, sql.toString(), InvoiceService::map, params.toArray()));
  }

  public Issued get(Principal caller, String number) {
    return database.transaction(c -> find(c, caller, number));
  }

  /** The invoice's lines as CSV, one line per commission or clawback. */
  public String linesCsv(Principal caller, String number) {
    return database.transaction(
        c -> {
          Issued issued = find(c, caller, number);
          CurrencyUnit currency = CurrencyUnit.of(issued.currency());
          List<InvoiceLine> lines =
              Sql.query(
                  c,
                  "SELECT l.item_id, l.conversion_ref, l.publisher_ref, l.booked_at,"
                      + " l.commission_minor, l.fee_minor FROM invoice_line l"
                      + " JOIN invoice i ON i.id = l.invoice_id WHERE i.number = ? ORDER BY l.line_no",
                  r ->
                      new InvoiceLine(
                          Sql.requiredString(r, "item_id"),
                          r.getString("conversion_ref"),
                          Sql.requiredString(r, "publisher_ref"),
                          Sql.requiredInstant(r, "booked_at"),
                          Money.ofMinor(r.getLong("commission_minor"), currency),
                          Money.ofMinor(r.getLong("fee_minor"), currency)),
                  number);
          Invoice invoice =
              new Invoice(
                  InvoiceNumber.parse(number),
                  issued.advertiserId(),
                  YearMonth.parse(issued.month()),
                  CountryCode.of(issued.country()),
                  new BigDecimal(issued.vatPercent()),
                  lines);
          StringWriter out = new StringWriter();
          invoice.writeLinesCsv(out);
          return out.toString();
        });
  }

  private static final String SELECT =
      "SELECT i.number, a.public_id AS advertiser_public_id, i.period, i.currency, i.country,"
          + " i.vat_percent, i.commission_minor, i.fee_minor, i.net_minor, i.vat_minor,"
          + " i.gross_minor, i.issued_at,"
          + " (SELECT COUNT(*) FROM invoice_line l WHERE l.invoice_id = i.id) AS line_count"
          + " FROM invoice i JOIN advertiser a ON a.id = i.advertiser_id";

  private static Issued find(Connection c, Principal caller, String number) throws SQLException {
    Issued issued =
        Sql.queryOne(c, SELECT + " WHERE i.number = ?", InvoiceService::map, number)
            .orElseThrow(() -> new NotFoundException("invoice", number));
    if (!caller.isAdmin() && !caller.isAdvertiser(issued.advertiserId())) {
      throw new NotFoundException("invoice", number);
    }
    return issued;
  }

  private static Issued map(java.sql.ResultSet r) throws SQLException {
    CurrencyUnit currency = CurrencyUnit.of(Sql.requiredString(r, "currency"));
    return new Issued(
        Sql.requiredString(r, "number"),
        Sql.requiredString(r, "advertiser_public_id"),
        Sql.requiredString(r, "period"),
        currency.code(),
        Sql.requiredString(r, "country"),
        r.getBigDecimal("vat_percent").stripTrailingZeros().toPlainString(),
        amount(r.getLong("commission_minor"), currency),
        amount(r.getLong("fee_minor"), currency),
        amount(r.getLong("net_minor"), currency),
        amount(r.getLong("vat_minor"), currency),
        amount(r.getLong("gross_minor"), currency),
        r.getInt("line_count"),
        Sql.requiredInstant(r, "issued_at"));
  }

  private static Issued view(Invoice invoice, int lines, Instant at) {
    CurrencyUnit currency = invoice.currency();
    return new Issued(
        invoice.number().toString(),
        invoice.advertiserId(),
        invoice.period().toString(),
        currency.code(),
        invoice.country().code(),
        invoice.vatPercent().stripTrailingZeros().toPlainString(),
        invoice.commission().toDecimalString(),
        invoice.fees().toDecimalString(),
        invoice.net().toDecimalString(),
        invoice.vat().toDecimalString(),
        invoice.gross().toDecimalString(),
        lines,
        at);
  }

  private static String amount(long minor, CurrencyUnit currency) {
    return Money.ofMinor(minor, currency).toDecimalString();
  }
}
