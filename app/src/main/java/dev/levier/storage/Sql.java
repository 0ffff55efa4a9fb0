package dev.levier.storage;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Plain JDBC with the few conversions Levier needs, identical on H2 and PostgreSQL: instants as
 * {@code timestamp with time zone} in UTC, enums by their lower-case name, codes as text. SQL is
 * always parameterised.
 */
public final class Sql {
  private Sql() {}

  /** A typed SQL NULL, for drivers that want to know the type of an absent value. */
  public record Null(int sqlType) {}

  public static final Null NULL_TEXT = new Null(Types.VARCHAR);
  public static final Null NULL_TIME = new Null(Types.TIMESTAMP_WITH_TIMEZONE);
  public static final Null NULL_BIGINT = new Null(Types.BIGINT);

  /** A text parameter that may be absent. */
  public static Object text(@Nullable String value) {
    return value == null ? NULL_TEXT : value;
  }

  /** A time parameter that may be absent. */
  public static Object time(@Nullable Instant value) {
    return value == null ? NULL_TIME : value;
  }

  /**
   * The current time at the precision both databases keep (microseconds), so that what is returned
   * after a write equals what is read back later.
   */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * The 15-minute period of an instant, counted from the epoch. Event rows carry it so that reports
   * can group them by the local day of any time zone (every zone's offset is a whole number of
   * quarter hours) with SQL both databases understand.
   */
  public static long quarter(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), 900);
  }

  /** A LIKE pattern (with {@code ESCAPE '!'}) matching values that contain the text, any case. */
  public static String containsPattern(String text) {
    String escaped =
        text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%" + escaped + "%";
  }

  /**
   * A condition that {@code column} is one of {@code values}, with its parameters: on PostgreSQL
   * {@code column = ANY(?)} with the values as one array of {@code postgresType}, elsewhere {@code
   * column IN (?, ...)}.
   *
   * <p>Why an array on PostgreSQL: an {@code IN} list's text changes with its length, so a lookup
   * made for batches of varying sizes was a new statement almost every time, parsed and planned
   * anew, and the many lengths crowded pgjdbc's cache of prepared statements; with one array the
   * text never changes and the connection prepares it once.
   */
  public static Fragment oneOf(
      Connection connection, String column, String postgresType, Collection<?> values)
      throws SQLException {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(
          "no values for " + column + ": the condition matches none");
    }
    if (connection.isWrapperFor(PGConnection.class)) {
      return new Fragment(
          column + " = ANY(?)", List.of(connection.createArrayOf(postgresType, values.toArray())));
    }
    return new Fragment(column + " IN (" + marks(values.size()) + ")", List.copyOf(values));
  }

  /**
   * A table {@code alias(k)} of the values, a row each, to join on an index whose leading columns
   * are fixed by equalities: on PostgreSQL {@code UNNEST(?) AS alias(k)} with the values as one
   * array of {@code postgresType} (the statement's text the same whatever their number, as for
   * {@link #oneOf}), elsewhere {@code (VALUES (?), ...) alias(k)}. Why a join rather than {@code
   * IN}: H2 uses an index for {@code IN (...)} only on its first column, so {@code advertiser_id =
   * ? AND order_id IN (...)} reads every row of the advertiser, where the join looks each value up.
   */
  public static Fragment keyTable(
      Connection connection, String alias, String postgresType, Collection<?> values)
      throws SQLException {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values for the table " + alias);
    }
    if (connection.isWrapperFor(PGConnection.class)) {
      return new Fragment(
          "UNNEST(?) AS " + alias + "(k)",
          List.of(connection.createArrayOf(postgresType, values.toArray())));
    }
    return new Fragment(
        "(VALUES "
            + String.join(", ", Collections.nCopies(values.size(), "(?)"))
            + ") "
            + alias
            + "(k)",
        List.copyOf(values));
  }

  /** A piece of SQL and its parameters, in the order of their {@code ?}. */
  public record Fragment(String sql, List<Object> values) {
    public Fragment {
      values = List.copyOf(values);
    }

    /** The fragment's parameters, then {@code more} for the rest of a statement. */
    public Object[] params(Object... more) {
      Object[] all = new Object[values.size() + more.length];
      for (int i = 0; i < values.size(); i++) {
        all[i] = values.get(i);
      }
      System.arraycopy(more, 0, all, values.size(), more.length);
      return all;
    }
  }

  /** {@code count} parameter marks for an {@code IN} list: {@code ?, ?, ?}. */
  public static String marks(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  public static <T> List<T> query(
      Connection connection, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    }
  }

  public static <T> Optional<T> queryOne(
      Connection connection, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    List<T> rows = query(connection, sql, mapper, params);
    if (rows.size() > 1) {
      throw new SQLException("expected at most one row, got " + rows.size() + " for: " + sql);
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public static int update(Connection connection, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      return statement.executeUpdate();
    }
  }

  /** Runs an insert and returns the generated {@code id} column. */
  public static long insert(Connection connection, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql, new String[] {"id"})) {
      bind(statement, params);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no generated key returned for: " + sql);
        }
        return keys.getLong(1);
      }
    }
  }

  /**
   * Archives one row of a versioned table by its public id; archiving an archived row changes
   * nothing.
   */
  public static void archive(Connection connection, String table, String publicId, Instant now)
      throws SQLException {
    update(
        connection,
        "UPDATE "
            + table
            + " SET archived_at = ?, version = version + 1, updated_at = ?"
            + " WHERE public_id = ? AND archived_at IS NULL",
        now,
        now,
        publicId);
  }

  /** Runs DDL or other statements without parameters. */
  public static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  public static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Instant requiredInstant(ResultSet row, String column) throws SQLException {
    Instant value = instant(row, column);
    if (value == null) {
      throw new SQLException("column " + column + " is unexpectedly null");
    }
    return value;
  }

  public static String requiredString(ResultSet row, String column) throws SQLException {
    String value = row.getString(column);
    if (value == null) {
      throw new SQLException("column " + column + " is unexpectedly null");
    }
    return value;
  }

  static void bind(PreparedStatement statement, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      int index = i + 1;
      Object param = params[i];
      switch (param) {
        case Null n -> statement.setNull(index, n.sqlType());
        case Instant instant -> statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        case Enum<?> e -> statement.setString(index, e.toString());
        case CountryCode country -> statement.setString(index, country.code());
        case CurrencyUnit currency -> statement.setString(index, currency.code());
        case ZoneId zone -> statement.setString(index, zone.getId());
        default -> statement.setObject(index, param);
      }
    }
  }
}
