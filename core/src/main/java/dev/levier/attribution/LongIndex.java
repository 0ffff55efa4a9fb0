package dev.levier.attribution;

import java.util.Arrays;

/**
 * Numbers {@code long} keys 0, 1, 2… in the order they are first seen, without boxing: the Markov
 * chain numbers its states and its transitions with it while it walks a million paths.
 *
 * <p>Open addressing with linear probing over a power-of-two table kept at most half full. Keys
 * must be zero or more (-1 marks a free slot). Not thread-safe.
 */
final class LongIndex {

  private static final long FREE = -1;

  private long[] slots;
  private int[] ids;
  private long[] keys;
  private int size;

  LongIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new long[capacity];
    Arrays.fill(slots, FREE);
    ids = new int[capacity];
    keys = new long[Math.max(16, expected)];
  }

  /** How many keys have been numbered. */
  int size() {
    return size;
  }

  /** The key numbered {@code id}. */
  long key(int id) {
    return keys[id];
  }

  /** The number of {@code key}, numbering it if it is new. */
  int id(long key) {
    if (key < 0) {
      throw new IllegalArgumentException("a key must be zero or more, not " + key);
    }
    int mask = slots.length - 1;
    int slot = spread(key) & mask;
    while (true) {
      long there = slots[slot];
      if (there == key) {
        return ids[slot];
      }
      if (there == FREE) {
        break;
      }
      slot = (slot + 1) & mask;
    }
    int id = size++;
    if (id == keys.length) {
      keys = Arrays.copyOf(keys, id * 2);
    }
    keys[id] = key;
    slots[slot] = key;
    ids[slot] = id;
    if (size * 2 > slots.length) {
      grow();
    }
    return id;
  }

  private void grow() {
    long[] oldSlots = slots;
    int[] oldIds = ids;
    slots = new long[oldSlots.length * 2];
    Arrays.fill(slots, FREE);
    ids = new int[slots.length];
    int mask = slots.length - 1;
    for (int i = 0; i < oldSlots.length; i++) {
      long key = oldSlots[i];
      if (key == FREE) {
        continue;
      }
      int slot = spread(key) & mask;
      while (slots[slot] != FREE) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = key;
      ids[slot] = oldIds[i];
    }
  }

  /** Mixes the bits so that keys that differ only in high bits do not share a probe run. */
  private static int spread(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
