package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Regulations: COPPA, GDPR (with the consent string in {@code user.consent}), the US Privacy string
 * and the Global Privacy Platform string with its applicable sections.
 */
public record Regs(
    @Nullable Integer coppa,
    @Nullable Integer gdpr,
    @JsonProperty("us_privacy") @Nullable String usPrivacy,
    @Nullable String gpp,
    @JsonProperty("gpp_sid") @Nullable List<Integer> gppSid,
    @Nullable JsonNode ext) {}
