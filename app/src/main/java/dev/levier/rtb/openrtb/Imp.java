package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * An impression on offer: at least one of banner, video, audio or native.
 *
 * @param bidfloor the minimum CPM, in {@code bidfloorcur} (USD by default)
 */
public record Imp(
    @Nullable String id,
    @Nullable Banner banner,
    @Nullable Video video,
    @Nullable JsonNode audio,
    @JsonProperty("native") @Nullable Native nativeAd,
    @Nullable Pmp pmp,
    @Nullable String tagid,
    @Nullable BigDecimal bidfloor,
    @Nullable String bidfloorcur,
    @Nullable Integer instl,
    @Nullable Integer secure,
    @Nullable JsonNode ext) {}
