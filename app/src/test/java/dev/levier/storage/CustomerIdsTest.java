package dev.levier.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomerIdsTest {

  /** The stored rows of a test: number to identity, and the numbers each call asked for. */
  private final Map<Long, String> table = new HashMap<>();

  private final List<Set<Long>> asked = new ArrayList<>();

  private Map<Long, String> holders(Set<Long> ids) {
    asked.add(Set.copyOf(ids));
    Map<Long, String> found = new HashMap<>();
    for (long id : ids) {
      String holder = table.get(id);
      if (holder != null) {
        found.put(id, holder);
      }
    }
    return found;
  }

  @Test
  void theNumberIsTheFirst64BitsOfTheSha256OfTheIdentity() {
    // SHA-256("1:ref:C-1") begins d48b9e77c4c08323 (sha256sum): the number is
    // stored, so it must never change with the code.
    assertThat(CustomerIds.of("1:ref:C-1")).isEqualTo(0xd48b9e77c4c08323L);
    assertThat(CustomerIds.of("2:ref:C-1")).isNotEqualTo(CustomerIds.of("1:ref:C-1"));
  }

  @Test
  void storedAndNewIdentitiesAreToldApartInOneRead() throws Exception {
    table.put(CustomerIds.of("1:ref:A"), "1:ref:A");

    Map<String, CustomerIds.Placement> placed =
        CustomerIds.place(List.of("1:ref:A", "1:ref:B"), CustomerIds::of, this::holders);

    assertThat(placed)
        .containsEntry("1:ref:A", new CustomerIds.Placement(CustomerIds.of("1:ref:A"), true))
        .containsEntry("1:ref:B", new CustomerIds.Placement(CustomerIds.of("1:ref:B"), false));
    assertThat(asked).hasSize(1);
  }

  @Test
  void anIdentityWhoseNumberIsTakenByAnotherTakesTheNextFreeOne() throws Exception {
    // Every identity draws 7: the stored ones lie along the chain in the order they came.
    table.put(7L, "1:ref:first");
    table.put(8L, "1:ref:second");

    Map<String, CustomerIds.Placement> placed =
        CustomerIds.place(
            List.of("1:ref:second", "1:ref:new", "1:ref:first"), identity -> 7L, this::holders);

    assertThat(placed)
        .containsEntry("1:ref:first", new CustomerIds.Placement(7, true))
        .containsEntry("1:ref:second", new CustomerIds.Placement(8, true))
        .containsEntry("1:ref:new", new CustomerIds.Placement(9, false));
    assertThat(asked).containsExactly(Set.of(7L), Set.of(8L), Set.of(9L));
  }

  @Test
  void twoNewIdentitiesThatDrawTheSameNumberAreNeverGivenTheSameOne() throws Exception {
    table.put(10L, "1:ref:stored");

    Map<String, CustomerIds.Placement> placed =
        CustomerIds.place(
            List.of("1:ref:b", "1:ref:a", "1:ref:c"),
            identity -> identity.equals("1:ref:c") ? 11L : 9L,
            this::holders);

    // Taken in their natural order: a is given 9; b finds 9 given, 10 held by another identity
    // and 11 given to c, which drew it; so b is given 12.
    assertThat(placed)
        .containsEntry("1:ref:a", new CustomerIds.Placement(9, false))
        .containsEntry("1:ref:c", new CustomerIds.Placement(11, false))
        .containsEntry("1:ref:b", new CustomerIds.Placement(12, false));
    Set<Long> numbers = new HashSet<>();
    placed.values().forEach(p -> numbers.add(p.id()));
    assertThat(numbers).hasSize(3).doesNotContain(10L);
  }

  @Test
  void theChainRunsOverTheLargestNumberToTheSmallest() throws Exception {
    table.put(Long.MAX_VALUE, "1:ref:other");

    Map<String, CustomerIds.Placement> placed =
        CustomerIds.place(List.of("1:ref:late"), identity -> Long.MAX_VALUE, this::holders);

    assertThat(placed)
        .containsEntry("1:ref:late", new CustomerIds.Placement(Long.MIN_VALUE, false));
  }
}
