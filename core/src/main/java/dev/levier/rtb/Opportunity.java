package dev.levier.rtb;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One impression on offer ({@code imp}), as the bidder needs it.
 *
 * @param placement where the ad shows ({@code tagid}, else the site or app id): rates are learnt
 *     per placement
 * @param floorCpmMicros the floor, converted into the auction's currency
 * @param deals the private-marketplace deals on offer, with their floors in the auction's currency
 * @param privateAuction only the deals may bid
 */
public record Opportunity(
    String impId,
    String placement,
    @Nullable BannerSlot banner,
    @Nullable VideoSlot video,
    boolean nativeAd,
    long floorCpmMicros,
    Set<Integer> blockedAttributes,
    List<Deal> deals,
    boolean privateAuction) {

  public Opportunity {
    blockedAttributes = Set.copyOf(blockedAttributes);
    deals = List.copyOf(deals);
  }

  /** The formats the impression takes. */
  public boolean offers(AdFormat format) {
    return switch (format) {
      case BANNER -> banner != null;
      case VIDEO -> video != null;
      case NATIVE -> nativeAd;
    };
  }

  /** The first format on offer, to learn rates by. */
  public AdFormat mainFormat() {
    return video != null ? AdFormat.VIDEO : banner != null ? AdFormat.BANNER : AdFormat.NATIVE;
  }

  /** A banner slot and the sizes it takes; no size means any. */
  public record BannerSlot(List<Size> sizes) {
    public BannerSlot {
      sizes = List.copyOf(sizes);
    }

    public boolean accepts(int width, int height) {
      if (sizes.isEmpty()) {
        return true;
      }
      for (Size size : sizes) {
        if (size.width() == width && size.height() == height) {
          return true;
        }
      }
      return false;
    }
  }

  public record Size(int width, int height) {}

  /** A video slot: durations in seconds (zero: no bound), protocols and MIME types taken. */
  public record VideoSlot(
      int minDuration, int maxDuration, Set<Integer> protocols, Set<String> mimes) {
    public VideoSlot {
      protocols = Set.copyOf(protocols);
      mimes = Set.copyOf(mimes);
    }

    boolean accepts(Creative creative) {
      int d = creative.durationSeconds();
      if ((minDuration > 0 && d < minDuration) || (maxDuration > 0 && d > maxDuration)) {
        return false;
      }
      if (!protocols.isEmpty() && !creative.protocols().isEmpty()) {
        boolean any = false;
        for (Integer p : creative.protocols()) {
          any |= protocols.contains(p);
        }
        if (!any) {
          return false;
        }
      }
      if (!mimes.isEmpty() && !creative.mimes().isEmpty()) {
        for (String m : creative.mimes()) {
          if (mimes.contains(m)) {
            return true;
          }
        }
        return false;
      }
      return true;
    }
  }

  /** A deal on offer; its floor is in the auction's currency. */
  public record Deal(String id, long floorCpmMicros, int auctionType) {}
}
