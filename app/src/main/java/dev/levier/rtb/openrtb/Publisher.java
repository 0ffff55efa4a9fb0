package dev.levier.rtb.openrtb;

import org.jspecify.annotations.Nullable;

/** The publisher of the site or app. */
public record Publisher(@Nullable String id, @Nullable String name, @Nullable String domain) {}
