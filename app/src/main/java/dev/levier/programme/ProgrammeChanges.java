package dev.levier.programme;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.ProgrammeStatus;
import dev.levier.tracking.AllowedDomains;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A partial update: null fields stay as they are. */
public record ProgrammeChanges(
    @Nullable String name,
    @Nullable CurrencyUnit currency,
    @Nullable String landingUrl,
    @Nullable AllowedDomains allowedDomains,
    @Nullable Integer attributionWindowDays,
    @Nullable Integer validationDays,
    @Nullable String clickIdParam,
    @Nullable Integer lapsedAfterDays,
    @Nullable List<CountryCode> countries,
    @Nullable Integer minClickSeconds,
    @Nullable ProgrammeStatus status) {

  public ProgrammeDraft applyTo(Programme current) {
    return new ProgrammeDraft(
        name != null ? name : current.name(),
        currency != null ? currency : current.currency(),
        landingUrl != null ? landingUrl : current.landingUrl(),
        allowedDomains != null ? allowedDomains : ProgrammeDraft.of(current).allowedDomains(),
        attributionWindowDays != null ? attributionWindowDays : current.attributionWindowDays(),
        validationDays != null ? validationDays : current.validationDays(),
        clickIdParam != null ? clickIdParam : current.clickIdParam(),
        lapsedAfterDays != null ? lapsedAfterDays : current.lapsedAfterDays(),
        countries != null ? countries : current.countries(),
        minClickSeconds != null ? minClickSeconds : current.minClickSeconds(),
        status != null ? status : current.status());
  }
}
