package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RandomIdsTest {

  @Test
  void idsAre22UrlSafeCharacters() {
    for (int i = 0; i < 1_000; i++) {
      String click = RandomIds.clickId();
      String visitor = RandomIds.visitorId();

      assertThat(click).hasSize(22).matches("[A-Za-z0-9_-]{22}");
      assertThat(visitor).hasSize(22).matches("[A-Za-z0-9_-]{22}");
      assertThat(RandomIds.looksLikeId(click)).isTrue();
      assertThat(Base64.getUrlDecoder().decode(click)).hasSize(16);
    }
  }

  @Test
  void idsDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      assertThat(seen.add(RandomIds.clickId())).isTrue();
      assertThat(seen.add(RandomIds.visitorId())).isTrue();
    }
  }

  @Test
  void idsUseTheWholeAlphabetInEveryPositionButTheLast() {
    List<Set<Character>> byPosition = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      byPosition.add(new HashSet<>());
    }
    for (int n = 0; n < 5_000; n++) {
      String id = RandomIds.clickId();
      for (int i = 0; i < 22; i++) {
        byPosition.get(i).add(id.charAt(i));
      }
    }

    assertThat(byPosition.subList(0, 21)).allSatisfy(chars -> assertThat(chars).hasSize(64));
    assertThat(byPosition.get(21))
        .as("two random bits")
        .containsExactlyInAnyOrder('A', 'Q', 'g', 'w');
  }

  @Test
  void threadsEachGetTheirOwnIdsIncludingVirtualThreads() throws Exception {
    List<Future<List<String>>> results = new ArrayList<>();
    try (ExecutorService platform = Executors.newFixedThreadPool(4);
        ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++) {
        ExecutorService executor = t % 2 == 0 ? platform : virtual;
        results.add(
            executor.submit(
                () -> {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < 1_000; i++) {
                    ids.add(RandomIds.clickId());
                  }
                  return ids;
                }));
      }
      Set<String> all = new HashSet<>();
      for (Future<List<String>> result : results) {
        for (String id : result.get()) {
          assertThat(RandomIds.looksLikeId(id)).isTrue();
          assertThat(all.add(id)).isTrue();
        }
      }
      assertThat(all).hasSize(8_000);
    }
  }

  @Property
  void encodingIsBase64UrlWithoutPadding(@ForAll @Size(16) byte[] bytes) {
    assertThat(RandomIds.encode(bytes, new byte[22]))
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "AAAAAAAAAAAAAAAAAAAAAA",
        "abcdefghijklmnopqrstuv",
        "0123456789-_0123456789",
        "__________------------",
      })
  void looksLikeIdAcceptsTheShape(String text) {
    assertThat(RandomIds.looksLikeId(text)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "AAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAA=",
        "AAAAAAAAAAAAAAAAAAAAA+",
        "AAAAAAAAAAAAAAAAAAAAA/",
        "AAAAAAAAAAAAAAAAAAAAA ",
        "AAAAAAAAAAAAAAAAAAAAA.",
        "AAAAAAAAAAAAAAAAAAAAAé",
        "AAAAAAAAAAAAAAAAAAAAA\n",
        "AAAAAAAAAA;AAAAAAAAAAA",
      })
  void looksLikeIdRefusesEverythingElse(String text) {
    assertThat(RandomIds.looksLikeId(text)).isFalse();
  }
}
