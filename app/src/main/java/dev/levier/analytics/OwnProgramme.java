package dev.levier.analytics;

import dev.levier.auth.Principal;
import dev.levier.auth.Role;
import dev.levier.errors.ForbiddenException;
import dev.levier.errors.NotFoundException;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeService;
import dev.levier.tracking.TrackingIndex;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A programme as an advertiser's analytics read it: only its advertiser or the admin may, a
 * publisher is refused before anything is looked up, another advertiser finds nothing; with the
 * advertiser's time zone, in which report periods are days.
 */
record OwnProgramme(Programme programme, TrackingIndex.ProgrammeEntry entry, ZoneId zone) {

  /**
   * @param refusal what a publisher is told
   */
  static OwnProgramme of(
      Principal caller,
      String programmeId,
      ProgrammeService programmes,
      TrackingIndex index,
      String refusal) {
    if (caller.role() == Role.PUBLISHER) {
      throw new ForbiddenException(refusal);
    }
    Programme programme = programmes.get(caller, programmeId);
    if (!caller.isAdmin() && !caller.isAdvertiser(programme.advertiserId())) {
      throw new NotFoundException("programme", programmeId);
    }
    TrackingIndex.ProgrammeEntry entry = index.programme(programme.id());
    TrackingIndex.AdvertiserEntry advertiser =
        entry == null ? null : index.advertiser(entry.advertiserRowId());
    if (entry == null || advertiser == null) {
      throw new NotFoundException("programme", programmeId);
    }
    return new OwnProgramme(programme, entry, advertiser.timeZone());
  }

  /** The first instant of a local day. */
  Instant startOf(LocalDate day) {
    return day.atStartOfDay(zone).toInstant();
  }

  /** The first instant after a local day. */
  Instant endOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(zone).toInstant();
  }
}
