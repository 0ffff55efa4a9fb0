package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Private marketplace: with {@code private_auction = 1} only the deals may bid. */
public record Pmp(
    @JsonProperty("private_auction") @Nullable Integer privateAuction,
    @Nullable List<Deal> deals) {}
