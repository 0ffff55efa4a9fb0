package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** The source of the request: the transaction id and the supply chain. */
public record Source(@Nullable String tid, @Nullable JsonNode schain, @Nullable JsonNode ext) {}
