package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BotListTest {

  @Test
  void parsesTokensIgnoringCommentsBlanksAndRepeats() {
    BotList bots =
        BotList.parse(
            List.of("# our list", "", "  MyCrawler  ", "uptime-check # our monitor", "mycrawler"),
            "bots.txt");

    assertThat(bots.tokens()).containsExactly("mycrawler", "uptime-check");
    assertThat(bots.matches("Mozilla/5.0 (compatible; MyCrawler/1.0)")).isTrue();
    assertThat(bots.matches("UPTIME-CHECK")).isTrue();
    assertThat(bots.matches("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")).isFalse();
    assertThat(bots.matches(null)).isFalse();
    assertThat(bots.matches("")).isFalse();
    assertThat(bots.matches("myc")).as("a prefix of a token is not the token").isFalse();
  }

  @Test
  void matchesAtTheVeryStartAndEndOfTheUserAgent() {
    BotList bots = BotList.parse(List.of("abc", "xyz"), "t");

    assertThat(bots.matches("abc")).isTrue();
    assertThat(bots.matches("ABCdef")).isTrue();
    assertThat(bots.matches("defXYZ")).isTrue();
    assertThat(bots.matches("xy")).isFalse();
    assertThat(bots.matches("ab")).isFalse();
    assertThat(bots.matches("aBxYz")).isTrue();
  }

  @Test
  void tokensSharingAPrefixAreAllTried() {
    BotList bots = BotList.parse(List.of("spider-one", "spider-two", "spy"), "t");

    assertThat(bots.matches("I am SPIDER-TWO")).isTrue();
    assertThat(bots.matches("spider-three")).isFalse();
    assertThat(bots.matches("spy")).isTrue();
  }

  @Test
  void tooShortTokensAreRefusedWithTheLine() {
    assertThatThrownBy(() -> BotList.parse(List.of("crawler", "# x", "ab"), "bots.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bots.txt line 3: 'ab' is shorter than 3 characters and would match ordinary"
                + " browsers");
  }

  @Test
  void nonAsciiTokensAreRefusedWithTheLine() {
    assertThatThrownBy(() -> BotList.parse(List.of("crawler", "robotéx"), "bots.txt"))
        .hasMessage(
            "bots.txt line 2: 'robotéx' is not printable ASCII, which user agents are written in");
  }

  @Test
  void defaultsAreDistinctLowerCaseAndLongEnough() {
    List<String> tokens = BotList.defaults().tokens();

    assertThat(new HashSet<>(tokens)).hasSameSizeAs(tokens);
    assertThat(tokens)
        .allSatisfy(
            token -> {
              assertThat(token).isLowerCase();
              assertThat(token.length()).isGreaterThanOrEqualTo(BotList.MIN_TOKEN_LENGTH);
            })
        .contains("googlebot", "bingbot", "curl/", "wget", "python-requests", "java/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "curl/8.5.0",
        "Wget/1.21.4",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0;"
            + " +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2;"
            + " +https://openai.com/gptbot)",
        "Twitterbot/1.0",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
        "python-requests/2.31.0",
        "Python-urllib/3.12",
        "Go-http-client/2.0",
        "okhttp/4.12.0",
        "PostmanRuntime/7.37.3",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " HeadlessChrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko)"
            + " PhantomJS/2.1.1 Safari/538.1",
      })
  void defaultsCatchCommonRobots(String userAgent) {
    assertThat(BotList.defaults().matches(userAgent)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
            + " Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
            + " like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
            + " like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 9; CUBOT_X19 Build/PPR1.180610.011) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36"
            + " [FB_IAB/FB4A;FBAV/460.0.0.48.109;]",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
            + " like Gecko) Mobile/15E148 Instagram 275.0.0.27.98 (iPhone13,2; iOS 16_3; en_US)",
        "Mozilla/5.0 (Linux; Android 12; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.0.0 Safari/537.36",
      })
  void defaultsLeaveBrowsersAlone(String userAgent) {
    assertThat(BotList.defaults().matches(userAgent)).isFalse();
  }
}
