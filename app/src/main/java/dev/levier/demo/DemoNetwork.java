package dev.levier.demo;

import dev.levier.advertiser.Advertiser;
import dev.levier.advertiser.AdvertiserDraft;
import dev.levier.attribution.AttributionPolicy;
import dev.levier.attribution.AttributionPolicyJson;
import dev.levier.attribution.ModelSpec;
import dev.levier.auth.Principal;
import dev.levier.commission.RuleSetJson;
import dev.levier.commission.StoredRuleSet;
import dev.levier.geo.CountryCode;
import dev.levier.money.CurrencyUnit;
import dev.levier.network.PartnershipStatus;
import dev.levier.network.PartnershipStatus.Action;
import dev.levier.network.ProgrammeStatus;
import dev.levier.network.PublisherType;
import dev.levier.partnership.NewPartnership;
import dev.levier.partnership.Partnership;
import dev.levier.programme.NewProgramme;
import dev.levier.programme.Programme;
import dev.levier.programme.ProgrammeChanges;
import dev.levier.publisher.Publisher;
import dev.levier.publisher.PublisherDraft;
import dev.levier.server.Levier.Services;
import dev.levier.tracking.AllowedDomains;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small network to explore the API with: three advertisers in three currencies, a publisher of
 * most types, and partnerships in every status. It goes through the same services (and so the same
 * checks) as the API, and is loaded only once per database.
 */
public final class DemoNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(DemoNetwork.class);
  static final String MARKER = "Maison Lumière";

  private DemoNetwork() {}

  /** Loads the demo network unless it is there already; returns whether it loaded it. */
  public static boolean load(Services services) {
    Principal admin = Principal.operator();
    boolean present =
        services.advertisers().list(admin, null, null, MARKER, true, null, 50).stream()
            .anyMatch(advertiser -> advertiser.name().equals(MARKER));
    if (present) {
      LOG.atInfo().log("demo network already loaded");
      return false;
    }

    Advertiser lumiere = advertiser(services, MARKER, "FR", CurrencyUnit.EUR, "Europe/Paris");
    Advertiser voltcart =
        advertiser(services, "Voltcart Electronics", "GB", CurrencyUnit.GBP, "Europe/London");
    Advertiser sakura = advertiser(services, "Sakura Home", "JP", CurrencyUnit.JPY, "Asia/Tokyo");

    Programme lumiereFr =
        programme(
            services,
            lumiere,
            "Maison Lumière France",
            "https://www.maisonlumiere.example/fr/",
            List.of("maisonlumiere.example", "*.maisonlumiere.example"),
            30,
            45,
            ProgrammeStatus.ACTIVE);
    Programme voltcartUk =
        programme(
            services,
            voltcart,
            "Voltcart UK",
            "https://shop.voltcart.example/",
            List.of("*.voltcart.example"),
            14,
            30,
            ProgrammeStatus.ACTIVE);
    Programme sakuraJp =
        programme(
            services,
            sakura,
            "Sakura Home Japan",
            "https://sakurahome.example/ja/",
            List.of("sakurahome.example"),
            30,
            60,
            ProgrammeStatus.PAUSED);

    Publisher cashback =
        publisher(
            services,
            "CashBack Hero",
            PublisherType.CASHBACK,
            "FR",
            "EUR",
            "https://cashbackhero.example/");
    Publisher voucher =
        publisher(
            services,
            "CodePromo Express",
            PublisherType.VOUCHER,
            "FR",
            "EUR",
            "https://codepromo.example/");
    Publisher content =
        publisher(
            services,
            "The Gadget Review",
            PublisherType.CONTENT,
            "GB",
            "GBP",
            "https://gadgetreview.example/");
    Publisher influencer =
        publisher(
            services,
            "Lina Styles",
            PublisherType.INFLUENCER,
            "FR",
            "EUR",
            "https://instagram.example/linastyles");
    Publisher comparison =
        publisher(
            services,
            "PriceScope",
            PublisherType.COMPARISON,
            "DE",
            "EUR",
            "https://pricescope.example/");
    Publisher email =
        publisher(
            services,
            "Weekly Deals Mail",
            PublisherType.EMAIL,
            "GB",
            "GBP",
            "https://weeklydeals.example/");

    partnership(services, lumiereFr, cashback, "loyalty", PartnershipStatus.APPROVED, null);
    partnership(services, lumiereFr, voucher, "coupon", PartnershipStatus.APPROVED, null);
    partnership(services, lumiereFr, influencer, "content", PartnershipStatus.APPROVED, null);
    partnership(services, lumiereFr, comparison, null, PartnershipStatus.APPLIED, null);
    partnership(services, voltcartUk, content, "content", PartnershipStatus.APPROVED, null);
    partnership(services, voltcartUk, email, "email", PartnershipStatus.APPROVED, Action.SUSPEND);
    partnership(services, voltcartUk, voucher, "coupon", PartnershipStatus.APPLIED, Action.DECLINE);
    partnership(services, sakuraJp, comparison, null, PartnershipStatus.APPROVED, null);
    rules(
        services,
        lumiereFr,
        "Lumière 2026",
        """
        {"rules": [
          {"id": "new", "name": "New customers", "when": {"customerStatus": ["new"]},
           "pay": {"percent": "10"}},
          {"id": "existing", "name": "Returning and lapsed customers",
           "when": {"customerStatus": ["existing"]}, "pay": {"percent": "4"}},
          {"id": "own-code", "name": "The publisher's own code",
           "when": {"coupon": "own"}, "pay": {"percent": "3"}, "priority": 10}
         ],
         "caps": [{"id": "lighting", "name": "Lighting: 25.00 per order",
                   "lines": {"category": ["Lighting"]}, "max": "25.00"}],
         "tiers": [{"minSales": 100, "percent": "12"}],
         "bonuses": [{"id": "twenty-new", "name": "Twenty new customers", "newCustomers": 20,
                      "amount": "150.00"}]}
        """);
    rules(
        services,
        voltcartUk,
        "Voltcart launch",
        """
        {"rules": [
          {"id": "content-new", "name": "Content sites bringing new customers",
           "when": {"all": [{"publisherType": ["content", "influencer"]},
                            {"customerStatus": ["new"]}]},
           "pay": {"percent": "8"}},
          {"id": "everyone", "name": "Every other sale", "pay": {"percent": "3"}}
         ],
         "caps": [{"id": "electronics", "name": "Electronics: 20.00 per order",
                   "lines": {"category": ["Electronics"]}, "max": "20.00"}],
         "monthlyCaps": [{"scope": "publisher", "max": "5000.00"}]}
        """);
    // Voltcart shares each sale between the publishers of the journey by role, and halves
    // affiliate commission on sales its own search ads closed.
    services
        .attribution()
        .put(
            admin,
            voltcartUk.id(),
            null,
            new AttributionPolicyJson.Read(
                ModelSpec.parse("role", Map.of("roles", "30/20/50")),
                new AttributionPolicy.Deduplication(Set.of("search"), BigDecimal.valueOf(50))));
    LOG.atInfo()
        .addKeyValue("advertisers", 3)
        .addKeyValue("publishers", 6)
        .log("demo network loaded");
    return true;
  }

  /** Writes a rule set for the programme and publishes it at once. */
  private static void rules(Services services, Programme programme, String name, String json) {
    Principal admin = Principal.operator();
    StoredRuleSet draft =
        services
            .ruleSets()
            .create(admin, programme.id(), name, RuleSetJson.parse(json, programme.currency()));
    services.ruleSets().publish(admin, programme.id(), draft.id(), draft.version(), null);
  }

  private static Advertiser advertiser(
      Services services, String name, String country, CurrencyUnit currency, String zone) {
    return services
        .advertisers()
        .create(
            Principal.operator(),
            new AdvertiserDraft(name, CountryCode.of(country), currency, ZoneId.of(zone)));
  }

  private static Programme programme(
      Services services,
      Advertiser advertiser,
      String name,
      String landingUrl,
      List<String> domains,
      int windowDays,
      int validationDays,
      ProgrammeStatus status) {
    return services
        .programmes()
        .create(
            Principal.operator(),
            new NewProgramme(
                advertiser.id(),
                null,
                new ProgrammeChanges(
                    name,
                    null,
                    landingUrl,
                    AllowedDomains.parse(domains),
                    windowDays,
                    validationDays,
                    null,
                    null,
                    null,
                    null,
                    status)));
  }

  private static Publisher publisher(
      Services services,
      String name,
      PublisherType type,
      String country,
      String currency,
      String website) {
    return services
        .publishers()
        .create(
            Principal.operator(),
            new PublisherDraft(
                name,
                type,
                CountryCode.of(country),
                CurrencyUnit.of(currency),
                List.of(website),
                null));
  }

  private static Partnership partnership(
      Services services,
      Programme programme,
      Publisher publisher,
      @Nullable String group,
      PartnershipStatus status,
      @Nullable Action then) {
    Partnership created =
        services
            .partnerships()
            .create(
                Principal.operator(),
                new NewPartnership(programme.id(), publisher.id(), group, status));
    if (then == null) {
      return created;
    }
    return services
        .partnerships()
        .act(Principal.operator(), created.id(), then, "demo: " + then + " to show the workflow");
  }
}
