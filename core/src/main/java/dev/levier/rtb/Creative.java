package dev.levier.rtb;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An ad: a banner (image or HTML markup), a VAST video or a native ad, with what exchanges check
 * before showing it: its advertiser domains, IAB categories and attributes, and the app it
 * advertises if any.
 *
 * @param markup the ad markup ({@code adm}): HTML, VAST XML or the native JSON. {@code
 *     ${CLICK_URL}} in it is replaced by Levier's click-tracking URL when a bid is made
 * @param durationSeconds a video's length; zero for other formats
 * @param protocols the VAST protocols (OpenRTB list 5.8) a video is delivered in
 * @param landingUrl where the click-tracking URL sends the visitor
 * @param bundle the app the ad advertises, by its app-store id in lower case ({@code bid.bundle});
 *     null for an ad of a web page
 */
public record Creative(
    String id,
    AdFormat format,
    int width,
    int height,
    String markup,
    List<String> adomain,
    List<String> categories,
    Set<Integer> attributes,
    int durationSeconds,
    Set<Integer> protocols,
    Set<String> mimes,
    String landingUrl,
    @Nullable String bundle) {

  public Creative {
    adomain = List.copyOf(adomain);
    categories = List.copyOf(categories);
    // In ascending order, as every bid response lists them.
    attributes = Collections.unmodifiableSortedSet(new TreeSet<>(attributes));
    protocols = Set.copyOf(protocols);
    mimes = Set.copyOf(mimes);
    if (width < 0 || height < 0 || durationSeconds < 0) {
      throw new IllegalArgumentException("sizes and duration must not be negative");
    }
    bundle = bundle == null ? null : bundle.toLowerCase(Locale.ROOT);
  }

  /** Whether the creative can fill the impression and none of the request's blocks refuse it. */
  public boolean fits(Opportunity slot, Auction auction) {
    boolean shape =
        switch (format) {
          case BANNER -> slot.banner() != null && slot.banner().accepts(width, height);
          case VIDEO -> slot.video() != null && slot.video().accepts(this);
          case NATIVE -> slot.nativeAd();
        };
    if (!shape) {
      return false;
    }
    // Most requests block nothing of a kind: the creative's lists are then not walked.
    if (!slot.blockedAttributes().isEmpty()) {
      for (Integer attribute : attributes) {
        if (slot.blockedAttributes().contains(attribute)) {
          return false;
        }
      }
    }
    if (!auction.blockedCategories().isEmpty()) {
      for (String category : categories) {
        if (Categories.blocked(category, auction.blockedCategories())) {
          return false;
        }
      }
    }
    if (!auction.blockedAdvertisers().isEmpty()) {
      for (String domain : adomain) {
        if (auction.blockedAdvertisers().contains(domain)) {
          return false;
        }
      }
    }
    return bundle == null || !auction.blockedApps().contains(bundle);
  }
}
