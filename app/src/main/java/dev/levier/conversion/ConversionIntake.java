package dev.levier.conversion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.BadRequestException;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.UnauthorizedException;
import dev.levier.errors.ValidationException;
import dev.levier.http.ApiResponse;
import dev.levier.http.HttpApi;
import dev.levier.http.JsonInput;
import dev.levier.http.Problems;
import dev.levier.http.Responses;
import dev.levier.tracking.ClickHandler;
import dev.levier.tracking.RandomIds;
import dev.levier.tracking.TrackingIndex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The three ways a sale reaches Levier, all on the event loop: {@code POST /api/v1/conversions}
 * with the advertiser's key, a signed server-to-server postback, and a pixel in the visitor's
 * browser (marked low trust, since anyone can load it). Each is validated here, then handed to the
 * {@link ConversionProcessor}; the answer is sent only once the conversion is durable.
 */
public final class ConversionIntake {
  private static final Duration POSTBACK_CLOCK_SKEW = Duration.ofMinutes(15);
  private static final byte[] GIF =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
  private static final Set<String> POSTBACK_ONLY = Set.of("advertiserId", "ts", "sig");

  private final Vertx vertx;
  private final TrackingIndex index;
  private final ConversionProcessor processor;
  private final Clock clock;
  private final Supplier<String> baseUrl;

  public ConversionIntake(
      Vertx vertx,
      TrackingIndex index,
      ConversionProcessor processor,
      Clock clock,
      Supplier<String> baseUrl) {
    this.vertx = vertx;
    this.index = index;
    this.processor = processor;
    this.clock = clock;
    this.baseUrl = baseUrl;
  }

  /** {@code POST /api/v1/conversions}. */
  public void api(RoutingContext ctx) {
    String path = Responses.path(ctx);
    try {
      Principal caller = authenticate(ctx.request().getHeader("Authorization"));
      if (caller.role() == Role.PUBLISHER) {
        throw new ForbiddenException("advertisers report their own sales");
      }
      if (!ctx.queryParams().isEmpty()) {
        String name = ctx.queryParams().names().iterator().next();
        throw new BadRequestException(
            name, "this route takes no query parameters; got '" + name + "'");
      }
      String type = ctx.request().getHeader("Content-Type");
      if (type != null) {
        String media = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
          Responses.write(
              ctx,
              Problems.forStatus(415, "the body must be application/json, not " + media, path));
          return;
        }
      }
      Buffer body = ctx.body().buffer();
      JsonInput in =
          JsonInput.of(body == null ? new byte[0] : body.getBytes(), ConversionParser.FIELDS);
      Instant now = dev.levier.storage.Sql.now(clock);
      ConversionRequest request =
          ConversionParser.parse(in, ConversionRequest.Source.API, caller.keyId(), now, null);
      checkProgramme(request.programmeId(), caller.isAdmin() ? null : caller.owner());
      submit(ctx, request, false);
    } catch (RuntimeException e) {
      Responses.write(ctx, Problems.from(e, path));
    }
  }

  /** {@code GET /postback?...&advertiserId=...&ts=...&sig=...}. */
  public void postback(RoutingContext ctx) {
    String path = Responses.path(ctx);
    try {
      Map<String, List<String>> query = HttpApi.multimap(ctx.queryParams());
      String advertiserId = single(query, "advertiserId");
      TrackingIndex.AdvertiserEntry advertiser = index.advertiser(advertiserId);
      if (advertiser == null || advertiser.archived()) {
        throw new UnauthorizedException(
            "unknown advertiser " + advertiserId, UnauthorizedException.SIGNED_QUERY);
      }
      String secret = advertiser.postbackSecret();
      if (secret == null) {
        throw new UnauthorizedException(
            "advertiser " + advertiserId + " has no postback secret; create one first",
            UnauthorizedException.SIGNED_QUERY);
      }
      Instant now = dev.levier.storage.Sql.now(clock);
      String ts = single(query, "ts");
      long seconds;
      try {
        seconds = Long.parseLong(ts);
      } catch (NumberFormatException e) {
        throw new BadRequestException("ts", "ts: must be a Unix time in seconds");
      }
      if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(POSTBACK_CLOCK_SKEW)
          > 0) {
        throw new UnauthorizedException(
            "ts is more than "
                + POSTBACK_CLOCK_SKEW.toMinutes()
                + " minutes from the server's clock",
            UnauthorizedException.SIGNED_QUERY);
      }
      if (!PostbackSignature.verify(secret, query, single(query, "sig"))) {
        throw new UnauthorizedException(
            "the signature does not match; see docs/tracking.md for how to sign a postback",
            UnauthorizedException.SIGNED_QUERY);
      }
      ObjectNode node = ConversionParser.fromQuery(query, POSTBACK_ONLY);
      JsonInput in = JsonInput.of(node, ConversionParser.FIELDS);
      ConversionRequest request =
          ConversionParser.parse(in, ConversionRequest.Source.POSTBACK, "postback", now, now);
      checkProgramme(request.programmeId(), advertiserId);
      submit(ctx, request, false);
    } catch (RuntimeException e) {
      Responses.write(ctx, Problems.from(e, path));
    }
  }

  /** {@code GET /px.gif?programmeId=...&orderId=...}: answers a transparent GIF once stored. */
  public void pixel(RoutingContext ctx) {
    String path = Responses.path(ctx);
    try {
      Map<String, List<String>> query = HttpApi.multimap(ctx.queryParams());
      ObjectNode node = ConversionParser.fromQuery(query, Set.of());
      if (!node.has("visitorId")) {
        Cookie cookie = ctx.request().getCookie(ClickHandler.VISITOR_COOKIE);
        if (cookie != null && RandomIds.looksLikeVisitorId(cookie.getValue())) {
          node.put("visitorId", cookie.getValue());
        }
      }
      JsonInput in = JsonInput.of(node, ConversionParser.FIELDS);
      Instant now = dev.levier.storage.Sql.now(clock);
      ConversionRequest request =
          ConversionParser.parse(in, ConversionRequest.Source.PIXEL, "pixel", now, now);
      checkProgramme(request.programmeId(), null);
      submit(ctx, request, true);
    } catch (RuntimeException e) {
      Responses.write(ctx, Problems.from(e, path));
    }
  }

  private void submit(RoutingContext ctx, ConversionRequest request, boolean gif) {
    Context context = vertx.getOrCreateContext();
    String path = Responses.path(ctx);
    Future.fromCompletionStage(processor.submit(request), context)
        .onComplete(
            done -> {
              if (done.failed()) {
                Throwable failure = done.cause();
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                Responses.write(ctx, Problems.from(cause, path));
                return;
              }
              ConversionProcessor.Result result = done.result();
              if (gif) {
                Responses.write(
                    ctx, new ApiResponse(200, Map.of("content-type", "image/gif"), GIF));
              } else if (result.created()) {
                Responses.write(
                    ctx,
                    ApiResponse.created(
                        baseUrl.get() + "/api/v1/conversions/" + result.conversion().id(),
                        result.conversion()));
              } else {
                Responses.write(ctx, ApiResponse.ok(result.conversion()));
              }
            });
  }

  /**
   * The programme must exist and (when an owner is given) belong to that advertiser. An archived
   * programme is refused by the processor, after the replay check, so that a retry of a sale stored
   * before the archive still answers the original.
   */
  private void checkProgramme(String programmeId, @Nullable String advertiserId) {
    TrackingIndex.ProgrammeEntry programme = index.programme(programmeId);
    if (programme == null
        || (advertiserId != null && !programme.advertiserId().equals(advertiserId))) {
      throw ValidationException.of("programmeId", "programme " + programmeId + " not found");
    }
  }

  private Principal authenticate(@Nullable String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthorizedException("an API key is required: send Authorization: Bearer <key>");
    }
    String[] parts = authorization.strip().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
      throw new UnauthorizedException("the Authorization header must be: Bearer <key>");
    }
    return index.authenticate(parts[1]);
  }

  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      throw new BadRequestException(name, name + ": is required");
    }
    if (values.size() > 1) {
      throw new BadRequestException(name, name + ": is given more than once");
    }
    return values.get(0);
  }
}
