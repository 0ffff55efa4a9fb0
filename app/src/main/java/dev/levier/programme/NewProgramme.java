package dev.levier.programme;

import dev.levier.money.CurrencyUnit;
import org.jspecify.annotations.Nullable;

/**
 * A programme to create. The advertiser may be left out by an advertiser's own key; the currency
 * defaults to the advertiser's.
 */
public record NewProgramme(
    @Nullable String advertiserId, @Nullable CurrencyUnit currency, ProgrammeChanges fields) {}
