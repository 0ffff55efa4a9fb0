package dev.levier.finance;

import dev.levier.auth.Principal;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.money.Money;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the network charges advertisers (a percentage of commission and a fixed amount per
 * conversion), when publishers are paid (a threshold per publisher), and the VAT rates invoices
 * apply. Only the admin sets them; advertisers and publishers read their own.
 */
public final class BillingService {
  /** A publisher with no threshold set is paid once it is owed this many units of its currency. */
  static final long DEFAULT_THRESHOLD_UNITS = 50;

  private final Database database;
  private final Clock clock;

  public BillingService(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * An advertiser's fee.
   *
   * @param feePercent the percentage of each commission, from 0 to 100
   * @param feePerConversion charged once per locked conversion, in the advertiser's currency, or
   *     null
   */
  public record AdvertiserBilling(
      String advertiserId,
      String currency,
      String feePercent,
      @Nullable String feePerConversion,
      int version,
      @Nullable Instant updatedAt) {}

  /** A publisher's payout threshold, in its payout currency. */
  public record PublisherBilling(
      String publisherId,
      String currency,
      String payoutThreshold,
      boolean isDefault,
      int version,
      @Nullable Instant updatedAt) {}

  /** A VAT rate. */
  public record VatRate(String country, String percent, Instant updatedAt) {}

  public AdvertiserBilling advertiser(Principal caller, String advertiserId) {
    if (!caller.isAdmin() && !caller.isAdvertiser(advertiserId)) {
      throw new NotFoundException("advertiser", advertiserId);
    }
    return database.transaction(c -> readAdvertiser(c, advertiserId));
  }

  public AdvertiserBilling setAdvertiser(
      Principal caller,
      String advertiserId,
      BigDecimal feePercent,
      @Nullable String feePerConversion) {
    requireAdmin(caller);
    NetworkFee check = new NetworkFee(feePercent, null);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          Owner owner = owner(c, "advertiser", advertiserId);
          Long fixed;
          try {
            fixed =
                feePerConversion == null
                    ? null
                    : Money.parse(feePerConversion, owner.currency()).minor();
          } catch (IllegalArgumentException e) {
            throw dev.levier.errors.ValidationException.of(
                "feePerConversion", String.valueOf(e.getMessage()));
          }
          if (fixed != null && fixed < 0) {
            throw dev.levier.errors.ValidationException.of(
                "feePerConversion", "must be zero or more");
          }
          int updated =
              Sql.update(
                  c,
                  "UPDATE advertiser_billing SET fee_percent = ?, fee_fixed_minor = ?,"
                      + " version = version + 1, updated_at = ? WHERE advertiser_id = ?",
                  check.percentOfCommission(),
                  fixed == null ? Sql.NULL_BIGINT : fixed,
                  now,
                  owner.rowId());
          if (updated == 0) {
            Sql.update(
                c,
                "INSERT INTO advertiser_billing (advertiser_id, fee_percent, fee_fixed_minor,"
                    + " version, updated_at) VALUES (?, ?, ?, 1, ?)",
                owner.rowId(),
                check.percentOfCommission(),
                fixed == null ? Sql.NULL_BIGINT : fixed,
                now);
          }
          return readAdvertiser(c, advertiserId);
        });
  }

  public PublisherBilling publisher(Principal caller, String publisherId) {
    if (!caller.isAdmin() && !caller.isPublisher(publisherId)) {
      throw new NotFoundException("publisher", publisherId);
    }
    return database.transaction(c -> readPublisher(c, publisherId));
  }

  public PublisherBilling setPublisher(Principal caller, String publisherId, String threshold) {
    requireAdmin(caller);
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          Owner owner = owner(c, "publisher", publisherId);
          Money minimum;
          try {
            minimum = Money.parse(threshold, owner.currency());
          } catch (IllegalArgumentException e) {
            throw dev.levier.errors.ValidationException.of(
                "payoutThreshold", String.valueOf(e.getMessage()));
          }
          if (!minimum.isPositive()) {
            throw dev.levier.errors.ValidationException.of("payoutThreshold", "must be above zero");
          }
          int updated =
              Sql.update(
                  c,
                  "UPDATE publisher_billing SET threshold_minor = ?, version = version + 1,"
                      + " updated_at = ? WHERE publisher_id = ?",
                  minimum.minor(),
                  now,
                  owner.rowId());
          if (updated == 0) {
            Sql.update(
                c,
                "INSERT INTO publisher_billing (publisher_id, threshold_minor, version,"
                    + " updated_at) VALUES (?, ?, 1, ?)",
                owner.rowId(),
                minimum.minor(),
                now);
          }
          return readPublisher(c, publisherId);
        });
  }

  public List<VatRate> vatRates() {
    return database.transaction(
        c ->
            Sql.query(
                c,
                "SELECT country, percent, updated_at FROM vat_rate ORDER BY country",
                r ->
                    new VatRate(
                        Sql.requiredString(r, "country"),
                        r.getBigDecimal("percent").stripTrailingZeros().toPlainString(),
                        Sql.requiredInstant(r, "updated_at"))));
  }

  public VatRate setVatRate(Principal caller, CountryCode country, BigDecimal percent) {
    requireAdmin(caller);
    new VatRates(java.util.Map.of(country, percent));
    Instant now = Sql.now(clock);
    return database.transaction(
        c -> {
          int updated =
              Sql.update(
                  c,
                  "UPDATE vat_rate SET percent = ?, updated_at = ? WHERE country = ?",
                  percent,
                  now,
                  country.code());
          if (updated == 0) {
            Sql.update(
                c,
                "INSERT INTO vat_rate (country, percent, updated_at) VALUES (?, ?, ?)",
                country.code(),
                percent,
                now);
          }
          return new VatRate(country.code(), percent.stripTrailingZeros().toPlainString(), now);
        });
  }

  /** The fee an advertiser pays on a commission in {@code currency}. */
  static NetworkFee fee(Connection c, long advertiserRow, CurrencyUnit currency)
      throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT b.fee_percent, b.fee_fixed_minor, a.currency FROM advertiser_billing b"
                + " JOIN advertiser a ON a.id = b.advertiser_id WHERE b.advertiser_id = ?",
            r -> {
              long fixed = r.getLong("fee_fixed_minor");
              boolean hasFixed = !r.wasNull();
              CurrencyUnit own = CurrencyUnit.of(Sql.requiredString(r, "currency"));
              // A fixed fee is set in the advertiser's currency; programmes in another currency
              // pay the percentage only.
              Money perConversion =
                  hasFixed && own.equals(currency) ? Money.ofMinor(fixed, currency) : null;
              return new NetworkFee(r.getBigDecimal("fee_percent"), perConversion);
            },
            advertiserRow)
        .orElse(NetworkFee.NONE);
  }

  /** VAT rates by country, as invoices apply them. */
  static Optional<BigDecimal> vatPercent(Connection c, CountryCode country) throws SQLException {
    return Sql.queryOne(
        c,
        "SELECT percent FROM vat_rate WHERE country = ?",
        r -> r.getBigDecimal("percent"),
        country.code());
  }

  /** The payout threshold of a publisher, in its payout currency. */
  static Money threshold(Connection c, long publisherRow, CurrencyUnit currency)
      throws SQLException {
    return Sql.queryOne(
            c,
            "SELECT threshold_minor FROM publisher_billing WHERE publisher_id = ?",
            r -> Money.ofMinor(r.getLong(1), currency),
            publisherRow)
        .orElse(Money.ofMinor(DEFAULT_THRESHOLD_UNITS * unit(currency), currency));
  }

  private static long unit(CurrencyUnit currency) {
    return Money.parse("1", currency).minor();
  }

  private record Owner(long rowId, CurrencyUnit currency) {}

  private static Owner owner(Connection c, String kind, String publicId) throws SQLException {
    String sql =
        kind.equals("advertiser")
            ? "SELECT id, currency FROM advertiser WHERE public_id = ?"
            : "SELECT id, payout_currency AS currency FROM publisher WHERE public_id = ?";
    return Sql.queryOne(
            c,
            sql,
            r -> new Owner(r.getLong("id"), CurrencyUnit.of(Sql.requiredString(r, "currency"))),
            publicId)
        .orElseThrow(() -> new NotFoundException(kind, publicId));
  }

  private static AdvertiserBilling readAdvertiser(Connection c, String advertiserId)
      throws SQLException {
    Owner owner = owner(c, "advertiser", advertiserId);
    return Sql.queryOne(
            c,
            "SELECT fee_percent, fee_fixed_minor, version, updated_at FROM advertiser_billing"
                + " WHERE advertiser_id = ?",
            r -> {
              long fixed = r.getLong("fee_fixed_minor");
              boolean hasFixed = !r.wasNull();
              return new AdvertiserBilling(
                  advertiserId,
                  owner.currency().code(),
                  r.getBigDecimal("fee_percent").stripTrailingZeros().toPlainString(),
                  hasFixed ? Money.ofMinor(fixed, owner.currency()).toDecimalString() : null,
                  r.getInt("version"),
                  Sql.instant(r, "updated_at"));
            },
            owner.rowId())
        .orElse(new AdvertiserBilling(advertiserId, owner.currency().code(), "0", null, 0, null));
  }

  private static PublisherBilling readPublisher(Connection c, String publisherId)
      throws SQLException {
    Owner owner = owner(c, "publisher", publisherId);
    return Sql.queryOne(
            c,
            "SELECT threshold_minor, version, updated_at FROM publisher_billing"
                + " WHERE publisher_id = ?",
            r ->
                new PublisherBilling(
                    publisherId,
                    owner.currency().code(),
                    Money.ofMinor(r.getLong("threshold_minor"), owner.currency()).toDecimalString(),
                    false,
                    r.getInt("version"),
                    Sql.instant(r, "updated_at")),
            owner.rowId())
        .orElse(
            new PublisherBilling(
                publisherId,
                owner.currency().code(),
                threshold(c, owner.rowId(), owner.currency()).toDecimalString(),
                true,
                0,
                null));
  }

  static void requireAdmin(Principal caller) {
    if (!caller.isAdmin()) {
      throw new ForbiddenException("only the network's admin manages billing");
    }
  }
}
