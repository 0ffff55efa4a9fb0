package dev.levier.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
