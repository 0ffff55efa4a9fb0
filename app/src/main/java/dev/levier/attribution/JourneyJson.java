package dev.levier.attribution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.levier.http.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A conversion's journey as it is stored, in the conversion's own row: a JSON array of its touches,
 * oldest first. One column rather than a table of touches, because intake writes it with the
 * conversion in the same row at no extra index cost (a table of touches cost a fifth of intake's
 * rate on H2), and every reader wants a conversion's journey whole.
 */
public final class JourneyJson {

  /** One stored touch; {@code kind} is click, coupon or channel; {@code at} an ISO instant. */
  record Stored(
      String channel,
      String kind,
      @Nullable String partnershipId,
      @Nullable String clickId,
      @Nullable String visitorId,
      String at) {}

  private static final TypeReference<List<Stored>> TYPE = new TypeReference<>() {};

  private JourneyJson() {}

  /** The stored text of a journey, or null for a journey without touches. */
  public static @Nullable String write(List<JourneyCredit.FoundTouch> touches) {
    if (touches.isEmpty()) {
      return null;
    }
    List<Stored> stored = new ArrayList<>(touches.size());
    for (JourneyCredit.FoundTouch touch : touches) {
      stored.add(
          new Stored(
              touch.touch().channel(),
              touch.kind(),
              touch.partnershipId(),
              touch.clickId(),
              touch.visitorId(),
              touch.touch().occurredAt().toString()));
    }
    return new String(Json.write(stored), StandardCharsets.UTF_8);
  }

  /**
   * The touches of a stored journey, oldest first; none for null. Whether a touch's partnership
   * earns is not stored (it changes): {@code commissionable} says it for the time of reading.
   *
   * @param commissionable whether a touch through a partnership (by its public id) earns now
   * @throws IllegalStateException if the text is not a stored journey
   */
  public static List<JourneyCredit.FoundTouch> read(
      @Nullable String text, java.util.function.Predicate<String> commissionable) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Stored> stored;
    try {
      stored = Json.mapper().readValue(text, TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored journey is corrupt: " + e.getOriginalMessage(), e);
    }
    List<JourneyCredit.FoundTouch> touches = new ArrayList<>(stored.size());
    for (Stored touch : stored) {
      boolean affiliate = !touch.kind().equals("channel");
      String partnership = touch.partnershipId();
      touches.add(
          new JourneyCredit.FoundTouch(
              new JourneyTouch(touch.channel(), instant(touch.at()), affiliate),
              touch.kind(),
              partnership,
              touch.clickId(),
              touch.visitorId(),
              affiliate && partnership != null && commissionable.test(partnership)));
    }
    return touches;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException("a stored journey has a touch at '" + text + "'", e);
    }
  }
}
