package dev.levier.publisher;

import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.PublisherType;
import dev.levier.network.WireEnum;
import dev.levier.tracking.AllowedDomains;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The editable fields of a publisher, already validated. */
public record PublisherDraft(
    String name,
    PublisherType type,
    CountryCode country,
    CurrencyUnit payoutCurrency,
    List<String> websites,
    @Nullable String contactEmail) {

  public PublisherDraft {
    websites = List.copyOf(websites);
  }

  /** The editable fields of a publisher as it stands. */
  public static PublisherDraft of(Publisher publisher) {
    return new PublisherDraft(
        publisher.name(),
        publisher.type(),
        publisher.country(),
        publisher.payoutCurrency(),
        publisher.websites(),
        publisher.contactEmail());
  }

  /** Parses a publisher type by its lower-case name. */
  public static PublisherType type(String text) {
    return WireEnum.parse(PublisherType.class, text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + text + "' is not one of " + WireEnum.allowed(PublisherType.class)));
  }

  /** A contact e-mail, trimmed and lower-cased: the form its hash is taken of. */
  public static String contactEmail(String text) {
    dev.levier.conversion.EmailHash.of(text);
    return text.strip().toLowerCase(java.util.Locale.ROOT);
  }

  /** A website: an absolute http or https URL. */
  public static String website(String text) {
    AllowedDomains.problemWithUrlShape(text)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    return text;
  }

  /** A partial update: null fields stay as they are. */
  public record Changes(
      @Nullable String name,
      @Nullable PublisherType type,
      @Nullable CountryCode country,
      @Nullable CurrencyUnit payoutCurrency,
      @Nullable List<String> websites,
      @Nullable String contactEmail) {

    public PublisherDraft applyTo(Publisher current) {
      return new PublisherDraft(
          name != null ? name : current.name(),
          type != null ? type : current.type(),
          country != null ? country : current.country(),
          payoutCurrency != null ? payoutCurrency : current.payoutCurrency(),
          websites != null ? websites : current.websites(),
          contactEmail != null ? contactEmail : current.contactEmail());
    }
  }
}
