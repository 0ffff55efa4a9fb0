package dev.levier.network;

/**
 * What kind of partner a publisher is. Commission rules and value reports group by it: a content
 * site introduces customers, a voucher site usually closes sales that were already decided.
 */
public enum PublisherType {
  CASHBACK,
  VOUCHER,
  CONTENT,
  INFLUENCER,
  COMPARISON,
  EMAIL,
  SUBNETWORK,
  SEARCH,
  APP,
  OTHER;

  @Override
  public String toString() {
    return WireEnum.wireName(this);
  }
}
