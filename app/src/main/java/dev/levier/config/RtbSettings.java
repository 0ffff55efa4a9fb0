package dev.levier.config;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the bidder.
 *
 * @param noticeSecret the secret that signs notice and click URLs (at least 32 characters); empty
 *     means one made at the first start and kept in the database, the same for every node
 * @param vendorId Levier's IAB Global Vendor List id; when set, a TCF string must consent for this
 *     vendor too before personal data is used; null when Levier has none
 */
public record RtbSettings(String noticeSecret, @Nullable Integer vendorId) {
  /** The shortest secret accepted: 32 characters. */
  public static final int MIN_SECRET_CHARS = 32;

  @Override
  public String toString() {
    return "RtbSettings[noticeSecret="
        + (noticeSecret.isEmpty() ? "" : "****")
        + ", vendorId="
        + vendorId
        + "]";
  }
}
