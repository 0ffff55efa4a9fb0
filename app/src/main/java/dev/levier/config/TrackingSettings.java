package dev.levier.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the tracking hot paths.
 *
 * @param ipCountryFile CSV of {@code start_ip,end_ip,country[,region[,city]]} ranges; null uses the
 *     small table that ships with Levier
 * @param botAgentsFile user-agent fragments that mark a bot, one per line; null uses the built-in
 *     list
 * @param datacenterFile CIDR ranges of hosting providers, one per line; null uses the built-in list
 * @param trustForwardedFor whether the client address is taken from {@code X-Forwarded-For} (only
 *     behind a proxy that sets it)
 * @param clickQueue clicks that may wait for the journal; beyond, clicks are redirected but not
 *     recorded (and counted)
 * @param conversionQueue conversions that may wait for the journal; beyond, intake answers 503
 * @param conversionWriters threads storing conversions side by side, each for the advertisers whose
 *     row id falls to it: one advertiser's sales stay in order on one writer
 * @param maxClicksPerIpMinute clicks from one address in a minute before they are flagged
 * @param maxClicksPerVisitorMinute clicks from one visitor in a minute before they are flagged
 */
public record TrackingSettings(
    @Nullable Path ipCountryFile,
    @Nullable Path botAgentsFile,
    @Nullable Path datacenterFile,
    boolean trustForwardedFor,
    int clickQueue,
    int conversionQueue,
    int conversionWriters,
    int maxClicksPerIpMinute,
    int maxClicksPerVisitorMinute) {}
