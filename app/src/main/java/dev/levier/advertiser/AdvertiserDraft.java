package dev.levier.advertiser;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.time.ZoneId;

/** The fields of a new advertiser, already validated. */
public record AdvertiserDraft(
    String name, CountryCode country, CurrencyUnit currency, ZoneId timeZone) {

  /** The editable fields of an advertiser as it stands. */
  public static AdvertiserDraft of(Advertiser advertiser) {
    return new AdvertiserDraft(
        advertiser.name(), advertiser.country(), advertiser.currency(), advertiser.timeZone());
  }
}
