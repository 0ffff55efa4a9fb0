package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The user: the exchange's id, the buyer's id for the user ({@code buyeruid}, Levier's visitor id
 * after a cookie sync), data segments, and the TCF consent string.
 */
public record User(
    @Nullable String id,
    @Nullable String buyeruid,
    @Nullable List<Data> data,
    @Nullable String consent,
    @Nullable JsonNode eids,
    @Nullable JsonNode ext) {}
