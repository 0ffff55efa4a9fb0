package dev.levier.http;

import dev.levier.errors.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque page cursor. It holds the position after which the next page starts; clients must not
 * build it, only pass back the {@code nextCursor} they received.
 */
public final class Cursor {
  private static final String PREFIX = "after:";

  private Cursor() {}

  public static String encode(long after) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + after).getBytes(StandardCharsets.US_ASCII));
  }

  public static long decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (text.startsWith(PREFIX)) {
        long after = Long.parseLong(text.substring(PREFIX.length()));
        if (after >= 0) {
          return after;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new BadRequestException(
        "cursor", "cursor: not a cursor this API gave out; pass back nextCursor unchanged");
  }
}
