package dev.levier.rtb;

import java.math.BigDecimal;

/**
 * What an impression is worth to a line item, as a CPM in micros of the line item's currency. The
 * goal strategies price an impression by what it is expected to bring: a click, a sale or revenue,
 * through the predicted click rate and conversion rate.
 */
public sealed interface BidStrategy
    permits BidStrategy.FixedCpm,
        BidStrategy.TargetCpc,
        BidStrategy.TargetCpa,
        BidStrategy.TargetRoas {

  /** The value of one thousand impressions at the predicted rates. */
  long valueCpm(Prediction prediction);

  /** The strategy's name on the wire. */
  String kind();

  /** The same price for every impression. */
  record FixedCpm(long cpmMicros) implements BidStrategy {
    public FixedCpm {
      positive(cpmMicros, "cpm");
    }

    @Override
    public long valueCpm(Prediction prediction) {
      return cpmMicros;
    }

    @Override
    public String kind() {
      return "fixed-cpm";
    }
  }

  /** A click is worth {@code cpcMicros}: value = click rate × CPC × 1000. */
  record TargetCpc(long cpcMicros) implements BidStrategy {
    public TargetCpc {
      positive(cpcMicros, "cpc");
    }

    @Override
    public long valueCpm(Prediction prediction) {
      return Math.round(prediction.clickRate() * cpcMicros * 1000);
    }

    @Override
    public String kind() {
      return "target-cpc";
    }
  }

  /** A sale is worth {@code cpaMicros}: value = click rate × conversion rate × CPA × 1000. */
  record TargetCpa(long cpaMicros) implements BidStrategy {
    public TargetCpa {
      positive(cpaMicros, "cpa");
    }

    @Override
    public long valueCpm(Prediction prediction) {
      return Math.round(prediction.clickRate() * prediction.conversionRate() * cpaMicros * 1000);
    }

    @Override
    public String kind() {
      return "target-cpa";
    }
  }

  /**
   * Revenue over spend should reach {@code roas} (4 = four times the spend): an impression is worth
   * the revenue it is expected to bring, divided by the target. Expected revenue is click rate ×
   * conversion rate × the average order value.
   */
  record TargetRoas(BigDecimal roas, long orderValueMicros) implements BidStrategy {
    public TargetRoas {
      if (roas.signum() <= 0) {
        throw new IllegalArgumentException("roas: must be above zero");
      }
      positive(orderValueMicros, "orderValue");
    }

    @Override
    public long valueCpm(Prediction prediction) {
      double revenue =
          prediction.clickRate() * prediction.conversionRate() * orderValueMicros * 1000;
      return Math.round(revenue / roas.doubleValue());
    }

    @Override
    public String kind() {
      return "target-roas";
    }
  }

  private static void positive(long micros, String field) {
    if (micros <= 0) {
      throw new IllegalArgumentException(field + ": must be above zero");
    }
  }
}
