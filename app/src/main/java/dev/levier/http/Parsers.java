package dev.levier.http;

import dev.levier.errors.BadRequestException;
import java.time.ZoneId;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parsers for request values that the JDK does not check the way the API wants. */
public final class Parsers {
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private Parsers() {}

  /**
   * A time zone from the IANA database such as {@code Europe/Paris}, or {@code UTC}. Fixed offsets
   * ({@code +02:00}) and legacy abbreviations ({@code CET}, {@code EST5EDT}) are refused: reports
   * group by the local day, so the zone must say where, not only which offset.
   */
  public static ZoneId timeZone(String text) {
    if (!ZONES.contains(text) || !(text.contains("/") || text.equals("UTC"))) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IANA time zone name such as Europe/Paris or America/New_York");
    }
    return ZoneId.of(text);
  }

  /**
   * An instant in ISO-8601 with an explicit offset or {@code Z}, such as {@code
   * 2026-11-25T14:03:00Z} or {@code 2026-11-25T15:03:00+01:00}; a local time without offset is
   * refused, since it would mean a different moment in every time zone.
   */
  public static java.time.Instant instant(String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
              + "' is not an ISO-8601 time with an offset, such as 2026-11-25T14:03:00Z",
          e);
    }
  }

  /** The public id of an object of one kind: {@code adv_...}. */
  public static String publicId(String prefix, String text) {
    if (!dev.levier.storage.PublicIds.looksLike(prefix, text)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not " + prefix + "_ followed by 16 base32 characters");
    }
    return text;
  }

  /**
   * The version an update is based on: the {@code version} field of the body, or else the {@code
   * If-Match} header holding the ETag of a previous read. Null (and a field error) when neither is
   * there.
   */
  public static @Nullable Integer expectedVersion(ApiRequest request, JsonInput input) {
    String ifMatch = request.header("if-match");
    if (ifMatch != null) {
      String tag = ifMatch.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
        try {
          int version = Integer.parseInt(tag.substring(1, tag.length() - 1));
          if (version >= 1) {
            Integer inBody = input.has("version") ? input.version() : null;
            if (inBody != null && inBody != version) {
              throw new BadRequestException(
                  "If-Match", "If-Match says version " + version + " but the body says " + inBody);
            }
            return version;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new BadRequestException(
          "If-Match", "If-Match: must be the ETag of a previous read, such as \"3\"");
    }
    return input.version();
  }
}
