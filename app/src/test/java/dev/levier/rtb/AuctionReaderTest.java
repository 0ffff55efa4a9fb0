package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuctionReaderTest {
  @Test
  void browsersAreKnownByTheirTokensWrittenAsBrowsersWriteThemOrInAnyOtherCase() {
    String chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";
    assertThat(AuctionReader.browser(chrome)).isEqualTo("chrome");
    assertThat(AuctionReader.browser(chrome + " Edg/130.0")).isEqualTo("edge");
    assertThat(AuctionReader.browser("Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"))
        .isEqualTo("firefox");
    assertThat(AuctionReader.browser("Mozilla/5.0 (iPhone) CriOS/130.0 Safari/604.1"))
        .isEqualTo("chrome");
    assertThat(AuctionReader.browser("Mozilla/5.0 (iPhone) Version/18.0 Safari/604.1"))
        .isEqualTo("safari");
    assertThat(AuctionReader.browser("MOZILLA/5.0 FIREFOX/130.0")).isEqualTo("firefox");
    assertThat(AuctionReader.browser("mozilla/5.0 chrome/130.0 edg/130.0")).isEqualTo("edge");
    assertThat(AuctionReader.browser("curl/8.5.0")).isNull();
    assertThat(AuctionReader.browser(null)).isNull();
  }
}
