package dev.levier.rtb;

import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.section.TcfEuV2;
import com.iab.gpp.encoder.section.UsNat;
import com.iabtcf.decoder.TCString;
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
 *       missing, unreadable, or lacks consent to purposes 1 (store and access information), 3
 *       (build a personalised ads profile) and 4 (select personalised ads). Levier has no IAB
 *       vendor id yet, so the vendor consents are not read;
 *   <li>the US Privacy string says the user opted out of sale ({@code 1YY-});
 *   <li>a GPP string is given and its applicable TCF EU v2 section lacks those purposes, or its US
 *       national section records an opt-out of sale, sharing or targeted advertising, or the string
 *       cannot be read.
 * </ul>
 *
 * The strings are decoded with the IAB Tech Lab's libraries ({@code iabtcf-decoder}, {@code
 * iabgpp-encoder}).
 */
final class Consent {
  private static final int[] PURPOSES = {1, 3, 4};

  private Consent() {}

  static boolean allowsPersonalData(BidRequest request) {
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

  static boolean tcfAllows(String consent) {
    try {
      TCString tc = TCString.decode(consent);
      return tc.getVersion() == 2 && tc.getPurposesConsent().containsAll(PURPOSES);
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean gppAllows(String gpp, @Nullable List<Integer> applicable) {
    try {
      GppModel model = new GppModel(gpp);
      if (model.hasSection(TcfEuV2.ID) && applies(applicable, TcfEuV2.ID)) {
        List<Boolean> purposes = model.getTcfEuV2Section().getPurposeConsents();
        for (int purpose : PURPOSES) {
          if (purposes.size() < purpose || !Boolean.TRUE.equals(purposes.get(purpose - 1))) {
            return false;
          }
        }
      }
      if (model.hasSection(UsNat.ID) && applies(applicable, UsNat.ID)) {
        UsNat us = model.getUsNatSection();
        if (optedOut(us.getSaleOptOut())
            || optedOut(us.getSharingOptOut())
            || optedOut(us.getTargetedAdvertisingOptOut())) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean applies(@Nullable List<Integer> applicable, int section) {
    return applicable == null || applicable.isEmpty() || applicable.contains(section);
  }

  /** In the US sections, 1 means opted out, 2 did not opt out, 0 not applicable. */
  private static boolean optedOut(@Nullable Integer value) {
    return value != null && value == 1;
  }

  private static boolean is(@Nullable Integer flag) {
    return flag != null && flag == 1;
  }
}
