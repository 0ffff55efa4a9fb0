package dev.levier.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublisherApiTest extends NetworkTest {

  @Test
  void createsEveryPublisherType() {
    for (String type :
        List.of(
            "cashback",
            "voucher",
            "content",
            "influencer",
            "comparison",
            "email",
            "subnetwork",
            "search",
            "app",
            "other")) {
      Api.Response created =
          server.admin().post("/api/v1/publishers", TestNetwork.publisher("Type " + type, type));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.json().path("type").asText()).isEqualTo(type);
      assertThat(created.json().path("id").asText()).startsWith("pub_");
    }
  }

  @Test
  void refusesUnknownTypesAndBadWebsites() {
    Api.Response response =
        server
            .admin()
            .post(
                "/api/v1/publishers",
                Map.of(
                    "name",
                    "Bad",
                    "type",
                    "blog",
                    "country",
                    "XX",
                    "payoutCurrency",
                    "EUR",
                    "websites",
                    List.of("https://ok.example/", "ftp://files.example/", "not a url")));

    assertThat(response.status()).isEqualTo(422);
    Set<String> fields = new HashSet<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("type", "country", "websites[1]", "websites[2]");
    assertThat(response.json().path("errors").toString()).contains("cashback|voucher|content");
  }

  @Test
  void aPublisherSeesAndEditsOnlyItself() {
    assertThat(ids(network.asPubX().get("/api/v1/publishers"))).containsExactly(network.pubX());
    assertThat(network.asPubX().get("/api/v1/publishers/" + network.pubY()).status())
        .isEqualTo(404);
    assertThat(
            network
                .asPubX()
                .patch("/api/v1/publishers/" + network.pubY(), Map.of("version", 1, "name", "x"))
                .status())
        .isEqualTo(404);

    JsonNode me = network.asPubX().get("/api/v1/publishers/" + network.pubX()).json();
    Api.Response edited =
        network
            .asPubX()
            .patch(
                "/api/v1/publishers/" + network.pubX(),
                Map.of(
                    "version",
                    me.path("version").asInt(),
                    "websites",
                    List.of("https://x.example/", "https://x.example/blog")));
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().path("websites")).hasSize(2);
    assertThat(edited.json().path("type").asText()).isEqualTo("content");

    assertThat(
            network
                .asPubX()
                .post("/api/v1/publishers", TestNetwork.publisher("Self-made", "other"))
                .status())
        .isEqualTo(403);
    assertThat(
            network
                .asPubX()
                .post("/api/v1/publishers/" + network.pubX() + "/archive", null)
                .status())
        .isEqualTo(403);
  }

  @Test
  void anAdvertiserSeesThePublishersOfItsProgrammes() {
    assertThat(ids(network.asAdvA().get("/api/v1/publishers"))).containsExactly(network.pubX());
    assertThat(ids(network.asAdvB().get("/api/v1/publishers"))).containsExactly(network.pubY());
    assertThat(network.asAdvA().get("/api/v1/publishers/" + network.pubY()).status())
        .isEqualTo(404);
    assertThat(
            network
                .asAdvA()
                .patch("/api/v1/publishers/" + network.pubX(), Map.of("version", 1, "name", "x"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void filtersByTypeAndName() {
    Api.Response created =
        server
            .admin()
            .post(
                "/api/v1/publishers",
                Map.of(
                    "name",
                    "Findable 100% Deals",
                    "type",
                    "cashback",
                    "country",
                    "BE",
                    "payoutCurrency",
                    "EUR"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("websites")).isEmpty();
    assertThat(ids(server.admin().get("/api/v1/publishers?type=cashback&q=100%25"))).hasSize(1);
    assertThat(ids(server.admin().get("/api/v1/publishers?q=_")))
        .as("LIKE wildcards are literal")
        .isEmpty();
  }

  @Test
  void archiveKeepsThePublisherReadableAndDisablesItsKeys() {
    String id =
        server.admin().post("/api/v1/publishers", TestNetwork.publisher("Leaving", "email")).id();
    String key =
        server
            .admin()
            .post("/api/v1/keys", Map.of("role", "publisher", "ownerId", id))
            .json()
            .path("key")
            .asText();
    assertThat(server.as(key).get("/api/v1/publishers/" + id).status()).isEqualTo(200);

    Api.Response archived = server.admin().post("/api/v1/publishers/" + id + "/archive", null);
    assertThat(archived.status()).isEqualTo(200);
    assertThat(archived.json().path("archivedAt").isTextual()).isTrue();
    assertThat(server.admin().get("/api/v1/publishers/" + id).status()).isEqualTo(200);
    assertThat(server.as(key).get("/api/v1/publishers/" + id).status()).isEqualTo(401);
  }

  private static Set<String> ids(Api.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    list.json().path("data").forEach(p -> ids.add(p.path("id").asText()));
    return ids;
  }
}
