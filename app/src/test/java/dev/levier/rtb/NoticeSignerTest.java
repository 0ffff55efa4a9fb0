package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.money.CurrencyUnit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed notice tokens: read back whole, refused when changed, short enough for exchanges. */
class NoticeSignerTest {
  private static final Instant AT = Instant.parse("2026-11-26T06:00:00Z");
  private final NoticeSigner signer =
      new NoticeSigner("a-secret-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8));

  private static NoticeSigner.Signed bid(List<String> levels) {
    return new NoticeSigner.Signed(
        PendingBids.newId(),
        "li_0123456789abcdef",
        2_500_000,
        new BigDecimal("0.8"),
        CurrencyUnit.USD,
        true,
        "v1234567890abcdefghijklmno",
        levels,
        AT,
        false);
  }

  @Test
  void aTokenReadsBackAsItWasSignedAndOnlyForWhatItWasSignedFor() {
    NoticeSigner.Signed bid = bid(SmoothedRates.levels("banner", "site-1/top", "seg-25"));
    String token = signer.notice(bid);
    assertThat(signer.readNotice(token)).isEqualTo(bid);
    NoticeSigner.Signed test =
        new NoticeSigner.Signed(
            bid.bidId(),
            bid.lineItemId(),
            bid.bidCpmLocal(),
            bid.toLocal(),
            bid.auctionCurrency(),
            false,
            null,
            List.of(),
            AT,
            true);
    assertThat(signer.readNotice(signer.notice(test))).isEqualTo(test);
    // A click token, visible in the ad's page, bills nothing; a notice token is no click.
    String click = signer.click(new NoticeSigner.SignedClick(bid.bidId(), bid.levels(), AT));
    assertThat(signer.readNotice(click)).isNull();
    assertThat(signer.readClick(token)).isNull();
    assertThat(signer.readClick(click))
        .isEqualTo(new NoticeSigner.SignedClick(bid.bidId(), bid.levels(), AT));
  }

  @Test
  void aChangedTokenOrAnotherSecretsTokenIsRefused() {
    String token = signer.notice(bid(List.of("f:banner")));
    char[] chars = token.toCharArray();
    chars[5] = chars[5] == 'A' ? 'B' : 'A';
    assertThat(signer.readNotice(new String(chars))).isNull();
    assertThat(signer.readNotice(token.substring(0, token.indexOf('.')))).isNull();
    assertThat(signer.readNotice("")).isNull();
    assertThat(signer.readNotice(null)).isNull();
    assertThat(signer.readNotice("%%%.%%%")).isNull();
    NoticeSigner other =
        new NoticeSigner("another-secret-of-thirty-two-chars".getBytes(StandardCharsets.UTF_8));
    assertThat(other.readNotice(token)).isNull();
  }

  @Test
  void tokensStayShortAndOverlongPlacementsAreLeftOut() {
    String placement = "x".repeat(150);
    String token = signer.notice(bid(SmoothedRates.levels("banner", placement, "segment-long")));
    // With three levels of some 170 characters, well under the 1,000 exchanges often allow.
    assertThat(token.length()).isLessThan(900);
    NoticeSigner.Signed huge =
        signer.notice(bid(SmoothedRates.levels("banner", "y".repeat(5_000), "s")))
                instanceof String t
            ? signer.readNotice(t)
            : null;
    assertThat(huge).isNotNull();
    assertThat(huge.levels()).containsExactly("f:banner");
  }

  /**
   * A notice of a bid made before the compact form (fixed-width fields, the whole HMAC) is still
   * settled after the upgrade; the same token with its signature cut to 128 bits is not.
   */
  @Test
  void aTokenOfTheFirstFormIsStillReadAndNotWithACutSignature() throws Exception {
    NoticeSigner.Signed bid = bid(SmoothedRates.levels("banner", "site-1/top", "seg-25"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(bid.bidId());
      out.writeUTF(bid.lineItemId());
      out.writeLong(bid.bidCpmLocal());
      out.writeUTF(bid.toLocal().toString());
      out.writeUTF(bid.auctionCurrency().code());
      out.writeByte(1);
      out.writeUTF(bid.visitor());
      out.writeByte(bid.levels().size());
      for (String level : bid.levels()) {
        out.writeUTF(level);
      }
      out.writeLong(AT.getEpochSecond());
    }
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            "a-secret-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8),
            "HmacSHA256"));
    mac.update((byte) 'n');
    byte[] signature = mac.doFinal(bytes.toByteArray());
    java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String fields = base64.encodeToString(bytes.toByteArray());
    String first = fields + "." + base64.encodeToString(signature);

    assertThat(signer.readNotice(first)).isEqualTo(bid);
    String cut = fields + "." + base64.encodeToString(java.util.Arrays.copyOf(signature, 16));
    assertThat(signer.readNotice(cut)).isNull();
    // The compact form says the same in fewer characters.
    assertThat(signer.notice(bid).length()).isLessThan(first.length() - 40);
  }

  @Test
  void levelsThatShareNothingAndTextsBeyondAsciiReadBackAsWritten() {
    NoticeSigner.Signed bid =
        new NoticeSigner.Signed(
            "b",
            "li_\u00e9t\u00e9",
            0,
            BigDecimal.ONE,
            CurrencyUnit.of("JPY"),
            false,
            null,
            List.of("f:video", "p:\u5e83\u544a", "f:video|p:x", ""),
            Instant.parse("+99999-12-31T23:59:59Z"),
            false);
    assertThat(signer.readNotice(signer.notice(bid))).isEqualTo(bid);
  }
}
