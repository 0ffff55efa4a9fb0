package dev.levier.rtb;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A bid the bidder decided to make for one impression.
 *
 * @param priceCpmMicros the bid, in the auction's currency
 * @param priceCpmLocalMicros the bid, in the line item's currency
 * @param valueCpmMicros what the impression is worth to the line item, in the line item's currency
 * @param reservedMicros what the impression may cost, set aside from the line item's budget, in its
 *     currency
 * @param toLocal the rate from the auction's currency into the line item's the bid was made at
 * @param levels the levels the predicted rates were read at, to count the outcome at
 */
public record Bid(
    String impId,
    LineItem lineItem,
    Creative creative,
    long priceCpmMicros,
    long priceCpmLocalMicros,
    long valueCpmMicros,
    long reservedMicros,
    @Nullable String dealId,
    BigDecimal toLocal,
    List<String> levels) {}
