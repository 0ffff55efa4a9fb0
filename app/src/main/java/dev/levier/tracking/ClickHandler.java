package dev.levier.tracking;

import dev.levier.geo.CountryCode;
import dev.levier.network.PartnershipStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /c/{linkId}}: the click redirect, on the event loop. It reads only the in-memory
 * index, hands the click to the journal and answers 302 at once. Whatever the request holds, the
 * visitor is sent only to the programme's own domains: a deep link given at click time that falls
 * outside them is ignored (and flagged), and the landing page is used instead. Visitors are always
 * redirected, even when the partnership is suspended or the programme paused: those clicks are
 * recorded as not commissionable.
 */
public final class ClickHandler implements Handler<HttpServerRequest> {
  public static final String VISITOR_COOKIE = "lv_vid";
  private static final long COOKIE_MAX_AGE_SECONDS = 400L * 24 * 3600;
  private static final int MAX_REFERRER = 1024;
  private static final int MAX_USER_AGENT = 512;

  private final Vertx vertx;
  private final TrackingIndex index;
  private final ClickJournal journal;
  private final ClickRows rows;
  private final TrackingLists lists;
  private final ClickVelocity perAddress;
  private final ClickVelocity perVisitor;
  private final boolean trustForwardedFor;
  private final Clock clock;
  private final Counter unknownLinks;
  private final String cookieAttributes;
  private final Timer redirected;
  private final Timer unknown;

  public ClickHandler(
      Vertx vertx,
      TrackingIndex index,
      ClickJournal journal,
      ClickRows rows,
      TrackingLists lists,
      ClickVelocity perAddress,
      ClickVelocity perVisitor,
      boolean trustForwardedFor,
      boolean secureCookie,
      Clock clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.index = index;
    this.journal = journal;
    this.rows = rows;
    this.lists = lists;
    this.perAddress = perAddress;
    this.perVisitor = perVisitor;
    this.trustForwardedFor = trustForwardedFor;
    this.clock = clock;
    this.unknownLinks =
        Counter.builder("levier.clicks").tag("outcome", "unknown-link").register(registry);
    this.cookieAttributes = cookieAttributes(secureCookie);
    this.redirected = timer(registry, 302, "success");
    this.unknown = timer(registry, 404, "client_error");
  }

  /** The path prefix of tracking URLs; the rest of the path is the link id. */
  public static final String PREFIX = "/c/";

  @Override
  public void handle(HttpServerRequest ctx) {
    long start = System.nanoTime();
    String path = ctx.path();
    String linkId = path == null ? null : path.substring(PREFIX.length());
    TrackingIndex.LinkEntry link = linkId == null ? null : index.link(linkId);
    if (link != null) {
      redirect(ctx, link);
      (ctx.response().getStatusCode() == 302 ? redirected : unknown)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return;
    }
    if (linkId == null || !dev.levier.storage.PublicIds.looksLike("lnk", linkId)) {
      notFound(ctx);
      return;
    }
    // A link made on another node: read it once, off the event loop, then serve from memory.
    vertx
        .<TrackingIndex.@Nullable LinkEntry>executeBlocking(() -> index.loadLink(linkId), false)
        .onComplete(
            loaded -> {
              TrackingIndex.LinkEntry found = loaded.succeeded() ? loaded.result() : null;
              if (found == null) {
                notFound(ctx);
              } else {
                redirect(ctx, found);
              }
            });
  }

  private void redirect(HttpServerRequest ctx, TrackingIndex.LinkEntry link) {
    HttpServerRequest request = ctx;
    TrackingIndex.PartnershipEntry partnership = index.partnership(link.partnershipRowId());
    TrackingIndex.ProgrammeEntry programme =
        partnership == null ? null : index.programme(partnership.programmeRowId());
    if (partnership == null || programme == null) {
      notFound(ctx);
      return;
    }
    StringBuilder flags = new StringBuilder();
    boolean commissionable = true;
    if (partnership.status() != PartnershipStatus.APPROVED || partnership.archived()) {
      flag(flags, "not-approved");
      commissionable = false;
    }
    if (!programme.open()) {
      flag(flags, "programme-paused");
      commissionable = false;
    }
    if (link.archived()) {
      flag(flags, "link-archived");
      commissionable = false;
    }

    String destination = programme.landingUrl();
    if (!link.archived()
        && link.destination() != null
        && programme.domains().problemWithDestination(link.destination()).isEmpty()) {
      destination = link.destination();
    }
    String deepLink = request.getParam("url");
    if (deepLink != null) {
      if (programme.domains().problemWithDestination(deepLink).isEmpty()) {
        destination = deepLink;
      } else {
        flag(flags, "deep-link-refused");
        deepLink = null;
      }
    }

    SubIds subIds = link.subIds();
    SubIds clickSubIds = clickSubIds(request, flags);
    if (clickSubIds != null) {
      subIds = subIds.overriddenBy(clickSubIds);
    }

    String visitorId = null;
    Cookie cookie = request.getCookie(VISITOR_COOKIE);
    if (cookie != null && RandomIds.looksLikeVisitorId(cookie.getValue())) {
      visitorId = cookie.getValue();
    }
    Instant now = dev.levier.storage.Sql.now(clock);
    long minute = now.getEpochSecond() / 60;
    // A visitor met for the first time has made this one click, so only returning visitors take a
    // count: memory goes to the visitors that could be over the limit. Their first click, made
    // without the cookie, counts too when it fell in this minute (the id says when it was made).
    boolean visitorTooFast = false;
    if (visitorId == null) {
      visitorId = RandomIds.visitorId(now.toEpochMilli());
    } else {
      int uncounted = RandomIds.visitorMadeAtMillis(visitorId) / 60_000 == minute ? 1 : 0;
      visitorTooFast = perVisitor.countAndCheck(ClickVelocity.key(visitorId), minute, uncounted);
    }

    String userAgent = truncate(request.getHeader("User-Agent"), MAX_USER_AGENT);
    DeviceType device = UserAgents.classify(userAgent, lists.bots());
    if (device == DeviceType.BOT) {
      flag(flags, "bot");
    }
    IpAddress address = clientAddress(request);
    CountryCode country = null;
    String truncatedIp = null;
    boolean addressTooFast = false;
    if (address != null) {
      country = lists.countries().lookup(address);
      if (lists.datacenters().contains(address)) {
        flag(flags, "datacenter");
      }
      IpAddress truncated = address.truncated();
      truncatedIp = truncated.toString();
      addressTooFast = perAddress.countAndCheck(ClickVelocity.key(truncated), minute, 0);
    }
    if (visitorTooFast || addressTooFast) {
      flag(flags, "velocity");
    }

    // A holdout experiment of the partnership splits its visitors by a hash of their id: the same
    // visitor stays in its group. Held-out visitors land with lvholdout=1; treated ones never carry
    // it, even when a deep link planted one.
    HoldoutSplit experiment = partnership.experiment();
    String group = null;
    String holdoutMark = null;
    if (experiment != null && experiment.runsAt(now.toEpochMilli())) {
      if (experiment.heldOut(visitorId)) {
        group = ClickEvent.HELD_OUT;
        holdoutMark = HoldoutSplit.HELD_OUT_VALUE;
      } else {
        group = ClickEvent.TREATED;
      }
    }

    long row = rows.next();
    if (row < 0) {
      // No row number at hand: the visitor still lands, unrecorded, and the refusal is counted.
      journal.refuse();
      redirectTo(ctx, unrecorded(destination, programme, group, holdoutMark), visitorId);
      return;
    }
    String clickId = RandomIds.clickId(row);
    String location =
        group == null
            ? RedirectUrls.withParam(destination, programme.clickIdParam(), clickId)
            : RedirectUrls.withParams(
                destination, programme.clickIdParam(), clickId, HoldoutSplit.PARAM, holdoutMark);
    ClickEvent click =
        new ClickEvent(
            row,
            RandomIds.clickSecret(clickId),
            now,
            link.rowId(),
            partnership.rowId(),
            partnership.publisherRowId(),
            programme.rowId(),
            programme.advertiserRowId(),
            subIds,
            visitorId,
            device,
            country,
            truncate(request.getHeader("Referer"), MAX_REFERRER),
            userAgent,
            truncatedIp,
            deepLink,
            commissionable,
            flags.toString(),
            group);
    if (!journal.offer(click)) {
      // The journal is full: the visitor still lands, without a click id nothing records, and
      // without any click id planted in the deep link either.
      location = unrecorded(destination, programme, group, holdoutMark);
    }

    redirectTo(ctx, location, visitorId);
  }

  /**
   * Where a visitor whose click is not recorded lands: without a click id, and still with the
   * holdout mark when held out, so that the visitor's group holds across clicks.
   */
  private static String unrecorded(
      String destination,
      TrackingIndex.ProgrammeEntry programme,
      @Nullable String group,
      @Nullable String holdoutMark) {
    return group == null
        ? RedirectUrls.withoutParam(destination, programme.clickIdParam())
        : RedirectUrls.withoutParam(
            destination, programme.clickIdParam(), HoldoutSplit.PARAM, holdoutMark);
  }

  private void redirectTo(HttpServerRequest ctx, String location, String visitorId) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(302);
    response.putHeader("Location", location);
    response.putHeader("Cache-Control", "no-store");
    response.putHeader("Referrer-Policy", "no-referrer-when-downgrade");
    // Written by hand: the id's alphabet needs no quoting, and Max-Age alone is understood by
    // every browser in use, which spares formatting a date on every click.
    response.putHeader("Set-Cookie", VISITOR_COOKIE + "=" + visitorId + cookieAttributes);
    response.end();
  }

  /**
   * What follows {@code lv_vid=<id>} in the visitor cookie: every click tracker (affiliate links,
   * programmatic ads) sets the same cookie, so that one visitor has one journey.
   */
  public static String cookieAttributes(boolean secureCookie) {
    return "; Max-Age="
        + COOKIE_MAX_AGE_SECONDS
        + "; Path=/; HttpOnly"
        + (secureCookie ? "; Secure; SameSite=None" : "; SameSite=Lax");
  }

  /** Sub ids given at click time; invalid ones are dropped and flagged, never passed on. */
  private static @Nullable SubIds clickSubIds(HttpServerRequest request, StringBuilder flags) {
    String[] values = null;
    for (int n = 1; n <= 5; n++) {
      String value = request.getParam("sub" + n);
      if (value == null) {
        continue;
      }
      if (SubIds.problemWith(value) != null) {
        flag(flags, "sub-id-refused");
        continue;
      }
      if (values == null) {
        values = new String[5];
      }
      values[n - 1] = value;
    }
    return values == null
        ? null
        : new SubIds(values[0], values[1], values[2], values[3], values[4]);
  }

  private @Nullable IpAddress clientAddress(HttpServerRequest request) {
    if (trustForwardedFor) {
      String forwarded = request.getHeader("X-Forwarded-For");
      if (forwarded != null) {
        int comma = forwarded.indexOf(',');
        int end = comma < 0 ? forwarded.length() : comma;
        int start = 0;
        while (start < end && forwarded.charAt(start) == ' ') {
          start++;
        }
        while (end > start && forwarded.charAt(end - 1) == ' ') {
          end--;
        }
        IpAddress parsed = IpAddress.tryParse(forwarded, start, end);
        if (parsed != null) {
          return parsed;
        }
      }
    }
    SocketAddress remote = request.remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? null : IpAddress.tryParse(host);
  }

  /** The same meter the router keeps for other routes, made once: clicks skip the router. */
  private static Timer timer(MeterRegistry registry, int status, String outcome) {
    return Timer.builder("http.server.requests")
        .description("HTTP requests served, by route template and status")
        .tag("method", "GET")
        .tag("route", "/c/{linkId}")
        .tag("status", Integer.toString(status))
        .tag("outcome", outcome)
        .register(registry);
  }

  private void notFound(HttpServerRequest ctx) {
    unknownLinks.increment();
    ctx.response()
        .setStatusCode(404)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end("This link is unknown.\n");
  }

  private static void flag(StringBuilder flags, String flag) {
    if (!flags.isEmpty()) {
      flags.append(' ');
    }
    flags.append(flag);
  }

  private static @Nullable String truncate(@Nullable String value, int max) {
    if (value == null) {
      return null;
    }
    String clean = value.length() > max ? value.substring(0, max) : value;
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return clean.substring(0, i);
      }
    }
    return clean;
  }
}
