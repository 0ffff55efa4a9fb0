package dev.levier.rtb.openrtb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A native slot: the Native Ad request, as a string of JSON. */
public record Native(
    @Nullable String request, @Nullable String ver, @Nullable List<Integer> battr) {}
