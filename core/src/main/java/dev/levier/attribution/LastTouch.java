package dev.levier.attribution;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The last touch before the conversion takes all the credit: what most networks pay by default. */
public record LastTouch() implements TouchModel {

  @Override
  public String describe() {
    return "last";
  }

  @Override
  public void weigh(int[] path, double @Nullable [] agesDays, double[] weights) {
    Arrays.fill(weights, 0, path.length, 0);
    weights[path.length - 1] = 1;
  }
}
