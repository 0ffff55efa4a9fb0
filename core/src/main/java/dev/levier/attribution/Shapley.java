package dev.levier.attribution;

/** Being written: the Shapley value model, plain or ordered. */
public record Shapley(boolean ordered) implements AttributionModel {

  @Override
  public String describe() {
    return ordered ? "shapley (ordered)" : "shapley";
  }

  @Override
  public Credits attribute(Paths paths) {
    throw new UnsupportedOperationException("being written");
  }
}
