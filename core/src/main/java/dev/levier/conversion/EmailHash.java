package dev.levier.conversion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A customer's e-mail address as a SHA-256 digest, so that repeat customers and self-referrals are
 * recognised without keeping the address itself.
 *
 * <p><b>Normalisation is deliberately light:</b> white space at either end is removed and the whole
 * address is lower-cased ({@link Locale#ROOT}), nothing more. Provider-specific rules, such as
 * dropping a {@code +tag} or the dots of a Gmail local part, are not applied, because:
 *
 * <ul>
 *   <li>they differ between providers and change over time, and at many providers {@code +} and
 *       {@code .} are significant, so applying them would merge different people;
 *   <li>a digest cannot be re-normalised later, so a wrong merge is permanent, while a missed merge
 *       only costs a repeat customer being counted as new;
 *   <li>advertisers that send only digests compute them themselves, and trim plus lower case is the
 *       rule they can all be told and follow; a digest from a cleverer rule would never match
 *       theirs.
 * </ul>
 *
 * The price is that a publisher can evade the self-referral check with {@code me+1@example.com};
 * the customer reference and the other fraud signals still apply.
 *
 * <p>Lower-casing the local part is itself a small liberty (RFC 5321 lets it be case-sensitive),
 * taken because no common provider treats it so and customers type their address in any case.
 *
 * @param hex the digest as 64 lower-case hexadecimal characters
 */
public record EmailHash(String hex) implements Identity {

  /** The longest address that can be used on the Internet (RFC 5321 path limit). */
  public static final int MAX_EMAIL_LENGTH = 254;

  private static final int HEX_LENGTH = 64;

  /**
   * @throws IllegalArgumentException unless {@code hex} is 64 lower-case hexadecimal characters
   */
  public EmailHash {
    Objects.requireNonNull(hex, "hex");
    if (!isHash(hex)) {
      String hint =
          hex.length() == HEX_LENGTH && isHash(hex.toLowerCase(Locale.ROOT))
              ? "; send it in lower case"
              : "";
      throw new IllegalArgumentException(
          "an e-mail hash must be a SHA-256 digest written as 64 lower-case hexadecimal"
              + " characters"
              + hint);
    }
  }

  /**
   * Normalises an e-mail address (see the class description) and hashes it.
   *
   * <p>The address is checked only for what would make the digest meaningless: exactly one
   * {@code @} with something on each side, no white space or control character inside, and at most
   * {@value #MAX_EMAIL_LENGTH} characters. It is not checked against the full address grammar: what
   * a shop accepted and mailed to is an address. Messages never repeat the address, since it is
   * personal data and may end up in logs.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   */
  public static EmailHash of(String email) {
    Objects.requireNonNull(email, "email");
    String normalised = email.strip().toLowerCase(Locale.ROOT);
    if (normalised.isEmpty()) {
      throw new IllegalArgumentException("e-mail address is empty");
    }
    if (normalised.length() > MAX_EMAIL_LENGTH) {
      throw new IllegalArgumentException(
          "e-mail address is "
              + normalised.length()
              + " characters long; at most "
              + MAX_EMAIL_LENGTH
              + " are allowed");
    }
    int ats = 0;
    for (int i = 0; i < normalised.length(); i++) {
      char c = normalised.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("e-mail address contains a control character");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException("e-mail address contains white space");
      }
      if (c == '@') {
        ats++;
      }
    }
    if (ats != 1) {
      String hint =
          ats == 0 && normalised.length() == HEX_LENGTH && isHash(normalised)
              ? " (it looks like a SHA-256 digest, which is accepted as 64 lower-case hexadecimal"
                  + " characters)"
              : "";
      throw new IllegalArgumentException(
          "e-mail address must contain exactly one '@', it has " + ats + hint);
    }
    int at = normalised.indexOf('@');
    if (at == 0) {
      throw new IllegalArgumentException("e-mail address has nothing before the '@'");
    }
    if (at == normalised.length() - 1) {
      throw new IllegalArgumentException("e-mail address has nothing after the '@'");
    }
    return new EmailHash(sha256Hex(normalised));
  }

  /**
   * Takes a value that is either an e-mail address or an advertiser's digest of one: a digest (see
   * {@link #isHash}) is kept as it is, anything else is hashed with {@link #of}. The two cannot be
   * confused, since a digest has no {@code @}.
   *
   * @throws IllegalArgumentException with a reason fit for an API error body
   */
  public static EmailHash ofEmailOrHash(String value) {
    Objects.requireNonNull(value, "value");
    return isHash(value) ? new EmailHash(value) : of(value);
  }

  /**
   * Whether a value is already a digest in the accepted form, exactly 64 lower-case hexadecimal
   * characters, as sent by advertisers that never pass plain addresses on.
   */
  public static boolean isHash(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() != HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return hex;
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
