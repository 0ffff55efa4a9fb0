package dev.levier.advertiser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvertiserApiTest extends NetworkTest {

  @Test
  void createsAndReadsBackWithLocationAndEtag() {
    Api.Response created =
        server
            .admin()
            .post(
                "/api/v1/advertisers",
                Map.of(
                    "name",
                    "  Boutique Nord ",
                    "country",
                    "DE",
                    "currency",
                    "EUR",
                    "timeZone",
                    "Europe/Berlin"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.path("id").asText()).matches("adv_[0-9a-z]{16}");
    assertThat(body.path("name").asText()).isEqualTo("Boutique Nord");
    assertThat(body.path("version").asInt()).isEqualTo(1);
    assertThat(body.path("archivedAt").isNull()).isTrue();
    assertThat(created.header("Location"))
        .isEqualTo(server.baseUrl() + "/api/v1/advertisers/" + created.id());
    assertThat(created.header("ETag")).isEqualTo("\"1\"");

    Api.Response read = server.admin().get("/api/v1/advertisers/" + created.id());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(body);
  }

  @Test
  void refusesBadFieldsNamingEachAndCreatesNothing() {
    int before = countAll();
    Api.Response response =
        server
            .admin()
            .post(
                "/api/v1/advertisers",
                Map.of(
                    "name", 42,
                    "country", "fr",
                    "currency", "EURO",
                    "timeZone", "CET+1",
                    "colour", "blue"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("type").asText()).isEqualTo("urn:levier:problem:validation");
    assertThat(problem.path("status").asInt()).isEqualTo(422);
    Set<String> fields = new HashSet<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .containsExactlyInAnyOrder("name", "country", "currency", "timeZone", "colour");
    assertThat(countAll()).isEqualTo(before);
  }

  @Test
  void requiresEveryField() {
    Api.Response response =
        server.admin().post("/api/v1/advertisers", Map.of("name", "Only a name"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").toString())
        .contains("\"country\"", "\"currency\"", "\"timeZone\"");
  }

  @Test
  void updatesWithOptimisticConcurrency() {
    String id =
        server
            .admin()
            .post("/api/v1/advertisers", TestNetwork.advertiser("Versioned", "FR", "EUR"))
            .id();

    Api.Response first =
        server.admin().patch("/api/v1/advertisers/" + id, Map.of("version", 1, "name", "Renamed"));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("name").asText()).isEqualTo("Renamed");
    assertThat(first.json().path("version").asInt()).isEqualTo(2);
    assertThat(first.json().path("country").asText()).isEqualTo("FR");

    Api.Response stale =
        server
            .admin()
            .patch("/api/v1/advertisers/" + id, Map.of("version", 1, "name", "Lost update"));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().path("type").asText()).isEqualTo("urn:levier:problem:stale-version");
    assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(2);
    assertThat(server.admin().get("/api/v1/advertisers/" + id).json().path("name").asText())
        .isEqualTo("Renamed");
  }

  @Test
  void updateAcceptsTheEtagInIfMatch() {
    Api.Response created =
        server.admin().post("/api/v1/advertisers", TestNetwork.advertiser("Tagged", "FR", "EUR"));
    String etag = created.header("ETag");

    Api.Response updated =
        server
            .admin()
            .send(
                "PATCH",
                "/api/v1/advertisers/" + created.id(),
                Map.of("timeZone", "Europe/Madrid"),
                Map.of("If-Match", etag));

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.header("ETag")).isEqualTo("\"2\"");
    Api.Response stale =
        server
            .admin()
            .send(
                "PATCH",
                "/api/v1/advertisers/" + created.id(),
                Map.of("name", "x"),
                Map.of("If-Match", etag));
    assertThat(stale.status()).isEqualTo(409);
  }

  @Test
  void updateWithoutVersionIsRefused() {
    Api.Response response =
        server.admin().patch("/api/v1/advertisers/" + network.advA(), Map.of("name", "No version"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("version");
  }

  @Test
  void archivedAdvertisersLeaveListsAndCannotChange() {
    String id =
        server
            .admin()
            .post("/api/v1/advertisers", TestNetwork.advertiser("Archived Co", "FR", "EUR"))
            .id();

    Api.Response archived = server.admin().post("/api/v1/advertisers/" + id + "/archive", null);
    assertThat(archived.status()).isEqualTo(200);
    assertThat(archived.json().path("archivedAt").isTextual()).isTrue();

    assertThat(server.admin().get("/api/v1/advertisers?q=archived").json().path("data")).isEmpty();
    assertThat(
            server
                .admin()
                .get("/api/v1/advertisers?q=archived&includeArchived=true")
                .json()
                .path("data"))
        .hasSize(1);
    Api.Response change =
        server.admin().patch("/api/v1/advertisers/" + id, Map.of("version", 2, "name", "x"));
    assertThat(change.status()).isEqualTo(409);
  }

  @Test
  void listsPageByPageWithACursor() {
    for (int i = 0; i < 5; i++) {
      server.admin().post("/api/v1/advertisers", TestNetwork.advertiser("Paged " + i, "IT", "EUR"));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Response page =
          server
              .admin()
              .get(
                  "/api/v1/advertisers?country=IT&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).isEqualTo(200);
      page.json()
          .path("data")
          .forEach(
              a -> {
                assertThat(a.path("country").asText()).isEqualTo("IT");
                assertThat(seen.add(a.path("id").asText())).isTrue();
              });
      JsonNode next = page.json().path("nextCursor");
      cursor = next.isNull() ? null : next.asText();
      pages++;
    } while (cursor != null);
    assertThat(seen).hasSize(5);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void listRefusesUnknownFiltersAndBadValues() {
    assertThat(server.admin().get("/api/v1/advertisers?contry=FR").status()).isEqualTo(400);
    assertThat(server.admin().get("/api/v1/advertisers?country=France").status()).isEqualTo(400);
    assertThat(server.admin().get("/api/v1/advertisers?limit=0").status()).isEqualTo(400);
    assertThat(
            server
                .admin()
                .get("/api/v1/advertisers?cursor=bogus")
                .json()
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("cursor");
  }

  @Test
  void anAdvertiserSeesAndEditsOnlyItself() {
    Api.Response list = network.asAdvA().get("/api/v1/advertisers");
    assertThat(list.json().path("data")).hasSize(1);
    assertThat(list.json().path("data").get(0).path("id").asText()).isEqualTo(network.advA());

    assertThat(network.asAdvA().get("/api/v1/advertisers/" + network.advB()).status())
        .isEqualTo(404);
    assertThat(
            network
                .asAdvA()
                .patch("/api/v1/advertisers/" + network.advB(), Map.of("version", 1, "name", "x"))
                .status())
        .isEqualTo(404);
    assertThat(
            network
                .asAdvA()
                .post("/api/v1/advertisers/" + network.advB() + "/archive", null)
                .status())
        .isEqualTo(404);

    int version =
        network
            .asAdvA()
            .get("/api/v1/advertisers/" + network.advA())
            .json()
            .path("version")
            .asInt();
    Api.Response own =
        network
            .asAdvA()
            .patch(
                "/api/v1/advertisers/" + network.advA(),
                Map.of("version", version, "timeZone", "Europe/Paris"));
    assertThat(own.status()).isEqualTo(200);
    assertThat(
            network
                .asAdvA()
                .post("/api/v1/advertisers", TestNetwork.advertiser("Rogue", "FR", "EUR"))
                .status())
        .isEqualTo(403);
    assertThat(
            network
                .asAdvA()
                .post("/api/v1/advertisers/" + network.advA() + "/archive", null)
                .status())
        .isEqualTo(403);
  }

  @Test
  void aPublisherSeesTheAdvertisersOfProgrammesOpenToIt() {
    Set<String> ids = new HashSet<>();
    network
        .asPubX()
        .get("/api/v1/advertisers")
        .json()
        .path("data")
        .forEach(a -> ids.add(a.path("id").asText()));
    assertThat(ids).contains(network.advA(), network.advB());

    String hidden =
        server
            .admin()
            .post("/api/v1/advertisers", TestNetwork.advertiser("No programme", "FR", "EUR"))
            .id();
    assertThat(network.asPubX().get("/api/v1/advertisers/" + hidden).status()).isEqualTo(404);
    assertThat(
            network
                .asPubX()
                .patch("/api/v1/advertisers/" + network.advA(), Map.of("version", 1, "name", "x"))
                .status())
        .isEqualTo(403);
    assertThat(
            network
                .asPubX()
                .post("/api/v1/advertisers", TestNetwork.advertiser("Rogue", "FR", "EUR"))
                .status())
        .isEqualTo(403);
  }

  private int countAll() {
    return server
        .admin()
        .get("/api/v1/advertisers?includeArchived=true&limit=200")
        .json()
        .path("data")
        .size();
  }

  @Test
  void archivingAnAdvertiserArchivesItsProgrammes() {
    String adv =
        server
            .admin()
            .post("/api/v1/advertisers", TestNetwork.advertiser("Closing down", "FR", "EUR"))
            .id();
    String prg =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(adv, "Last sale", "closing.example", "active"))
            .id();

    server.admin().post("/api/v1/advertisers/" + adv + "/archive", null);

    JsonNode programme = server.admin().get("/api/v1/programmes/" + prg).json();
    assertThat(programme.path("archivedAt").isTextual()).isTrue();
    assertThat(network.asPubX().get("/api/v1/programmes/" + prg).status()).isEqualTo(404);
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheVersion() {
    Api.Response created =
        server
            .admin()
            .post("/api/v1/advertisers", TestNetwork.advertiser("Unchanged", "FR", "EUR"));
    Api.Response same =
        server
            .admin()
            .patch(
                "/api/v1/advertisers/" + created.id(), Map.of("version", 1, "name", "Unchanged"));
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json()).isEqualTo(created.json());
  }

  @Test
  void ifMatchAndBodyVersionMustAgree() {
    Api.Response created =
        server
            .admin()
            .post("/api/v1/advertisers", TestNetwork.advertiser("Two versions", "FR", "EUR"));
    Api.Response response =
        server
            .admin()
            .send(
                "PATCH",
                "/api/v1/advertisers/" + created.id(),
                Map.of("version", 2, "name", "x"),
                Map.of("If-Match", "\"1\""));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("If-Match");
  }

  @Test
  void legacyTimeZoneAbbreviationsAreRefused() {
    for (String zone : new String[] {"CET", "EST5EDT", "+02:00", "GMT+2"}) {
      Api.Response response =
          server
              .admin()
              .post(
                  "/api/v1/advertisers",
                  Map.of("name", "Zone", "country", "FR", "currency", "EUR", "timeZone", zone));
      assertThat(response.status()).as(zone).isEqualTo(422);
    }
    assertThat(
            server
                .admin()
                .post(
                    "/api/v1/advertisers",
                    Map.of("name", "Zone", "country", "FR", "currency", "EUR", "timeZone", "UTC"))
                .status())
        .isEqualTo(201);
  }
}
