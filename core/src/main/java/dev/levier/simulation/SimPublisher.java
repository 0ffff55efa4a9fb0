package dev.levier.simulation;

import dev.levier.network.PublisherType;
import org.jspecify.annotations.Nullable;

/**
 * A publisher of the simulated market.
 *
 * @param name its name
 * @param type its type
 * @param country its country
 * @param payoutCurrency the currency it is paid in
 * @param website where it publishes
 * @param contactEmail its contact address (a self-referrer buys with it)
 * @param fraud the fraud it plants, or null for an honest publisher
 * @param couponCodes whether the advertisers give it a code of its own (voucher sites, influencers)
 */
public record SimPublisher(
    String name,
    PublisherType type,
    String country,
    String payoutCurrency,
    String website,
    String contactEmail,
    @Nullable PlantedFraud fraud,
    boolean couponCodes) {

  /** The code an advertiser gives this publisher, unique per advertiser. */
  public String couponCode(int publisherIndex, int advertiserIndex) {
    return "SIM" + publisherIndex + "-A" + advertiserIndex;
  }
}
