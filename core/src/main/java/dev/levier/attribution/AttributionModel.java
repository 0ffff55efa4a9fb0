package dev.levier.attribution;

/** Shares the conversions and value of a set of paths between their channels. */
public interface AttributionModel {

  /** The model's name as the command line and the API write it, with its settings. */
  String describe();

  /** What every channel seen in {@code paths} earned. */
  Credits attribute(Paths paths);
}
