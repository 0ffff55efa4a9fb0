package dev.levier.storage;

/**
 * Told after a committed change to configuration that hot paths hold in memory (programmes,
 * partnerships, keys, links...), so that their snapshot is rebuilt before the caller gets its
 * answer.
 */
@FunctionalInterface
public interface ChangeListener {
  ChangeListener NONE = () -> {};

  void configurationChanged();
}
