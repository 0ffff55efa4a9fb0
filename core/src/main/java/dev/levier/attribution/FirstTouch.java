package dev.levier.attribution;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The first touch of the journey, the one that introduced the customer, takes all the credit. */
public record FirstTouch() implements TouchModel {

  @Override
  public String describe() {
    return "first";
  }

  @Override
  public void weigh(int[] path, double @Nullable [] agesDays, double[] weights) {
    Arrays.fill(weights, 0, path.length, 0);
    weights[0] = 1;
  }
}
