package dev.levier.conversion;

/**
 * The advertiser's own identifier for a customer (an account number), sent with conversions so that
 * repeat customers are recognised without any personal data.
 *
 * <p>It is compared exactly, case included: it is the advertiser's key, and only the advertiser
 * knows whether {@code "C1"} and {@code "c1"} are one customer.
 *
 * @param value 1 to {@value #MAX_LENGTH} printable characters without white space at either end
 */
public record CustomerRef(String value) implements Identity {

  public static final int MAX_LENGTH = 100;

  /**
   * @throws IllegalArgumentException with a reason fit for an API error body
   */
  public CustomerRef {
    Text.requireId("customer reference", value, MAX_LENGTH);
  }

  /**
   * The reference as sent.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   */
  public static CustomerRef of(String value) {
    return new CustomerRef(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
