package dev.levier.advertiser;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/** A partial update: null fields stay as they are. */
public record AdvertiserChanges(
    @Nullable String name,
    @Nullable CountryCode country,
    @Nullable CurrencyUnit currency,
    @Nullable ZoneId timeZone) {

  /** Applies the changes to the current state. */
  public AdvertiserDraft applyTo(Advertiser current) {
    return new AdvertiserDraft(
        name != null ? name : current.name(),
        country != null ? country : current.country(),
        currency != null ? currency : current.currency(),
        timeZone != null ? timeZone : current.timeZone());
  }
}
