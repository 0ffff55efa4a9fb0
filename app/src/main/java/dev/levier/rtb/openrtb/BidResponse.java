package dev.levier.rtb.openrtb;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a bid request: one seat's bids, at most one per impression, in one currency.
 *
 * @param id the bid request's id
 * @param bidid the bidder's id for the response, for logging
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BidResponse(String id, List<SeatBid> seatbid, String bidid, String cur) {

  /** The bids of one seat. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SeatBid(List<Bid> bid, String seat) {}

  /**
   * One bid: the price (CPM in the response currency), the notice URLs, the markup and what the
   * exchange checks the ad against.
   *
   * @param bundle the app the ad advertises, by its app-store id; absent for an ad of a web page
   * @param mtype the markup's type: 1 banner, 2 video, 3 audio, 4 native
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bid(
      String id,
      String impid,
      BigDecimal price,
      String nurl,
      String burl,
      String lurl,
      String adm,
      String adid,
      List<String> adomain,
      @Nullable String bundle,
      String cid,
      String crid,
      List<String> cat,
      List<Integer> attr,
      @Nullable String dealid,
      @Nullable Integer w,
      @Nullable Integer h,
      int mtype) {}
}
