package dev.levier.rtb.openrtb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A video slot. {@code protocol} (one value) is the OpenRTB 2.2 form of {@code protocols}, still
 * sent by some exchanges.
 */
public record Video(
    @Nullable List<String> mimes,
    @Nullable Integer minduration,
    @Nullable Integer maxduration,
    @Nullable List<Integer> protocols,
    @Nullable Integer protocol,
    @Nullable Integer w,
    @Nullable Integer h,
    @Nullable List<Integer> battr) {}
