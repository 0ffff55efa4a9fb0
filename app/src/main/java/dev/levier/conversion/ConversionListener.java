package dev.levier.conversion;

/**
 * Told of each conversion the journal stored, after its batch committed, on the journal's writer
 * thread: it must be quick and must not throw.
 */
@FunctionalInterface
public interface ConversionListener {

  /** Tells nothing to no one. */
  ConversionListener NONE = conversion -> {};

  void stored(Conversion conversion);
}
