package dev.levier.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Where a customer identity's row lives in {@code customer}: a number drawn from the identity, so
 * that the row is found and written by one integer key.
 *
 * <p>Why a number and not the identity itself: on H2 a table whose key is text keeps its rows under
 * a hidden row number and the key in a second tree, so each sale's customer lookup searched two
 * trees, comparing text at every step, and each new customer wrote both; customers were a third of
 * the sale writer's work on H2 (2026-11-28, BENCHMARKS.md). A single {@code BIGINT} key is the
 * row's own key there. The number is the first 64 bits of the SHA-256 of {@code
 * advertiserRow:identity}: two identities share one with a chance of one in 1.8 &times;
 * 10<sup>19</sup> a pair, and when they do the second takes the next free number (open addressing;
 * rows are never deleted, so a chain never breaks). Each row keeps its advertiser and identity, and
 * a lookup checks them.
 */
public final class CustomerIds {
  private CustomerIds() {}

  /** The first number tried for an identity, {@code advertiserRow:identity}. */
  public static long of(String identity) {
    byte[] digest = sha256().digest(identity.getBytes(StandardCharsets.UTF_8));
    long id = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      id = (id << 8) | (digest[i] & 0xFF);
    }
    return id;
  }

  /** Which identity (as {@code advertiserRow:identity}) holds each of these numbers, if any. */
  @FunctionalInterface
  public interface Holders {
    Map<Long, String> of(Set<Long> ids) throws SQLException;
  }

  /** An identity's number, and whether its row is stored already. */
  public record Placement(long id, boolean stored) {}

  /**
   * Finds each identity's number: the one its row holds, or for an identity not stored yet the
   * first free number of its chain, never one that another identity of this call was given.
   * Identities are taken in their natural order, so the same call gives the same numbers.
   *
   * @param first the first number of an identity's chain ({@link #of} but in tests)
   * @param holders reads the numbers asked for; asked once per step along the chains, which is once
   *     in all unless two identities share a number
   */
  public static Map<String, Placement> place(
      Collection<String> identities, ToLongFunction<String> first, Holders holders)
      throws SQLException {
    Map<String, Placement> placed = new HashMap<>();
    TreeMap<String, Long> trying = new TreeMap<>();
    for (String identity : identities) {
      trying.put(identity, first.applyAsLong(identity));
    }
    Map<Long, String> known = new HashMap<>();
    Set<Long> asked = new HashSet<>();
    Set<Long> given = new HashSet<>();
    while (!trying.isEmpty()) {
      Set<Long> toAsk = new HashSet<>();
      for (long id : trying.values()) {
        if (asked.add(id)) {
          toAsk.add(id);
        }
      }
      if (!toAsk.isEmpty()) {
        known.putAll(holders.of(toAsk));
      }
      for (Iterator<Map.Entry<String, Long>> it = trying.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> entry = it.next();
        long id = entry.getValue();
        String holder = known.get(id);
        if (entry.getKey().equals(holder)) {
          placed.put(entry.getKey(), new Placement(id, true));
          it.remove();
        } else if (holder == null && given.add(id)) {
          placed.put(entry.getKey(), new Placement(id, false));
          it.remove();
        } else {
          entry.setValue(id + 1);
        }
      }
    }
    return placed;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
