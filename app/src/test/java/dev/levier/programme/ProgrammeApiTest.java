package dev.levier.programme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgrammeApiTest extends NetworkTest {

  @Test
  void createsWithTheDocumentedDefaults() {
    Api.Response created =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                Map.of(
                    "advertiserId",
                    network.advB(),
                    "name",
                    "Defaults",
                    "landingUrl",
                    "https://shop.b.example/landing?utm=x",
                    "allowedDomains",
                    List.of("*.b.example")));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode p = created.json();
    assertThat(p.path("id").asText()).startsWith("prg_");
    assertThat(p.path("advertiserId").asText()).isEqualTo(network.advB());
    assertThat(p.path("currency").asText()).as("the advertiser's currency").isEqualTo("GBP");
    assertThat(p.path("attributionWindowDays").asInt()).isEqualTo(30);
    assertThat(p.path("validationDays").asInt()).isEqualTo(30);
    assertThat(p.path("clickIdParam").asText()).isEqualTo("lvclid");
    assertThat(p.path("status").asText()).isEqualTo("active");
    assertThat(p.path("allowedDomains").get(0).asText()).isEqualTo("*.b.example");
    assertThat(server.admin().get("/api/v1/programmes/" + created.id()).json()).isEqualTo(p);
  }

  @Test
  void theLandingPageMustBeOnAnAllowedDomain() {
    Map<String, Object> body =
        new HashMap<>(
            TestNetwork.programme(network.advA(), "Open redirect?", "a.example", "active"));
    body.put("landingUrl", "https://a.example.evil.example/");
    body.put("allowedDomains", List.of("a.example"));

    Api.Response response = server.admin().post("/api/v1/programmes", body);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").get(0).path("field").asText())
        .isEqualTo("landingUrl");
  }

  @Test
  void badDomainsAndUrlsAreNamedOneByOne() {
    Map<String, Object> body =
        new HashMap<>(TestNetwork.programme(network.advA(), "Bad", "a.example", "active"));
    body.put(
        "allowedDomains", List.of("a.example", "https://b.example", "UPPER.example", "a.example"));
    body.put("landingUrl", "javascript:alert(1)");
    body.put("attributionWindowDays", 0);
    body.put("clickIdParam", "click id");
    body.put("currency", "XXX");

    Api.Response response = server.admin().post("/api/v1/programmes", body);

    assertThat(response.status()).isEqualTo(422);
    Set<String> fields = new HashSet<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "allowedDomains[1]",
            "allowedDomains[2]",
            "allowedDomains[3]",
            "landingUrl",
            "attributionWindowDays",
            "clickIdParam",
            "currency");
  }

  @Test
  void anAdvertiserCreatesProgrammesOnlyForItself() {
    Map<String, Object> mine =
        new HashMap<>(TestNetwork.programme(network.advA(), "Mine", "a.example", "active"));
    mine.remove("advertiserId");
    Api.Response created = network.asAdvA().post("/api/v1/programmes", mine);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("advertiserId").asText()).isEqualTo(network.advA());

    Api.Response forOther =
        network
            .asAdvA()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(network.advB(), "Theirs", "b.example", "active"));
    assertThat(forOther.status()).isEqualTo(422);
    assertThat(forOther.json().path("errors").get(0).path("field").asText())
        .isEqualTo("advertiserId");

    assertThat(network.asPubX().post("/api/v1/programmes", mine).status()).isEqualTo(403);
  }

  @Test
  void tenantsSeeOnlyTheirProgrammes() {
    assertThat(ids(network.asAdvA().get("/api/v1/programmes")))
        .contains(network.progA1(), network.progA2())
        .doesNotContain(network.progB1());
    assertThat(ids(network.asAdvB().get("/api/v1/programmes")))
        .contains(network.progB1())
        .doesNotContain(network.progA1(), network.progA2());
    assertThat(network.asAdvB().get("/api/v1/programmes/" + network.progA1()).status())
        .isEqualTo(404);
    assertThat(
            network
                .asAdvB()
                .patch("/api/v1/programmes/" + network.progA1(), Map.of("version", 1, "name", "x"))
                .status())
        .isEqualTo(404);
    assertThat(
            network
                .asAdvB()
                .post("/api/v1/programmes/" + network.progA1() + "/archive", null)
                .status())
        .isEqualTo(404);
    assertThat(
            network
                .asAdvB()
                .get("/api/v1/programmes?advertiserId=" + network.advA())
                .json()
                .path("data"))
        .isEmpty();
  }

  @Test
  void aPublisherSeesActiveProgrammesAndThoseItJoined() {
    Set<String> forY = ids(network.asPubY().get("/api/v1/programmes"));
    assertThat(forY).contains(network.progA1(), network.progB1()).doesNotContain(network.progA2());
    assertThat(network.asPubY().get("/api/v1/programmes/" + network.progA2()).status())
        .isEqualTo(404);

    String paused =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(network.advA(), "Paused but joined", "a.example", "paused"))
            .id();
    server
        .admin()
        .post("/api/v1/partnerships", Map.of("programmeId", paused, "publisherId", network.pubY()));
    assertThat(network.asPubY().get("/api/v1/programmes/" + paused).status()).isEqualTo(200);
    assertThat(
            network
                .asPubY()
                .patch("/api/v1/programmes/" + paused, Map.of("version", 1, "name", "x"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void updatesCheckTheMergedState() {
    String id =
        server
            .admin()
            .post(
                "/api/v1/programmes",
                TestNetwork.programme(network.advA(), "Domains", "a.example", "active"))
            .id();

    Api.Response narrowed =
        network
            .asAdvA()
            .patch(
                "/api/v1/programmes/" + id,
                Map.of("version", 1, "allowedDomains", List.of("other.example")));
    assertThat(narrowed.status()).as("the landing page would fall outside").isEqualTo(422);
    assertThat(narrowed.json().path("errors").get(0).path("field").asText())
        .isEqualTo("landingUrl");

    Api.Response both =
        network
            .asAdvA()
            .patch(
                "/api/v1/programmes/" + id,
                Map.of(
                    "version",
                    1,
                    "allowedDomains",
                    List.of("other.example"),
                    "landingUrl",
                    "https://other.example/",
                    "status",
                    "paused"));
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.json().path("status").asText()).isEqualTo("paused");
    assertThat(both.json().path("version").asInt()).isEqualTo(2);
    assertThat(
            network
                .asAdvA()
                .patch("/api/v1/programmes/" + id, Map.of("version", 1, "name", "stale"))
                .status())
        .isEqualTo(409);
  }

  @Test
  void filtersByStatusAndAdvertiser() {
    Set<String> paused =
        ids(server.admin().get("/api/v1/programmes?status=paused&advertiserId=" + network.advA()));
    assertThat(paused).contains(network.progA2()).doesNotContain(network.progA1());
    assertThat(server.admin().get("/api/v1/programmes?status=sleeping").status()).isEqualTo(400);
    assertThat(server.admin().get("/api/v1/programmes?advertiserId=nope").status()).isEqualTo(400);
  }

  private static Set<String> ids(Api.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    list.json().path("data").forEach(p -> ids.add(p.path("id").asText()));
    return ids;
  }
}
