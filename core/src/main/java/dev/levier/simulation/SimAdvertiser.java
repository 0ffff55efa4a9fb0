package dev.levier.simulation;

import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;

/**
 * An advertiser of the simulated market and its one programme.
 *
 * @param name the advertiser's name
 * @param sector what it sells
 * @param country its ISO 3166-1 country
 * @param currency its programme's currency, in which its customers pay
 * @param timeZone its IANA time zone
 * @param domain the shop's domain, where tracking links land
 * @param perEuro units of {@code currency} one euro buys, for prices and for summing across
 *     advertisers
 * @param rules the programme's commission rule set, in the API's JSON
 */
public record SimAdvertiser(
    String name,
    Sector sector,
    String country,
    CurrencyUnit currency,
    String timeZone,
    String domain,
    BigDecimal perEuro,
    String rules) {}
