package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrlsTest {

  private static final String ID = "Zm9vYmFyYmF6cXV4cXV1eA";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "https://shop.example | https://shop.example?lv_click=" + ID,
        "https://shop.example/ | https://shop.example/?lv_click=" + ID,
        "https://shop.example/p/1 | https://shop.example/p/1?lv_click=" + ID,
        "https://shop.example/p?a=1 | https://shop.example/p?a=1&lv_click=" + ID,
        "https://shop.example/p? | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?a=1& | https://shop.example/p?a=1&lv_click=" + ID,
        "https://shop.example/p?a=1&&b=2 | https://shop.example/p?a=1&b=2&lv_click=" + ID,
        "https://shop.example/p?& | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p#top | https://shop.example/p?lv_click=" + ID + "#top",
        "https://shop.example/p?a=1#top | https://shop.example/p?a=1&lv_click=" + ID + "#top",
        "https://shop.example/p#/route?x=1 | https://shop.example/p?lv_click=" + ID + "#/route?x=1",
        "https://shop.example/p?a=1#/route?lv_click=keep | https://shop.example/p?a=1&lv_click="
            + ID
            + "#/route?lv_click=keep",
        "https://shop.example/p# | https://shop.example/p?lv_click=" + ID + "#",
        "https://shop.example/p?# | https://shop.example/p?lv_click=" + ID + "#",
        "https://shop.example/p?lv_click=forged | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?a=1&lv_click=forged&b=2 | https://shop.example/p?a=1&b=2&lv_click="
            + ID,
        "https://shop.example/p?lv_click=1&lv_click=2 | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?lv_click | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?lv_click= | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?LV_Click=forged | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?lv%5Fclick=forged | https://shop.example/p?lv_click=" + ID,
        "https://shop.example/p?%6c%76%5f%63%6c%69%63%6b=forged | https://shop.example/p?lv_click="
            + ID,
        "https://shop.example/p?lv_clicks=1&xlv_click=2 | https://shop.example/p?lv_clicks=1"
            + "&xlv_click=2&lv_click="
            + ID,
        "https://shop.example/p?lv%255Fclick=1 | https://shop.example/p?lv%255Fclick=1&lv_click="
            + ID,
        "https://shop.example/p?lv_click%=1&lv_clic%6=2 | https://shop.example/p?lv_click%=1"
            + "&lv_clic%6=2&lv_click="
            + ID,
        "https://shop.example/p?q=a%20b&r=%E2%82%AC | https://shop.example/p?q=a%20b&r=%E2%82%AC"
            + "&lv_click="
            + ID,
        "https://shop.example/p?a=lv_click | https://shop.example/p?a=lv_click&lv_click=" + ID,
        "https://[2001:db8::1]:8443/p?x=1 | https://[2001:db8::1]:8443/p?x=1&lv_click=" + ID,
      })
  void addsTheParameterReplacingAnyOfTheSameName(String url, String expected) {
    String result = RedirectUrls.withParam(url, "lv_click", ID);

    assertThat(result).isEqualTo(expected);
    if (AllowedDomains.problemWithUrlShape(url).isEmpty()) {
      assertThat(AllowedDomains.problemWithUrlShape(result)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "plain | plain",
        "a b | a%20b",
        "a+b | a%2Bb",
        "a&b=c | a%26b%3Dc",
        "#frag | %23frag",
        "50% | 50%25",
        "x?y/z | x%3Fy%2Fz",
        "-._~ | -._~",
        "é | %C3%A9",
        "€ | %E2%82%AC",
        "😀 | %F0%9F%98%80",
        "ab\\c | ab%5Cc",
      })
  void encodesTheValueAsAQueryComponent(String value, String encoded) {
    assertThat(RedirectUrls.withParam("https://shop.example/", "v", value))
        .isEqualTo("https://shop.example/?v=" + encoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\nSet-Cookie: x=1", "a\u0000b", "tab\there", "\u2028", "\uD800"})
  void neverWritesControlCharactersOrSpaces(String value) {
    String result = RedirectUrls.withParam("https://shop.example/p?a=1", "v", value);

    assertThat(result).doesNotContainPattern("[\\x00-\\x20\\x7f]");
    assertThat(result).matches("[\\x21-\\x7e]+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", " ", "\u007f"})
  void refusesAUrlThatWasNotChecked(String bad) {
    assertThatThrownBy(() -> RedirectUrls.withParam("https://shop.example/" + bad, "v", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spaces or control characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a=b", "a&b", "a%62", "é", "a#", "a+b"})
  void refusesNamesThatWouldNeedEncoding(String name) {
    assertThatThrownBy(() -> RedirectUrls.withParam("https://shop.example/", name, "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a parameter name must be");
  }

  @Property
  void anyValueReadsBackAfterDecoding(@ForAll String value) {
    String result = RedirectUrls.withParam("https://shop.example/p?a=1#f", "v", value);

    assertThat(result).matches("[\\x21-\\x7e]+");
    String query = URI.create(result).getRawQuery();
    assertThat(query).startsWith("a=1&v=");
    StringBuilder expected = new StringBuilder();
    value
        .codePoints()
        .forEach(
            cp ->
                expected.appendCodePoint(
                    Character.isSurrogate((char) cp) && cp < 0x10000 ? 0xfffd : cp));
    assertThat(URLDecoder.decode(query.substring("a=1&v=".length()), StandardCharsets.UTF_8))
        .isEqualTo(expected.toString());
    assertThat(URI.create(result).getRawFragment()).isEqualTo("f");
  }

  @org.junit.jupiter.api.Test
  void withoutParamRemovesEveryPlantedCopyAndKeepsTheRest() {
    org.assertj.core.api.Assertions.assertThat(
            RedirectUrls.withoutParam(
                "https://s.example/p?lvclid=FAKE&x=1&LVCLID=2#f?lvclid=3", "lvclid"))
        .isEqualTo("https://s.example/p?x=1#f?lvclid=3");
    org.assertj.core.api.Assertions.assertThat(
            RedirectUrls.withoutParam("https://s.example/p?lvclid=FAKE", "lvclid"))
        .isEqualTo("https://s.example/p");
    org.assertj.core.api.Assertions.assertThat(
            RedirectUrls.withoutParam("https://s.example/", "lvclid"))
        .isEqualTo("https://s.example/");
  }

  @ParameterizedTest(name = "{0} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://s.example/p | | https://s.example/p?lvclid=ID",
        "https://s.example/p | 1 | https://s.example/p?lvclid=ID&lvholdout=1",
        "https://s.example/p?lvholdout=1 | | https://s.example/p?lvclid=ID",
        "https://s.example/p?LVHOLDOUT=0&a=1 | 1 | https://s.example/p?a=1&lvclid=ID&lvholdout=1",
        "https://s.example/p?lvclid=x&a=1#f | | https://s.example/p?a=1&lvclid=ID#f",
        "https://s.example/p?%6Cvholdout=1&a=1#f | 1 | https://s.example/p?a=1&lvclid=ID&lvholdout=1#f",
      })
  void withParamsAddsTheHoldoutMarkOnlyWhenGivenAndNeverKeepsAPlantedOne(
      String url, @org.jspecify.annotations.Nullable String holdout, String expected) {
    assertThat(RedirectUrls.withParams(url, "lvclid", "ID", "lvholdout", holdout))
        .isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void withoutParamKeepsOnlyTheHoldoutMarkWhenGiven() {
    assertThat(
            RedirectUrls.withoutParam(
                "https://s.example/p?lvclid=F&lvholdout=0&x=1#f", "lvclid", "lvholdout", "1"))
        .isEqualTo("https://s.example/p?x=1&lvholdout=1#f");
    assertThat(
            RedirectUrls.withoutParam(
                "https://s.example/p?lvclid=F&lvholdout=1", "lvclid", "lvholdout", null))
        .isEqualTo("https://s.example/p");
    assertThat(RedirectUrls.withoutParam("https://s.example/", "lvclid", "lvholdout", "1"))
        .isEqualTo("https://s.example/?lvholdout=1");
  }
}
