package dev.levier.storage;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Many rows into one table in one statement: PostgreSQL's {@code COPY ... FROM STDIN}, elsewhere a
 * batched {@code INSERT}. Values are given as to {@link Sql#update} ({@link Sql.Null} for a typed
 * null, {@link Instant}, {@link LocalDate}, text, whole numbers, {@link BigDecimal}, booleans,
 * enums by their name).
 *
 * <p>Why COPY: a multi-row {@code INSERT} goes through the executor row by row and logs each row in
 * the write-ahead log on its own, while COPY fills a page with several rows and logs them together;
 * for the rows a sale writes by the hundred a batch (its lines, its history) that is most of what
 * PostgreSQL spends on them. A row COPY cannot take (a unique key already there) fails the whole
 * statement, as a failed batch does.
 */
public final class BulkInsert {
  private final String table;
  private final List<String> columns;

  /** The columns as SQL names them, joined once. */
  private final String columnList;

  private final List<Object[]> rows = new ArrayList<>();

  public BulkInsert(String table, String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("a bulk insert into " + table + " needs columns");
    }
    this.table = table;
    this.columns = List.of(columns);
    this.columnList = String.join(", ", columns);
  }

  /**
   * Adds a row, one value a column in the order the columns were named; an absent value is a typed
   * {@link Sql.Null} ({@link Sql#text}, {@link Sql#time}), as for {@link Sql#update}.
   */
  public void add(Object... values) {
    checkRow(table, columns, values);
    rows.add(values.clone());
  }

  /**
   * Refuses a row of the wrong width or with an untyped null, naming the table and its columns;
   * shared with {@link BulkUpdate}.
   */
  static void checkRow(String table, List<String> columns, @Nullable Object[] values) {
    for (Object value : values) {
      if (value == null) {
        throw new IllegalArgumentException(
            "a value for " + table + " is null; pass a typed Sql.Null (Sql.text, Sql.time)");
      }
    }
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "a row of "
              + table
              + " needs "
              + columns.size()
              + " values ("
              + String.join(", ", columns)
              + "), got "
              + values.length);
    }
  }

  public int size() {
    return rows.size();
  }

  /** Writes the rows added and forgets them. */
  public void write(Connection connection) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (connection.isWrapperFor(PGConnection.class)) {
      copy(connection.unwrap(PGConnection.class));
    } else {
      insert(connection);
    }
    rows.clear();
  }

  private void insert(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + columnList
                + ") VALUES ("
                + Sql.marks(columns.size())
                + ")")) {
      for (Object[] row : rows) {
        Sql.bind(statement, row);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private void copy(PGConnection connection) throws SQLException {
    // Sized for about 16 characters a value, so that a batch's text seldom grows its buffer.
    StringBuilder text = new StringBuilder(rows.size() * columns.size() * 16);
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          text.append('\t');
        }
        appendCopyText(text, row[i]);
      }
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    CopyIn copy =
        connection
            .getCopyAPI()
            .copyIn("COPY " + table + " (" + columnList + ") FROM STDIN (FORMAT text)");
    try {
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** One value in COPY's text format: {@code \N} for null, the four separators escaped. */
  static void appendCopyText(StringBuilder out, Object value) {
    switch (value) {
      case Sql.Null n -> out.append("\\N");
      case Long n -> out.append(n.longValue());
      case Integer n -> out.append(n.intValue());
      default -> escape(out, postgresText(value));
    }
  }

  /**
   * A non-null value as PostgreSQL's input functions read it: the text of a COPY field before its
   * escaping, or of an array element.
   */
  static String postgresText(Object value) {
    return switch (value) {
      case String s -> s;
      case Long n -> Long.toString(n);
      case Integer n -> Integer.toString(n);
      case Boolean b -> b ? "t" : "f";
      case Instant instant -> instant.toString();
      case BigDecimal decimal -> decimal.toPlainString();
      case LocalDate date -> date.toString();
      case Enum<?> e -> e.toString();
      case CountryCode country -> country.code();
      case CurrencyUnit currency -> currency.code();
      case ZoneId zone -> zone.getId();
      default ->
          throw new IllegalArgumentException(
              "no PostgreSQL text for a value of type " + value.getClass().getName());
    };
  }

  private static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
