package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.field.UsCaField;
import com.iab.gpp.encoder.section.UsCa;
import com.iab.gpp.encoder.section.UsNat;
import dev.levier.testing.Api;
import dev.levier.testing.TestDatabase;
import dev.levier.testing.TestNetwork;
import dev.levier.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Consent over HTTP on a server that has an IAB vendor id ({@code rtb.vendor-id}): a line item that
 * targets an audience segment bids only where the TCF string consents for Levier's vendor, and
 * where no applicable US section of GPP records an opt-out.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.levier.testing.TestDatabase#available")
class RtbConsentTest {
  private static final int VENDOR = 1234;
  private static final String DOMAIN = "consent.example";

  @Parameter TestDatabase kind;

  @Test
  void segmentsNeedTheVendorsConsentAndNoApplicableUsOptOut() {
    try (TestServer server = TestServer.start(kind, Map.of("rtb.vendor-id", "" + VENDOR))) {
      Api admin = server.admin();
      String advertiser =
          admin.post("/api/v1/advertisers", TestNetwork.advertiser("Consent", "US", "USD")).id();
      Map<String, Object> body = new HashMap<>();
      body.put("advertiserId", advertiser);
      body.put("name", "Consent");
      body.put(
          "lineItems",
          List.of(
              RtbApiTest.lineItem(
                  "1.00",
                  Map.of("domains", List.of(DOMAIN), "segments", List.of("seg-1")),
                  Map.of())));
      body.put("creatives", List.of(RtbApiTest.banner(300, 250)));
      assertThat(admin.post("/api/v1/campaigns", body).status()).isEqualTo(201);

      ObjectNode gdpr = request();
      gdpr.putObject("regs").put("gdpr", 1);
      ((ObjectNode) gdpr.path("user"))
          .put("consent", ConsentTest.tcf(List.of(1, 3, 4), List.of(7), false, null));
      assertThat(status(server, gdpr)).as("no consent for Levier's vendor").isEqualTo(204);
      ((ObjectNode) gdpr.path("user"))
          .put("consent", ConsentTest.tcf(List.of(1, 3, 4), List.of(VENDOR), false, null));
      assertThat(status(server, gdpr)).isEqualTo(200);

      GppModel model =
          ConsentTest.gpp(
              UsCa.NAME, UsCaField.SHARING_OPT_OUT_NOTICE, 1, UsCaField.SHARING_OPT_OUT, 1);
      ObjectNode california = request();
      california.putObject("regs").put("gpp", model.encode()).putArray("gpp_sid").add(UsCa.ID);
      assertThat(status(server, california))
          .as("opted out of sharing in California")
          .isEqualTo(204);
      ((ObjectNode) california.path("regs")).putArray("gpp_sid").add(UsNat.ID);
      assertThat(status(server, california))
          .as("California's section does not apply")
          .isEqualTo(200);
    }
  }

  private static ObjectNode request() {
    ObjectNode request = RtbApiTest.request(DOMAIN, null);
    request
        .putObject("user")
        .put("id", "u-1")
        .putArray("data")
        .addObject()
        .put("id", "dp")
        .putArray("segment")
        .addObject()
        .put("id", "seg-1");
    return request;
  }

  private static int status(TestServer server, ObjectNode request) {
    return server.anonymous().post(BidHandler.PATH, request).status();
  }
}
