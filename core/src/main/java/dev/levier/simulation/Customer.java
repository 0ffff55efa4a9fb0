package dev.levier.simulation;

import java.util.List;

/**
 * A shopper of one advertiser.
 *
 * @param index its position in the market
 * @param ref the advertiser's id for it
 * @param email its address
 * @param advertiser the advertiser it shops at (index)
 * @param status {@code new}, {@code returning} or {@code lapsed}: whether the advertiser knew it
 * @param devices its phones and computers, each a browser with its own visitor cookie
 */
public record Customer(
    int index, String ref, String email, int advertiser, String status, List<Device> devices) {

  /**
   * A browser: its user agent and the address it clicks from.
   *
   * @param userAgent the User-Agent header it sends
   * @param address its IPv4 address
   */
  public record Device(String userAgent, String address) {}
}
