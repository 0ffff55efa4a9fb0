package dev.levier.rtb.openrtb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A banner slot: its size, or the sizes it takes ({@code format}), and the blocked attributes. */
public record Banner(
    @Nullable Integer w,
    @Nullable Integer h,
    @Nullable List<Format> format,
    @Nullable List<Integer> battr,
    @Nullable List<Integer> btype,
    @Nullable Integer pos,
    @Nullable List<Integer> api) {}
