package dev.levier.rtb.openrtb;

import org.jspecify.annotations.Nullable;

/** The device: its user agent, location, type (list 5.21), operating system and advertising id. */
public record Device(
    @Nullable String ua,
    @Nullable Geo geo,
    @Nullable Integer dnt,
    @Nullable Integer lmt,
    @Nullable String ip,
    @Nullable String ipv6,
    @Nullable Integer devicetype,
    @Nullable String os,
    @Nullable String ifa) {}
