package dev.levier.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A WHERE clause built from conditions and their parameters, kept in step. */
public final class Where {
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();

  /** Adds a condition with its parameters, in the order of their {@code ?}. */
  public Where and(String condition, Object... values) {
    conditions.add("(" + condition + ")");
    Collections.addAll(params, values);
    return this;
  }

  /** Adds {@code column = value} when a value is given; a null filter means any. */
  public Where equalTo(String column, @Nullable Object value) {
    return value == null ? this : and(column + " = ?", value);
  }

  /** Adds a case-insensitive "contains" match on a text column when text is given. */
  public Where contains(String column, @Nullable String text) {
    return text == null
        ? this
        : and("LOWER(" + column + ") LIKE ? ESCAPE '!'", Sql.containsPattern(text));
  }

  /**
   * Starts a page after the row with the given public id (from a cursor): rows are ordered by their
   * internal id, which never leaves the server.
   */
  public Where after(String alias, String table, @Nullable String publicId) {
    return publicId == null
        ? this
        : and(alias + ".id > (SELECT z.id FROM " + table + " z WHERE z.public_id = ?)", publicId);
  }

  /** Leaves out archived rows unless asked to keep them. */
  public Where archived(String alias, boolean include) {
    return include ? this : and(alias + ".archived_at IS NULL");
  }

  /** The clause, starting with WHERE, or empty when there is no condition. */
  public String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /** The parameters, followed by any extra ones used after the clause. */
  public Object[] params(Object... extra) {
    List<Object> all = new ArrayList<>(params);
    Collections.addAll(all, extra);
    return all.toArray();
  }
}
