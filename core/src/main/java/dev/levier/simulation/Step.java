package dev.levier.simulation;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happens in the market at a time: a click, a touch in one of the advertiser's own
 * channels, an order, a return or a cancellation. A driver plays them in time order.
 */
public sealed interface Step {
  Instant at();

  /** The customer it belongs to (index), or -1 for fraud that belongs to no real customer. */
  int customer();

  /**
   * A click on a publisher's link, on a whole minute.
   *
   * @param id a number unique in the market, which an order may name
   * @param advertiser the advertiser whose programme the link is for (index)
   * @param deviceKey names the browser, whose visitor cookie the driver keeps from click to click
   * @param device the browser
   * @param publisher the publisher (index)
   * @param burst how many times the browser clicks in this minute (more than one for click spam)
   */
  record Click(
      Instant at,
      int customer,
      long id,
      int advertiser,
      String deviceKey,
      Customer.Device device,
      int publisher,
      int burst)
      implements Step {}

  /**
   * A touch in the advertiser's own paid channels ({@code search}, {@code social}, {@code
   * display}).
   */
  record Touch(Instant at, int customer, int advertiser, String channel) implements Step {}

  /**
   * An order.
   *
   * @param orderId the advertiser's order id
   * @param advertiser the advertiser (index)
   * @param deviceKey the browser it is placed from (see {@link Click#deviceKey})
   * @param customerRef the advertiser's id for the buyer
   * @param email the buyer's address
   * @param status new, returning or lapsed
   * @param lines what was bought
   * @param couponPublisher the publisher whose code is typed at the till (index), or -1
   * @param lastClick the click whose id the landing page kept on this device, or -1 (bought on
   *     another device, or never clicked)
   * @param rewardClick the click of a reward site (voucher, cashback) without whose reward this
   *     order is not placed, or -1: if that visitor was held out from the reward, it never happens
   * @param cause the publisher without which this order would not exist (index), or -1 when the
   *     customer would have bought anyway
   * @param fraud the fraud it carries, or null
   */
  record Order(
      Instant at,
      int customer,
      String orderId,
      int advertiser,
      String deviceKey,
      String customerRef,
      String email,
      String status,
      List<Line> lines,
      int couponPublisher,
      long lastClick,
      long rewardClick,
      int cause,
      @Nullable PlantedFraud fraud)
      implements Step {

    /** What the lines add up to, in the advertiser's minor units. */
    public long totalMinor() {
      long total = 0;
      for (Line line : lines) {
        total += line.quantity() * line.unitPriceMinor();
      }
      return total;
    }
  }

  /** One line of an order; the price in the advertiser's minor units. */
  record Line(String sku, String name, String category, int quantity, long unitPriceMinor) {}

  /** The customer sends back one unit of a line (numbered from 1). */
  record Return(Instant at, int customer, String orderId, int lineNo) implements Step {}

  /** The order is cancelled before it ships. */
  record Cancel(Instant at, int customer, String orderId) implements Step {}
}
