package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserAgentsTest {

  private static final BotList BOTS = BotList.defaults();

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // Phones
        "iPhone Safari | mobile | Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "iPhone Instagram | mobile | Mozilla/5.0 (iPhone; CPU iPhone OS 16_3 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 275.0.0.27.98"
            + " (iPhone13,2; iOS 16_3; en_US; en; scale=3.00; 1170x2532; 458229258)",
        "iPhone Facebook | mobile | Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
            + " [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.0;FBSS/3;FBID/phone]",
        "iPod | mobile | Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
        "Android Chrome phone | mobile | Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        "Samsung Internet phone | mobile | Mozilla/5.0 (Linux; Android 13; SM-S911B)"
            + " AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0"
            + " Chrome/115.0.0.0 Mobile Safari/537.36",
        "Firefox Android phone | mobile | Mozilla/5.0 (Android 14; Mobile; rv:125.0)"
            + " Gecko/125.0 Firefox/125.0",
        "Cubot phone | mobile | Mozilla/5.0 (Linux; Android 9; CUBOT_X19 Build/PPR1.180610.011)"
            + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36",
        "Windows Phone | mobile | Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft;"
            + " Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116"
            + " Mobile Safari/537.36 Edge/15.15063",
        "IE Mobile | mobile | Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0;"
            + " IEMobile/10.0; ARM; Touch; NOKIA; Lumia 920)",
        "Opera Mini | mobile | Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera"
            + " Mobi/23.348; U; en) Presto/2.5.25 Version/10.54",
        "BlackBerry | mobile | Mozilla/5.0 (BB10; Touch) AppleWebKit/537.10+ (KHTML, like Gecko)"
            + " Version/10.0.9.2372 Mobile Safari/537.10+",
        "Firefox OS phone | mobile | Mozilla/5.0 (Mobile; rv:26.0) Gecko/26.0 Firefox/26.0",
        "KaiOS | mobile | Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;"
            + " Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
        // Tablets
        "iPad Safari | tablet | Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1",
        "Android tablet | tablet | Mozilla/5.0 (Linux; Android 12; SM-X700) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Firefox Android tablet | tablet | Mozilla/5.0 (Android 14; Tablet; rv:125.0)"
            + " Gecko/125.0 Firefox/125.0",
        "Kindle Fire | tablet | Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; KFTT Build/IML74K)"
            + " AppleWebKit/535.19 (KHTML, like Gecko) Silk/3.68 Safari/535.19 Silk-Accelerated=true",
        "Silk desktop mode | tablet | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML,"
            + " like Gecko) Silk/93.2.7 like Chrome/93.0.4577.82 Safari/537.36",
        "Kindle reader | tablet | Mozilla/5.0 (X11; U; Linux armv7l like Android; en-us)"
            + " AppleWebKit/531.2+ (KHTML, like Gecko) Version/5.0 Safari/531.2+ Kindle/3.0+",
        "PlayBook | tablet | Mozilla/5.0 (PlayBook; U; RIM Tablet OS 2.1.0; en-US)"
            + " AppleWebKit/536.2+ (KHTML, like Gecko) Version/7.2.1.0 Safari/536.2+",
        "Firefox OS tablet | tablet | Mozilla/5.0 (Tablet; rv:26.0) Gecko/26.0 Firefox/26.0",
        // Desktops
        "Windows Chrome | desktop | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Windows Edge | desktop | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
        "Windows Firefox | desktop | Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0)"
            + " Gecko/20100101 Firefox/125.0",
        "IE on a pen laptop | desktop | Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1;"
            + " Trident/4.0; SLCC2; .NET CLR 2.0.50727; Media Center PC 6.0; Tablet PC 2.0)",
        "Mac Safari | desktop | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
            + " AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mac Chrome | desktop | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
            + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "iPad asking for the desktop site | desktop | Mozilla/5.0 (Macintosh; Intel Mac OS X"
            + " 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Linux Firefox | desktop | Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101"
            + " Firefox/125.0",
        "Ubuntu Firefox | desktop | Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0)"
            + " Gecko/20100101 Firefox/125.0",
        "Linux Chrome | desktop | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML,"
            + " like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "ChromeOS | desktop | Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "lower-cased desktop | desktop | mozilla/5.0 (windows nt 10.0; win64; x64)",
        // Bots and tools
        "Googlebot | bot | Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Googlebot smartphone | bot | Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X"
            + " Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91"
            + " Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Bingbot | bot | Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Facebook preview | bot | facebookexternalhit/1.1"
            + " (+http://www.facebook.com/externalhit_uatext.php)",
        "Slack preview | bot | Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Headless Chrome | bot | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
        "curl | bot | curl/8.5.0",
        "wget | bot | Wget/1.21.4",
        "Python requests | bot | python-requests/2.31.0",
        "Go | bot | Go-http-client/1.1",
        "Java | bot | Java/21.0.2",
        "Java HttpClient | bot | Java-http-client/21.0.2",
        "Apache HttpClient | bot | Apache-HttpClient/4.5.14 (Java/17.0.9)",
        "Scrapy | bot | Scrapy/2.11.1 (+https://scrapy.org)",
        "upper-cased bot | bot | MOZILLA/5.0 (COMPATIBLE; GOOGLEBOT/2.1)",
        // Neither
        "television | unknown | Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36"
            + " (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36",
        "made up | unknown | SomethingElse/1.0",
        "old Mozilla | unknown | Mozilla/5.0",
        "non-ASCII | unknown | Ｍｏｚｉｌｌａ (ｉＰｈｏｎｅ) 😀",
      })
  void classifiesRealUserAgents(String description, String expected, String userAgent) {
    assertThat(UserAgents.classify(userAgent, BOTS).toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", "  \n "})
  void aMissingUserAgentIsUnknown(String userAgent) {
    assertThat(UserAgents.classify(userAgent, BOTS)).isEqualTo(DeviceType.UNKNOWN);
  }

  @Test
  void theBotListIsTheOneGiven() {
    BotList nothing = BotList.parse(List.of("# no bots"), "none.txt");
    BotList ours = BotList.parse(List.of("LevierTest"), "ours.txt");

    assertThat(UserAgents.classify("curl/8.5.0", nothing)).isEqualTo(DeviceType.UNKNOWN);
    assertThat(
            UserAgents.classify(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) leviertest/1", ours))
        .isEqualTo(DeviceType.BOT);
  }

  @Test
  void deviceTypesHaveLowerCaseWireNames() {
    assertThat(DeviceType.values())
        .extracting(DeviceType::toString)
        .containsExactly("desktop", "mobile", "tablet", "bot", "unknown");
  }
}
