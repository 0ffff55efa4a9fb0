package dev.levier.commission;

import dev.levier.money.Money;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a sale earns its publisher under one rule set version: one entry per line, then one for the
 * order when an order rule applies, and the total.
 */
public record SaleCommission(int version, List<LineCommission> parts, Money total) {

  public SaleCommission {
    parts = List.copyOf(parts);
    Objects.requireNonNull(total, "total");
  }

  /** Every part's explanation, one per line of text. */
  public String explain() {
    return parts.stream().map(LineCommission::explain).collect(Collectors.joining("\n"));
  }
}
