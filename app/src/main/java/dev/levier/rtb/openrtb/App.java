package dev.levier.rtb.openrtb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The application the impression is in. */
public record App(
    @Nullable String id,
    @Nullable String bundle,
    @Nullable String domain,
    @Nullable List<String> cat,
    @Nullable Publisher publisher) {}
