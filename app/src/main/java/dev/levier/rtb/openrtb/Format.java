package dev.levier.rtb.openrtb;

import org.jspecify.annotations.Nullable;

/** One size a banner slot takes. */
public record Format(@Nullable Integer w, @Nullable Integer h) {}
