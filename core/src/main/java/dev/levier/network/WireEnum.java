package dev.levier.network;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Helpers for enums whose external name is their constant name in lower case. */
public final class WireEnum {
  private WireEnum() {}

  /** The external name of a constant: {@code CASHBACK} is {@code cashback}. */
  public static String wireName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose external name is exactly {@code text}; case matters. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
    for (E constant : type.getEnumConstants()) {
      if (wireName(constant).equals(text)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }

  /**
   * The constant whose external name is exactly {@code text}.
   *
   * @throws IllegalArgumentException naming the text and the names allowed, fit for a field error
   */
  public static <E extends Enum<E>> E require(Class<E> type, String text) {
    return parse(type, text)
        .orElseThrow(
            () -> new IllegalArgumentException("'" + text + "' is not one of " + allowed(type)));
  }

  /** The external names of all constants, joined for an error message: {@code a|b|c}. */
  public static String allowed(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(WireEnum::wireName)
        .collect(Collectors.joining("|"));
  }
}
