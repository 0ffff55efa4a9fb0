package dev.levier.advertiser;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import java.time.ZoneId;

/** The fields of a new advertiser, already validated. */
public record AdvertiserDraft(
    String name, CountryCode country, CurrencyUnit currency, ZoneId timeZone) {}
