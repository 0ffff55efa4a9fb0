package dev.levier.conversion;

import dev.levier.analytics.SaleRollups;
import dev.levier.auth.Principal;
import dev.levier.commission.CommissionActions;
import dev.levier.errors.ConflictException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reading conversions, and the changes an advertiser makes after the sale: cancelling the order or
 * taking back returned lines. Every change is kept in the history with its reason code.
 */
public final class ConversionService {
  static final String KIND = "conversion";

  /** Why an order changed after the sale. */
  public enum Reason {
    CUSTOMER_RETURN,
    CANCELLED_BY_CUSTOMER,
    NOT_DELIVERED,
    OUT_OF_STOCK,
    PAYMENT_FAILED,
    FRAUD,
    DUPLICATE,
    TEST_ORDER,
    OTHER;

    @Override
    public String toString() {
      return dev.levier.network.WireEnum.wireName(this);
    }
  }

  /** A change to a conversion: cancel it, or return units or amounts on some lines. */
  public sealed interface Change permits Cancel, Return {}

  /** Cancels the whole order. */
  public record Cancel() implements Change {}

  /**
   * Takes back part of the order.
   *
   * @param quantities units returned now, by line number
   * @param amounts money refunded now, by line number
   */
  public record Return(Map<Integer, Integer> quantities, Map<Integer, Money> amounts)
      implements Change {}

  private final Database database;
  private final Clock clock;

  public ConversionService(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  public Conversion get(Principal caller, String id) {
    return database.transaction(
        c ->
            ConversionStore.find(c, caller, id).orElseThrow(() -> new NotFoundException(KIND, id)));
  }

  public List<Conversion> list(
      Principal caller,
      ConversionStore.ConversionFilter filter,
      @Nullable String after,
      int limit) {
    return database.transaction(c -> ConversionStore.list(c, caller, filter, after, limit));
  }

  /**
   * Applies a change. Only the advertiser and the admin change conversions; a publisher can see the
   * ones credited to it but not change them.
   */
  public Conversion change(
      Principal caller,
      String id,
      @Nullable Integer expectedVersion,
      Change change,
      Reason reason,
      @Nullable String note) {
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          ConversionStore.Row row =
              ConversionStore.findRow(c, caller, id)
                  .orElseThrow(() -> new NotFoundException(KIND, id));
          if (!caller.isAdmin() && !caller.isAdvertiser(row.advertiserId())) {
            throw new ForbiddenException("only the advertiser or the admin changes a conversion");
          }
          if (expectedVersion != null && expectedVersion != row.version()) {
            throw ConflictException.staleVersion(KIND, id, expectedVersion, row.version());
          }
          Order before = ConversionStore.order(c, row);
          Order after;
          String kind;
          String detail;
          try {
            switch (change) {
              case Cancel cancel -> {
                if (before.cancelled()) {
                  throw new ConflictException("conversion " + id + " is already cancelled");
                }
                after = before.cancel();
                kind = "cancelled";
                detail = "order cancelled";
              }
              case Return r -> {
                after = before;
                if (!r.quantities().isEmpty()) {
                  after = after.returnLines(r.quantities());
                }
                if (!r.amounts().isEmpty()) {
                  after = after.returnAmounts(r.amounts());
                }
                kind = "returned";
                detail = describe(r);
              }
            }
          } catch (IllegalArgumentException e) {
            if (before.cancelled()) {
              throw new ConflictException("conversion " + id + " is cancelled: " + e.getMessage());
            }
            throw ValidationException.of("lines", String.valueOf(e.getMessage()));
          }
          write(c, row, after, now);
          switch (change) {
            case Cancel cancel ->
                CommissionActions.onOrderChange(
                    c, row.rowId(), before, true, Map.of(), Map.of(), caller.keyId(), now);
            case Return r ->
                CommissionActions.onOrderChange(
                    c,
                    row.rowId(),
                    before,
                    false,
                    r.quantities(),
                    r.amounts(),
                    caller.keyId(),
                    now);
          }
          Sql.update(
              c,
              "INSERT INTO conversion_event (conversion_id, occurred_at, kind, reason, detail,"
                  + " actor) VALUES (?, ?, ?, ?, ?, ?)",
              row.rowId(),
              now,
              kind,
              reason.toString(),
              note == null ? detail : detail + ": " + note,
              caller.keyId());
          return ConversionStore.find(c, caller, id)
              .orElseThrow(() -> new NotFoundException(KIND, id));
        });
  }

  private static void write(Connection c, ConversionStore.Row row, Order after, Instant now)
      throws SQLException {
    for (int n = 1; n <= after.lines().size(); n++) {
      OrderLine line = after.line(n);
      Sql.update(
          c,
          "UPDATE conversion_line SET returned_quantity = ?, returned_minor = ?"
              + " WHERE conversion_id = ? AND line_no = ?",
          line.returnedQuantity(),
          line.returnedAmount().minor(),
          row.rowId(),
          n);
    }
    int updated =
        Sql.update(
            c,
            "UPDATE conversion SET net_minor = ?, status = ?, version = version + 1,"
                + " updated_at = ? WHERE id = ? AND version = ?",
            ConversionStore.net(after).minor(),
            after.cancelled() ? "cancelled" : row.status(),
            now,
            row.rowId(),
            row.version());
    if (updated != 1) {
      throw new ConflictException(
          "conversion " + row.publicId() + " changed meanwhile; read it again and retry");
    }
    SaleRollups.changedConversion(c, row.rowId());
  }

  private static String describe(Return r) {
    List<String> parts = new ArrayList<>();
    r.quantities().forEach((line, units) -> parts.add("line " + line + ": " + units + " returned"));
    r.amounts().forEach((line, amount) -> parts.add("line " + line + ": " + amount + " refunded"));
    return String.join("; ", parts);
  }
}
