package dev.levier.storage;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Many rows of one table changed by their key in one statement: on PostgreSQL one {@code UPDATE}
 * joined to the new values given as arrays ({@code UNNEST}), elsewhere a batched {@code UPDATE} a
 * row. Values are given as to {@link Sql#update}, like {@link BulkInsert}'s.
 *
 * <p>Why one statement on PostgreSQL: pgjdbc sends a batch of updates in one round trip but the
 * server still runs each as a statement of its own (bind, execute, its own index search), which was
 * about 13 µs of the database's time a sale for the customers' rows (BENCHMARKS.md, twentieth
 * session). H2 runs in the server's process, where a statement costs no round trip.
 */
public final class BulkUpdate {
  private final String table;
  private final String key;
  private final List<String> columns;
  private final List<Object[]> rows = new ArrayList<>();

  /**
   * @param key the column that finds a row, unique; each row added names a different key
   * @param columns the columns each row gets new values for
   */
  public BulkUpdate(String table, String key, String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("a bulk update of " + table + " needs columns to set");
    }
    this.table = table;
    this.key = key;
    this.columns = List.of(columns);
  }

  /**
   * Adds a row: its key, then one value a column in the order the columns were named; an absent
   * value is a typed {@link Sql.Null}. Values of one column are all of one SQL type.
   */
  public void add(Object keyValue, Object... values) {
    BulkInsert.checkRow(table, columns, values);
    if (keyValue == null || keyValue instanceof Sql.Null) {
      throw new IllegalArgumentException("the key " + key + " of a row of " + table + " is null");
    }
    Object[] row = new Object[values.length + 1];
    row[0] = keyValue;
    System.arraycopy(values, 0, row, 1, values.length);
    rows.add(row);
  }

  public int size() {
    return rows.size();
  }

  /** Writes the rows added, forgets them, and returns how many rows of the table changed. */
  public int write(Connection connection) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    int changed =
        connection.isWrapperFor(PGConnection.class) ? joined(connection) : batched(connection);
    rows.clear();
    return changed;
  }

  private int batched(Connection connection) throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = ?");
    }
    sql.append(" WHERE ").append(key).append(" = ?");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      Object[] params = new Object[columns.size() + 1];
      for (Object[] row : rows) {
        System.arraycopy(row, 1, params, 0, columns.size());
        params[columns.size()] = row[0];
        Sql.bind(statement, params);
        statement.addBatch();
      }
      int changed = 0;
      for (int count : statement.executeBatch()) {
        changed += Math.max(count, 0);
      }
      return changed;
    }
  }

  private int joined(Connection connection) throws SQLException {
    int width = columns.size() + 1;
    String[] types = new String[width];
    StringBuilder arrays = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < width; i++) {
      types[i] = columnType(i);
      arrays.append(i == 0 ? "" : ", ").append("?::").append(types[i]).append("[]");
      names.append(i == 0 ? "" : ", ").append("v").append(i);
    }
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" AS t SET ");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = u.v").append(i + 1);
    }
    sql.append(" FROM UNNEST(")
        .append(arrays)
        .append(") AS u(")
        .append(names)
        .append(") WHERE t.")
        .append(key)
        .append(" = u.v0");
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      List<Array> made = new ArrayList<>(width);
      try {
        for (int i = 0; i < width; i++) {
          @Nullable String[] texts = new String[rows.size()];
          for (int r = 0; r < rows.size(); r++) {
            Object value = rows.get(r)[i];
            texts[r] = value instanceof Sql.Null ? null : BulkInsert.postgresText(value);
          }
          Array array = connection.createArrayOf(types[i], texts);
          made.add(array);
          statement.setArray(i + 1, array);
        }
        return statement.executeUpdate();
      } finally {
        for (Array array : made) {
          array.free();
        }
      }
    }
  }

  /**
   * The SQL type of the values at this position of the rows, which PostgreSQL reads them as: the
   * first value that is not a null tells, else a null's own type.
   */
  private String columnType(int position) {
    Object sample = rows.getFirst()[position];
    for (Object[] row : rows) {
      if (!(row[position] instanceof Sql.Null)) {
        sample = row[position];
        break;
      }
    }
    return switch (sample) {
      case Sql.Null n -> typeOf(n.sqlType());
      case Long n -> "bigint";
      case Integer n -> "integer";
      case Boolean b -> "boolean";
      case Instant instant -> "timestamptz";
      case BigDecimal decimal -> "numeric";
      case LocalDate date -> "date";
      default -> "text";
    };
  }

  private String typeOf(int sqlType) {
    return switch (sqlType) {
      case Types.BIGINT -> "bigint";
      case Types.INTEGER -> "integer";
      case Types.BOOLEAN -> "boolean";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamptz";
      case Types.NUMERIC, Types.DECIMAL -> "numeric";
      case Types.DATE -> "date";
      case Types.VARCHAR, Types.CHAR -> "text";
      default ->
          throw new IllegalArgumentException(
              "a null of SQL type " + sqlType + " in a bulk update of " + table);
    };
  }
}
