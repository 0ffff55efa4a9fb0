package dev.levier.rtb;

import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.field.UsNatField;
import com.iab.gpp.encoder.section.EncodableSection;
import com.iab.gpp.encoder.section.TcfEuV2;
import com.iab.gpp.encoder.section.UsCa;
import com.iab.gpp.encoder.section.UsCo;
import com.iab.gpp.encoder.section.UsCt;
import com.iab.gpp.encoder.section.UsDe;
import com.iab.gpp.encoder.section.UsFl;
import com.iab.gpp.encoder.section.UsIa;
import com.iab.gpp.encoder.section.UsMt;
import com.iab.gpp.encoder.section.UsNat;
import com.iab.gpp.encoder.section.UsNe;
import com.iab.gpp.encoder.section.UsNh;
import com.iab.gpp.encoder.section.UsNj;
import com.iab.gpp.encoder.section.UsOr;
import com.iab.gpp.encoder.section.UsTn;
import com.iab.gpp.encoder.section.UsTx;
import com.iab.gpp.encoder.section.UsUt;
import com.iab.gpp.encoder.section.UsVa;
import com.iabtcf.decoder.TCString;
import com.iabtcf.v2.PublisherRestriction;
import com.iabtcf.v2.RestrictionType;
import dev.levier.rtb.openrtb.BidRequest;
import dev.levier.rtb.openrtb.Device;
import dev.levier.rtb.openrtb.Regs;
import dev.levier.rtb.openrtb.User;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request allows targeting on personal data (audience segments, the user's id for
 * frequency caps, and the visitor id that joins a journey). It does not when:
 *
 * <ul>
 *   <li>the request is about a child ({@code regs.coppa = 1}), or the device asks not to be tracked
 *       ({@code device.dnt = 1});
 *   <li>GDPR applies ({@code regs.gdpr = 1}) and the TCF v2 string in {@code user.consent} is
 *       missing, unreadable, or lacks consent to purposes 1 (store and access information; unless
 *       the publisher's country does not ask for it, {@code PurposeOneTreatment}), 3 (build a
 *       personalised ads profile) and 4 (select personalised ads). TCF 2.2 allows no legitimate
 *       interest for these three purposes, so only consent counts. With Levier's own IAB Global
 *       Vendor List id configured ({@code rtb.vendor-id}), the string must also consent for that
 *       vendor, and no publisher restriction may forbid it those purposes or ask for legitimate
 *       interest instead;
 *   <li>the US Privacy string says the user opted out of sale ({@code 1YY-});
 *   <li>a GPP string is given and it cannot be read, or one of its sections that applies ({@code
 *       regs.gpp_sid}; all of them when it is not sent) refuses: the TCF EU v2 section as above; a
 *       US section (national or of a state) records an opt-out of sale, sharing or targeted
 *       advertising, a Global Privacy Control signal, or that the notice of one of them was not
 *       given. A TCF EU v2 section named applicable by {@code gpp_sid} but missing refuses too.
 * </ul>
 *
 * The strings are decoded with the IAB Tech Lab's libraries ({@code iabtcf-decoder}, {@code
 * iabgpp-encoder}).
 */
final class Consent {
  private static final int[] PURPOSES = {1, 3, 4};

  /** The US sections of GPP, national and by state, as the library decodes them. */
  private static final int[] US_SECTIONS = {
    UsNat.ID, UsCa.ID, UsVa.ID, UsCo.ID, UsUt.ID, UsCt.ID, UsFl.ID, UsMt.ID, UsOr.ID, UsTx.ID,
    UsDe.ID, UsIa.ID, UsNe.ID, UsNh.ID, UsNj.ID, UsTn.ID
  };

  /** Opt-outs of the US sections: 1 opted out, 2 did not, 0 not applicable. */
  private static final List<String> OPT_OUTS =
      List.of(
          UsNatField.SALE_OPT_OUT,
          UsNatField.SHARING_OPT_OUT,
          UsNatField.TARGETED_ADVERTISING_OPT_OUT);

  /** Notices of the US sections: 1 given, 2 not given, 0 not applicable. */
  private static final List<String> NOTICES =
      List.of(
          UsNatField.SHARING_NOTICE,
          UsNatField.SALE_OPT_OUT_NOTICE,
          UsNatField.SHARING_OPT_OUT_NOTICE,
          UsNatField.TARGETED_ADVERTISING_OPT_OUT_NOTICE);

  private final @Nullable Integer vendorId;

  /**
   * @param vendorId Levier's IAB Global Vendor List id, or null when it has none: then only the
   *     purposes are read
   */
  Consent(@Nullable Integer vendorId) {
    this.vendorId = vendorId;
  }

  boolean allowsPersonalData(BidRequest request) {
    Regs regs = request.regs();
    Device device = request.device();
    if (device != null && is(device.dnt())) {
      return false;
    }
    if (regs == null) {
      return true;
    }
    if (is(regs.coppa())) {
      return false;
    }
    if (is(regs.gdpr())) {
      User user = request.user();
      if (user == null || user.consent() == null || !tcfAllows(user.consent())) {
        return false;
      }
    }
    String usPrivacy = regs.usPrivacy();
    if (usPrivacy != null && usPrivacy.length() >= 3 && usPrivacy.charAt(2) == 'Y') {
      return false;
    }
    String gpp = regs.gpp();
    return gpp == null || gpp.isEmpty() || gppAllows(gpp, regs.gppSid());
  }

  boolean tcfAllows(String consent) {
    try {
      TCString tc = TCString.decode(consent);
      if (tc.getVersion() != 2) {
        return false;
      }
      for (int purpose : PURPOSES) {
        if (!tc.getPurposesConsent().contains(purpose)
            && !(purpose == 1 && tc.getPurposeOneTreatment())) {
          return false;
        }
      }
      Integer vendor = vendorId;
      if (vendor == null) {
        return true;
      }
      if (!tc.getVendorConsent().contains(vendor)) {
        return false;
      }
      for (PublisherRestriction restriction : tc.getPublisherRestrictions()) {
        if (restricts(restriction, vendor)) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the publisher forbids the vendor one of the purposes, or allows it only by interest.
   */
  private static boolean restricts(PublisherRestriction restriction, int vendor) {
    RestrictionType type = restriction.getRestrictionType();
    return (type == RestrictionType.NOT_ALLOWED
            || type == RestrictionType.REQUIRE_LEGITIMATE_INTEREST)
        && java.util.Arrays.stream(PURPOSES).anyMatch(p -> p == restriction.getPurposeId())
        && restriction.getVendorIds().contains(vendor);
  }

  boolean gppAllows(String gpp, @Nullable List<Integer> applicable) {
    try {
      GppModel model = new GppModel(gpp);
      if (applies(applicable, TcfEuV2.ID)) {
        if (model.hasSection(TcfEuV2.ID)) {
          // The section is a TC string: read as user.consent is, by the TCF library.
          if (!tcfAllows(model.encodeSection(TcfEuV2.ID))) {
            return false;
          }
        } else if (applicable != null && applicable.contains(TcfEuV2.ID)) {
          return false;
        }
      }
      for (int id : US_SECTIONS) {
        if (model.hasSection(id) && applies(applicable, id) && !usAllows(model.getSection(id))) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A US section allows personal data unless it records an opt-out, a GPC, or a notice not given.
   */
  private static boolean usAllows(EncodableSection section) {
    for (String field : OPT_OUTS) {
      if (section.hasField(field) && value(section, field) == 1) {
        return false;
      }
    }
    for (String field : NOTICES) {
      if (section.hasField(field) && value(section, field) == 2) {
        return false;
      }
    }
    return !(section.hasField(UsNatField.GPC)
        && Boolean.TRUE.equals(section.getFieldValue(UsNatField.GPC)));
  }

  private static int value(EncodableSection section, String field) {
    return section.getFieldValue(field) instanceof Integer value ? value : 0;
  }

  private static boolean applies(@Nullable List<Integer> applicable, int section) {
    return applicable == null || applicable.isEmpty() || applicable.contains(section);
  }

  private static boolean is(@Nullable Integer flag) {
    return flag != null && flag == 1;
  }
}
