package dev.levier.rtb;

import static org.assertj.core.api.Assertions.assertThat;

import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.field.TcfEuV2Field;
import com.iab.gpp.encoder.field.UsCaField;
import com.iab.gpp.encoder.field.UsNatField;
import com.iab.gpp.encoder.field.UsTxField;
import com.iab.gpp.encoder.section.TcfEuV2;
import com.iab.gpp.encoder.section.UsCa;
import com.iab.gpp.encoder.section.UsNat;
import com.iab.gpp.encoder.section.UsTx;
import com.iabtcf.encoder.PublisherRestrictionEntry;
import com.iabtcf.encoder.TCStringEncoder;
import com.iabtcf.v2.RestrictionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Consent read from real strings, built with the IAB Tech Lab's encoder: TCF v2 purposes, the
 * vendor's own consent and publisher restrictions, and the US sections of GPP with {@code gpp_sid}.
 */
class ConsentTest {
  private static final int VENDOR = 1234;
  private final Consent withoutVendor = new Consent(null);
  private final Consent withVendor = new Consent(VENDOR);

  @Test
  void tcfNeedsPurposesOneThreeAndFourAndTheVendorOnceLevierHasAnId() {
    String purposesOnly = tcf(List.of(1, 3, 4), List.of(), false, null);
    assertThat(withoutVendor.tcfAllows(purposesOnly)).isTrue();
    assertThat(withVendor.tcfAllows(purposesOnly))
        .as("no consent for Levier's vendor id")
        .isFalse();

    String vendorToo = tcf(List.of(1, 3, 4), List.of(7, VENDOR), false, null);
    assertThat(withVendor.tcfAllows(vendorToo)).isTrue();
    assertThat(withVendor.tcfAllows(tcf(List.of(1, 3), List.of(VENDOR), false, null)))
        .as("no consent to select personalised ads (4)")
        .isFalse();
    assertThat(withVendor.tcfAllows(tcf(List.of(3, 4), List.of(VENDOR), false, null)))
        .as("no consent to store and access (1)")
        .isFalse();
    assertThat(withVendor.tcfAllows(tcf(List.of(3, 4), List.of(VENDOR), true, null)))
        .as("purpose 1 not asked in the publisher's country")
        .isTrue();
    assertThat(withVendor.tcfAllows("not a TC string")).isFalse();
  }

  @Test
  void aPublisherRestrictionOnLeviersVendorForbidsPersonalData() {
    List<Integer> all = List.of(1, 3, 4);
    List<Integer> levier = List.of(VENDOR);
    String notAllowed =
        tcf(all, levier, false, restriction(3, RestrictionType.NOT_ALLOWED, VENDOR));
    assertThat(withVendor.tcfAllows(notAllowed)).isFalse();
    // Legitimate interest instead of consent: TCF 2.2 allows none for purposes 3 and 4.
    String byInterest =
        tcf(
            all,
            levier,
            false,
            restriction(4, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR));
    assertThat(withVendor.tcfAllows(byInterest)).isFalse();
    String otherVendor = tcf(all, levier, false, restriction(3, RestrictionType.NOT_ALLOWED, 99));
    assertThat(withVendor.tcfAllows(otherVendor)).isTrue();
    String otherPurpose =
        tcf(all, levier, false, restriction(7, RestrictionType.NOT_ALLOWED, VENDOR));
    assertThat(withVendor.tcfAllows(otherPurpose)).isTrue();
    assertThat(withoutVendor.tcfAllows(notAllowed))
        .as("no vendor id: restrictions not read")
        .isTrue();
  }

  @Test
  void gppsTcfSectionIsReadWithItsPublisherRestrictions() {
    // A GPP string whose one section is TCF EU v2: its header, then the TC string itself.
    String restricted =
        "DBABMA~"
            + tcf(
                List.of(1, 3, 4),
                List.of(VENDOR),
                false,
                restriction(3, RestrictionType.NOT_ALLOWED, VENDOR));
    String free = "DBABMA~" + tcf(List.of(1, 3, 4), List.of(VENDOR), false, null);
    assertThat(withVendor.gppAllows(free, List.of(TcfEuV2.ID))).isTrue();
    assertThat(withVendor.gppAllows(restricted, List.of(TcfEuV2.ID))).isFalse();
    assertThat(withoutVendor.gppAllows(restricted, List.of(TcfEuV2.ID))).isTrue();
  }

  @Test
  void theUsSectionsRefuseOnAnOptOutAGpcSignalOrANoticeNotGiven() {
    GppModel nat =
        gpp(
            UsNat.NAME,
            UsNatField.SALE_OPT_OUT_NOTICE,
            1,
            UsNatField.SALE_OPT_OUT,
            2,
            UsNatField.TARGETED_ADVERTISING_OPT_OUT_NOTICE,
            1,
            UsNatField.TARGETED_ADVERTISING_OPT_OUT,
            2);
    assertThat(withVendor.gppAllows(nat.encode(), null)).isTrue();

    nat.setFieldValue(UsNat.NAME, UsNatField.TARGETED_ADVERTISING_OPT_OUT, 1);
    assertThat(withVendor.gppAllows(nat.encode(), null)).as("opted out of targeted ads").isFalse();
    nat.setFieldValue(UsNat.NAME, UsNatField.TARGETED_ADVERTISING_OPT_OUT, 2);
    nat.setFieldValue(UsNat.NAME, UsNatField.SALE_OPT_OUT_NOTICE, 2);
    assertThat(withVendor.gppAllows(nat.encode(), null)).as("no notice of sale given").isFalse();
    nat.setFieldValue(UsNat.NAME, UsNatField.SALE_OPT_OUT_NOTICE, 1);
    nat.setFieldValue(UsNat.NAME, UsNatField.GPC_SEGMENT_INCLUDED, true);
    nat.setFieldValue(UsNat.NAME, UsNatField.GPC, true);
    assertThat(withVendor.gppAllows(nat.encode(), null)).as("Global Privacy Control").isFalse();

    GppModel california =
        gpp(UsCa.NAME, UsCaField.SHARING_OPT_OUT_NOTICE, 1, UsCaField.SHARING_OPT_OUT, 1);
    assertThat(withVendor.gppAllows(california.encode(), List.of(UsCa.ID)))
        .as("California: opted out of sharing")
        .isFalse();

    GppModel texas = gpp(UsTx.NAME, UsTxField.SALE_OPT_OUT_NOTICE, 1, UsTxField.SALE_OPT_OUT, 1);
    assertThat(withVendor.gppAllows(texas.encode(), null)).as("Texas: opted out of sale").isFalse();
    assertThat(withVendor.gppAllows("DBABMA~not base64!", null)).as("unreadable").isFalse();
  }

  @Test
  void onlyTheSectionsGppSidNamesApply() {
    GppModel model = gpp(UsCa.NAME, UsCaField.SALE_OPT_OUT_NOTICE, 1, UsCaField.SALE_OPT_OUT, 1);
    model.setFieldValue(UsNat.NAME, UsNatField.SALE_OPT_OUT_NOTICE, 1);
    model.setFieldValue(UsNat.NAME, UsNatField.SALE_OPT_OUT, 2);
    String gpp = model.encode();
    assertThat(withVendor.gppAllows(gpp, List.of(UsNat.ID)))
        .as("California does not apply")
        .isTrue();
    assertThat(withVendor.gppAllows(gpp, List.of(UsCa.ID))).isFalse();
    assertThat(withVendor.gppAllows(gpp, List.of())).as("no gpp_sid: every section").isFalse();
    assertThat(withVendor.gppAllows(gpp, List.of(TcfEuV2.ID)))
        .as("TCF EU applies, and the string has no TCF section")
        .isFalse();

    GppModel eu = new GppModel();
    eu.setFieldValue(TcfEuV2.NAME, TcfEuV2Field.PURPOSE_CONSENTS, purposes(List.of(1, 3, 4)));
    eu.setFieldValue(TcfEuV2.NAME, TcfEuV2Field.CMP_ID, 7);
    assertThat(withoutVendor.gppAllows(eu.encode(), List.of(TcfEuV2.ID))).isTrue();
    assertThat(withVendor.gppAllows(eu.encode(), List.of(TcfEuV2.ID)))
        .as("the TCF section lacks Levier's vendor")
        .isFalse();
    eu.setFieldValue(TcfEuV2.NAME, TcfEuV2Field.VENDOR_CONSENTS, List.of(VENDOR));
    assertThat(withVendor.gppAllows(eu.encode(), List.of(TcfEuV2.ID))).isTrue();
  }

  /** A TCF v2 string, encoded by the IAB Tech Lab's own TCF encoder. */
  static String tcf(
      List<Integer> consented,
      List<Integer> vendors,
      boolean purposeOneTreatment,
      @Nullable PublisherRestrictionEntry restriction) {
    TCStringEncoder.Builder tcf =
        TCStringEncoder.newBuilder()
            .version(2)
            .created(Instant.parse("2026-11-01T00:00:00Z"))
            .lastUpdated(Instant.parse("2026-11-01T00:00:00Z"))
            .cmpId(7)
            .cmpVersion(1)
            .consentLanguage("FR")
            .vendorListVersion(100)
            .tcfPolicyVersion(4)
            .purposeOneTreatment(purposeOneTreatment)
            .publisherCC("FR");
    consented.forEach(tcf::addPurposesConsent);
    vendors.forEach(tcf::addVendorConsent);
    if (restriction != null) {
      tcf.addPublisherRestrictionEntry(restriction);
    }
    return tcf.encode();
  }

  private static PublisherRestrictionEntry restriction(
      int purpose, RestrictionType type, int vendor) {
    return PublisherRestrictionEntry.newBuilder()
        .purposeId(purpose)
        .restrictionType(type)
        .addVendor(vendor)
        .build();
  }

  /** A GPP string of one section, with fields given as name and value in turn. */
  static GppModel gpp(String section, Object... fieldsAndValues) {
    GppModel model = new GppModel();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      model.setFieldValue(section, (String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return model;
  }

  private static List<Boolean> purposes(List<Integer> consented) {
    List<Boolean> purposes = new ArrayList<>(Collections.nCopies(24, false));
    for (int purpose : consented) {
      purposes.set(purpose - 1, true);
    }
    return purposes;
  }
}
