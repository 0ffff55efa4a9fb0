package dev.levier.attribution;

/** Being written: the Markov chain removal-effect model. */
public record MarkovChain(int order) implements AttributionModel {

  @Override
  public String describe() {
    return "markov (order " + order + ")";
  }

  @Override
  public Credits attribute(Paths paths) {
    throw new UnsupportedOperationException("being written");
  }
}
