package dev.levier.conversion;

/**
 * Something that identifies a customer across orders without being their name: an {@link EmailHash}
 * or the advertiser's own {@link CustomerRef}. Fraud checks compare a conversion's identities with
 * the publisher's own to find self-referrals.
 */
public sealed interface Identity permits EmailHash, CustomerRef {}
