package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedDomainsTest {
  private final AllowedDomains shop =
      AllowedDomains.parse(List.of("shop.example", "*.brand.example"));

  @Test
  void exactDomainsMatchOnlyThemselves() {
    assertThat(shop.allowsHost("shop.example")).isTrue();
    assertThat(shop.allowsHost("SHOP.example."))
        .as("case and a trailing dot do not matter")
        .isTrue();
    assertThat(shop.allowsHost("www.shop.example")).isFalse();
    assertThat(shop.allowsHost("evilshop.example")).isFalse();
  }

  @Test
  void wildcardsMatchTheDomainAndItsSubdomains() {
    assertThat(shop.allowsHost("brand.example")).isTrue();
    assertThat(shop.allowsHost("www.brand.example")).isTrue();
    assertThat(shop.allowsHost("a.b.brand.example")).isTrue();
    assertThat(shop.allowsHost("notbrand.example")).isFalse();
    assertThat(shop.allowsHost("brand.example.evil.example")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://shop.example.evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "https://evil.example\\@shop.example/",
        "https://shop.example@evil.example/",
        "https://evil.example/https://shop.example/",
        "https://shop.example/\r\nSet-Cookie: x=1",
        "data:text/html,hello",
        "ftp://shop.example/",
        "https:///shop.example"
      })
  void refusesDestinationsThatLeaveTheProgramme(String url) {
    assertThat(shop.problemWithDestination(url)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://shop.example/",
        "https://shop.example/p/123?colour=red#reviews",
        "http://shop.example:8443/cart",
        "https://www.brand.example/fr/",
        "https://BRAND.example/"
      })
  void acceptsDestinationsOnAllowedDomains(String url) {
    assertThat(shop.problemWithDestination(url)).isEmpty();
  }

  @Test
  void refusesOverLongUrls() {
    String url = "https://shop.example/" + "a".repeat(AllowedDomains.MAX_URL_LENGTH);
    assertThat(shop.problemWithDestination(url)).contains("is longer than 2048 characters");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Shop.example",
        "localhost",
        "https://shop.example",
        "shop.example:80",
        "-shop.example",
        "sh op.example",
        "*.*.example",
        "shop..example"
      })
  void refusesMalformedPatterns(String pattern) {
    assertThatThrownBy(() -> DomainPattern.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsPatternsAsWritten() {
    assertThat(shop.asStrings()).containsExactly("shop.example", "*.brand.example");
    assertThatThrownBy(() -> AllowedDomains.parse(List.of())).hasMessageContaining("at least one");
  }
}
