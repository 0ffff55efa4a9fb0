package dev.levier.http;

import dev.levier.errors.BadRequestException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Query parameters already checked for unknown names and repeats. */
public final class QueryParams {
  private final Map<String, List<String>> values;

  QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  public @Nullable String get(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? null : list.get(0);
  }

  /** A parameter parsed by a function whose exception message says what is allowed. */
  public <T> @Nullable T get(String name, Function<String, T> parser) {
    String text = get(name);
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(name, name + ": " + e.getMessage());
    }
  }

  public boolean flag(String name) {
    String text = get(name);
    if (text == null) {
      return false;
    }
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadRequestException(name, name + ": must be true or false");
    };
  }

  /** The page size: {@code limit}, 1 to 200, default 50. */
  public int limit() {
    String text = get("limit");
    if (text == null) {
      return 50;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= 200) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequestException("limit", "limit: must be a whole number from 1 to 200");
  }

  /** The id the page starts after, from the {@code cursor} of the previous page; null first. */
  public @Nullable String after() {
    String cursor = get("cursor");
    return cursor == null ? null : Cursor.decode(cursor);
  }
}
