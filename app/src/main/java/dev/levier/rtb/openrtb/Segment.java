package dev.levier.rtb.openrtb;

import org.jspecify.annotations.Nullable;

/** One segment of a data provider. */
public record Segment(@Nullable String id, @Nullable String name, @Nullable String value) {}
