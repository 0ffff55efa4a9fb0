package dev.levier.http;

import dev.levier.errors.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An opaque page cursor: it names the last object of the previous page, so that the next page
 * starts after it. It holds nothing the client does not already have; clients must not build it,
 * only pass back the {@code nextCursor} they received.
 */
public final class Cursor {
  private static final String PREFIX = "after:";
  private static final Pattern PUBLIC_ID = Pattern.compile("[a-z]{3}_[0-9a-z]{16}");

  private Cursor() {}

  public static String encode(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
  }

  /** The public id the next page starts after. */
  public static String decode(String cursor) {
    return decode(cursor, PUBLIC_ID);
  }

  /**
   * The key the next page starts after, for lists ordered by something else than a public id (the
   * exchange rates, by date and pair); the key must have the given shape.
   */
  public static String decode(String cursor, Pattern shape) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (text.startsWith(PREFIX) && shape.matcher(text.substring(PREFIX.length())).matches()) {
        return text.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new BadRequestException(
        "cursor", "cursor: not a cursor this API gave out; pass back nextCursor unchanged");
  }
}
