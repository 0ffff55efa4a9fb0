package dev.levier.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTest {

  /** SHA-256 of "test@example.com", computed outside Java. */
  private static final String TEST_AT_EXAMPLE =
      "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b";

  @Test
  void hashesTheNormalisedAddressWithSha256() {
    assertThat(EmailHash.of("test@example.com").hex()).isEqualTo(TEST_AT_EXAMPLE);
    assertThat(EmailHash.of("test@example.com")).hasToString(TEST_AT_EXAMPLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Test@Example.COM", "  test@example.com\t", "\ntest@EXAMPLE.com "})
  void trimsAndLowerCases(String email) {
    assertThat(EmailHash.of(email).hex()).isEqualTo(TEST_AT_EXAMPLE);
  }

  @Test
  void keepsPlusTagsAndDotsBecauseTheirMeaningDependsOnTheProvider() {
    assertThat(EmailHash.of("test+news@example.com"))
        .isNotEqualTo(EmailHash.of("test@example.com"));
    assertThat(EmailHash.of("t.est@gmail.com")).isNotEqualTo(EmailHash.of("test@gmail.com"));
  }

  @Test
  void hashesNonAsciiAddressesAsUtf8() {
    // SHA-256 of the UTF-8 bytes of "jöhn.doe+tag@example.com", computed outside Java.
    assertThat(EmailHash.of("JÖHN.Doe+tag@example.com").hex())
        .isEqualTo("183a0233694810d279bdd4d9c10de81deea43c3bda948ca599749e42b5f7fe25");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "testexample.com | e-mail address must contain exactly one '@', it has 0",
        "a@b@example.com | e-mail address must contain exactly one '@', it has 2",
        "@example.com | e-mail address has nothing before the '@'",
        "test@ | e-mail address has nothing after the '@'",
        "te st@example.com | e-mail address contains white space",
        "test@exa\u00A0mple.com | e-mail address contains white space"
      })
  void refusesWhatIsNotAnAddressWithoutRepeatingIt(String email, String message) {
    assertThatThrownBy(() -> EmailHash.of(email))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesEmptyLongAndControlCharacters() {
    assertThatThrownBy(() -> EmailHash.of("  ")).hasMessage("e-mail address is empty");
    assertThatThrownBy(() -> EmailHash.of("test\u0000@example.com"))
        .hasMessage("e-mail address contains a control character");
    String longest = "a".repeat(242) + "@example.com";
    assertThat(EmailHash.of(longest).hex()).hasSize(64);
    assertThatThrownBy(() -> EmailHash.of("a" + longest))
        .hasMessage("e-mail address is 255 characters long; at most 254 are allowed");
  }

  @Test
  void recognisesDigests() {
    assertThat(EmailHash.isHash(TEST_AT_EXAMPLE)).isTrue();
    assertThat(EmailHash.isHash(TEST_AT_EXAMPLE.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(EmailHash.isHash(TEST_AT_EXAMPLE.substring(1))).isFalse();
    assertThat(EmailHash.isHash(TEST_AT_EXAMPLE + "0")).isFalse();
    assertThat(EmailHash.isHash("g" + TEST_AT_EXAMPLE.substring(1))).isFalse();
    assertThat(EmailHash.isHash("test@example.com")).isFalse();
  }

  @Test
  void takesAnAddressOrADigest() {
    assertThat(EmailHash.ofEmailOrHash(TEST_AT_EXAMPLE)).isEqualTo(new EmailHash(TEST_AT_EXAMPLE));
    assertThat(EmailHash.ofEmailOrHash("Test@example.com"))
        .isEqualTo(new EmailHash(TEST_AT_EXAMPLE));
  }

  @Test
  void refusesMalformedDigestsWithAHint() {
    String upper = TEST_AT_EXAMPLE.toUpperCase(java.util.Locale.ROOT);
    assertThatThrownBy(() -> new EmailHash(upper))
        .hasMessage(
            "an e-mail hash must be a SHA-256 digest written as 64 lower-case hexadecimal"
                + " characters; send it in lower case");
    assertThatThrownBy(() -> new EmailHash("abc"))
        .hasMessage(
            "an e-mail hash must be a SHA-256 digest written as 64 lower-case hexadecimal"
                + " characters");
    assertThatThrownBy(() -> EmailHash.ofEmailOrHash(upper))
        .hasMessage(
            "e-mail address must contain exactly one '@', it has 0 (it looks like a SHA-256"
                + " digest, which is accepted as 64 lower-case hexadecimal characters)");
  }

  @Test
  void customerReferencesAreTakenExactly() {
    assertThat(CustomerRef.of("C-1")).hasToString("C-1");
    assertThat(CustomerRef.of("C-1")).isNotEqualTo(CustomerRef.of("c-1"));
    assertThat(CustomerRef.of("x".repeat(100)).value()).hasSize(100);
    assertThatThrownBy(() -> CustomerRef.of("")).hasMessage("customer reference must not be empty");
    assertThatThrownBy(() -> CustomerRef.of("x".repeat(101)))
        .hasMessage("customer reference is 101 characters long; at most 100 are allowed");
    assertThatThrownBy(() -> CustomerRef.of("C-1\r\n"))
        .hasMessage(
            "customer reference contains a control character (U+000D) at position 4;"
                + " only printable characters are allowed");
  }

  @Test
  void identitiesOfDifferentKindsNeverMeet() {
    Identity hash = EmailHash.of("test@example.com");
    Identity ref = CustomerRef.of(TEST_AT_EXAMPLE);

    assertThat(hash).isNotEqualTo(ref);
  }
}
