package dev.levier.rtb.openrtb;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A deal between buyer and seller, with its own floor, auction type and allowed seats. */
public record Deal(
    @Nullable String id,
    @Nullable BigDecimal bidfloor,
    @Nullable String bidfloorcur,
    @Nullable Integer at,
    @Nullable List<String> wseat) {}
