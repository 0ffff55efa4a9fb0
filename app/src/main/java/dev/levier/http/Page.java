package dev.levier.http;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list. {@code nextCursor} is null on the last page.
 *
 * @param data the items, in a stable order
 * @param nextCursor pass it as {@code cursor} to read the next page
 */
public record Page<T>(List<T> data, @Nullable String nextCursor) {

  public Page {
    data = List.copyOf(data);
  }

  /**
   * Builds a page from up to {@code limit + 1} rows: the extra row, when present, only says that
   * another page follows.
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> id) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> page = rows.subList(0, limit);
    return new Page<>(page, Cursor.encode(id.apply(page.get(limit - 1))));
  }
}
