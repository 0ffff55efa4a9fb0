package dev.levier.analytics;

/**
 * The data cannot be fitted by a model: there is nothing to fit (no customers, no repeat buyers),
 * the likelihood has no maximum inside the parameter space (a parameter runs to zero or infinity),
 * or the optimiser did not settle. The message says which, in words meant for whoever supplied the
 * data.
 */
public final class ModelFitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelFitException(String message) {
    super(message);
  }
}
