package dev.levier.rtb.openrtb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Data about the user from one provider, as segments. */
public record Data(@Nullable String id, @Nullable String name, @Nullable List<Segment> segment) {}
