package dev.levier.rtb.openrtb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The website the impression is on. */
public record Site(
    @Nullable String id,
    @Nullable String domain,
    @Nullable String page,
    @Nullable List<String> cat,
    @Nullable Publisher publisher) {}
