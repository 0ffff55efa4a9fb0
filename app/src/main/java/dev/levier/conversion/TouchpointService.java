package dev.levier.conversion;

import dev.levier.attribution.Attributions;
import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.ValidationException;
import dev.levier.storage.Database;
import dev.levier.storage.Sql;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Touches the advertiser saw in its other paid channels (search, social, display, e-mail, TV). They
 * join the customer's journey beside affiliate clicks: attribution models and channel
 * de-duplication read them later.
 */
public final class TouchpointService {
  private final Database database;
  private final Clock clock;
  private final Attributions attributions;

  public TouchpointService(Database database, Clock clock, Attributions attributions) {
    this.database = database;
    this.clock = clock;
    this.attributions = attributions;
  }

  /** One reported touch: whose, through which channel, when. */
  public record Touchpoint(
      String identityKind, String identityValue, String channel, Instant occurredAt) {}

  /** Stores a batch of touches for one advertiser, all or none; returns how many. */
  public int record(Principal caller, String advertiserId, List<Touchpoint> touches) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException("advertisers report their own channels' touches");
    }
    if (!caller.isAdmin() && !caller.isAdvertiser(advertiserId)) {
      throw ValidationException.of("advertiserId", "advertiser " + advertiserId + " not found");
    }
    Instant now = Sql.now(clock);
    long[] advertiser = new long[1];
    int stored =
        database.transaction(
            c -> {
              Long advertiserRow =
                  Sql.queryOne(
                          c,
                          "SELECT id FROM advertiser WHERE public_id = ? AND archived_at IS NULL",
                          row -> row.getLong("id"),
                          advertiserId)
                      .orElseThrow(
                          () ->
                              ValidationException.of(
                                  "advertiserId", "advertiser " + advertiserId + " not found"));
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO touchpoint (advertiser_id, identity_kind, identity_value, channel,"
                          + " occurred_at, occurred_quarter, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Touchpoint t : touches) {
                  s.setLong(1, advertiserRow);
                  s.setString(2, t.identityKind());
                  s.setString(3, t.identityValue());
                  s.setString(4, t.channel());
                  s.setObject(5, t.occurredAt().atOffset(ZoneOffset.UTC));
                  s.setLong(6, Sql.quarter(t.occurredAt()));
                  s.setObject(7, now.atOffset(ZoneOffset.UTC));
                  s.addBatch();
                }
                s.executeBatch();
              }
              advertiser[0] = advertiserRow;
              return touches.size();
            });
    // Committed: conversions that come next look these touches up.
    attributions.touchpointsReported(advertiser[0]);
    return stored;
  }
}
