package dev.levier.attribution;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** Every touch takes an equal share; a channel touched twice takes two shares. */
public record Linear() implements TouchModel {

  @Override
  public String describe() {
    return "linear";
  }

  @Override
  public void weigh(int[] path, double @Nullable [] agesDays, double[] weights) {
    Arrays.fill(weights, 0, path.length, 1.0 / path.length);
  }
}
