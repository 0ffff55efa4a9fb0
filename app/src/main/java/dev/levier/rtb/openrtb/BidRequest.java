package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The top-level bid request object.
 *
 * @param id ID of the bid request, assigned by the exchange; required
 * @param imp the impressions offered; at least one is required
 * @param test 1 in test mode: auctions are not billable
 * @param at auction type: 1 first price, 2 second price plus; exchange-specific values above 500
 * @param tmax the time in milliseconds the exchange waits for bids, including network latency
 * @param wseat buyer seats allowed to bid; bseat seats blocked (only one of them is given)
 * @param cur currencies allowed for bids, ISO 4217
 * @param bcat blocked advertiser categories; badv blocked advertiser domains; bapp blocked
 *     applications by their store id
 */
public record BidRequest(
    @Nullable String id,
    @Nullable List<Imp> imp,
    @Nullable Site site,
    @Nullable App app,
    @Nullable Device device,
    @Nullable User user,
    @Nullable Integer test,
    @Nullable Integer at,
    @Nullable Integer tmax,
    @Nullable List<String> wseat,
    @Nullable List<String> bseat,
    @Nullable List<String> cur,
    @Nullable List<String> bcat,
    @Nullable List<String> badv,
    @Nullable List<String> bapp,
    @Nullable Source source,
    @Nullable Regs regs,
    @Nullable JsonNode ext) {}
