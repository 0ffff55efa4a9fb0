package dev.levier.tracking;

import dev.levier.auth.Principal;
import dev.levier.errors.NotFoundException;
import dev.levier.errors.ValidationException;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tracking links. A publisher makes links for its own partnerships; the advertiser and the admin
 * may make them too. A deep link must stay on the programme's allowed domains. A new link works at
 * once: it goes into the in-memory index as soon as it is committed.
 */
public final class LinkService {
  static final String KIND = "link";

  private final Database database;
  private final Clock clock;
  private final TrackingIndex index;

  public LinkService(Database database, Clock clock, TrackingIndex index) {
    this.database = database;
    this.clock = clock;
    this.index = index;
  }

  public Link create(
      Principal caller, String partnershipId, @Nullable String url, SubIds subIds, String baseUrl) {
    Instant now = Sql.now(clock);
    Created created =
        database.transaction(
            c -> {
              LinkStore.PartnershipRef partnership =
                  LinkStore.partnership(c, partnershipId)
                      .filter(p -> visible(caller, p))
                      .filter(p -> !p.archived())
                      .orElseThrow(
                          () ->
                              ValidationException.of(
                                  "partnershipId", "partnership " + partnershipId + " not found"));
              if (partnership.status().equals("declined")) {
                throw ValidationException.of(
                    "partnershipId",
                    "partnership " + partnershipId + " was declined; links need an application");
              }
              if (url != null) {
                AllowedDomains domains = AllowedDomains.parse(partnership.allowedDomains());
                domains
                    .problemWithDestination(url)
                    .ifPresent(
                        problem -> {
                          throw ValidationException.of("url", problem);
                        });
              }
              TrackingIndex.LinkEntry entry =
                  LinkStore.insert(c, partnership.rowId(), url, subIds, now);
              return new Created(
                  entry,
                  new Link(
                      entry.id(),
                      partnershipId,
                      partnership.programmeId(),
                      partnership.publisherId(),
                      partnership.advertiserId(),
                      url,
                      subIds,
                      baseUrl + LinkStore.trackingPath(entry.id()),
                      now,
                      null));
            });
    // Only once committed: a click must never find a link the database does not have.
    index.addLink(created.entry());
    return created.link();
  }

  private record Created(TrackingIndex.LinkEntry entry, Link link) {}

  public Link get(Principal caller, String id, String baseUrl) {
    return database.transaction(
        c ->
            LinkStore.find(c, caller, id, baseUrl)
                .orElseThrow(() -> new NotFoundException(KIND, id)));
  }

  public List<Link> list(
      Principal caller,
      @Nullable String partnershipId,
      @Nullable String programmeId,
      @Nullable String publisherId,
      boolean includeArchived,
      @Nullable String after,
      int limit,
      String baseUrl) {
    return database.transaction(
        c ->
            LinkStore.list(
                c,
                caller,
                partnershipId,
                programmeId,
                publisherId,
                includeArchived,
                after,
                limit,
                baseUrl));
  }

  /**
   * Archives a link. Its tracking URL keeps sending visitors to the programme's landing page (a
   * link printed somewhere cannot be recalled), but its clicks no longer earn.
   */
  public Link archive(Principal caller, String id, String baseUrl) {
    Instant now = Sql.now(clock);
    Link link =
        database.transaction(
            c -> {
              Link current =
                  LinkStore.find(c, caller, id, baseUrl)
                      .orElseThrow(() -> new NotFoundException(KIND, id));
              if (current.archivedAt() != null) {
                return current;
              }
              LinkStore.archive(c, id, now);
              return new Link(
                  current.id(),
                  current.partnershipId(),
                  current.programmeId(),
                  current.publisherId(),
                  current.advertiserId(),
                  current.url(),
                  current.subIds(),
                  current.trackingUrl(),
                  current.createdAt(),
                  now);
            });
    index.loadLink(id);
    return link;
  }

  private static boolean visible(Principal caller, LinkStore.PartnershipRef partnership) {
    return switch (caller.role()) {
      case ADMIN -> true;
      case ADVERTISER -> caller.isAdvertiser(partnership.advertiserId());
      case PUBLISHER -> caller.isPublisher(partnership.publisherId());
    };
  }
}
