package dev.levier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyApiTest extends NetworkTest {

  @Test
  void aKeyIsShownOnceAndStoredOnlyAsAHash() throws Exception {
    Api.Response created =
        server.admin().post("/api/v1/keys", Map.of("role", "admin", "label", "ops"));
    assertThat(created.status()).isEqualTo(201);
    String key = created.json().path("key").asText();
    assertThat(key).startsWith("lvk_").hasSize(47);
    assertThat(created.header("Location")).endsWith("/api/v1/keys/" + created.id());

    Api.Response read = server.admin().get("/api/v1/keys/" + created.id());
    assertThat(read.json().has("key")).isFalse();
    assertThat(read.json().path("prefix").asText()).isEqualTo(key.substring(0, 10));
    assertThat(server.as(key).get("/api/v1/advertisers").status()).isEqualTo(200);

    List<String> stored = new ArrayList<>();
    try (Connection c = server.levier().database().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT * FROM api_key")) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          stored.add(String.valueOf(rows.getObject(i)));
        }
      }
    }
    assertThat(stored).doesNotContain(key).contains(ApiKeys.hash(key));
  }

  @Test
  void revokedKeysStopWorkingAtOnce() {
    Api.Response created =
        server
            .admin()
            .post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", network.advA()));
    String key = created.json().path("key").asText();
    assertThat(server.as(key).get("/api/v1/programmes").status()).isEqualTo(200);

    Api.Response revoked = server.as(key).post("/api/v1/keys/" + created.id() + "/revoke", null);
    assertThat(revoked.status()).as("a key may revoke itself").isEqualTo(200);
    assertThat(revoked.json().path("revokedAt").isTextual()).isTrue();
    Api.Response after = server.as(key).get("/api/v1/programmes");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void anAdvertiserMayIssueKeysOnlyForItself() {
    Api.Response own = network.asAdvA().post("/api/v1/keys", Map.of("role", "advertiser"));
    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().path("ownerId").asText()).isEqualTo(network.advA());

    assertThat(network.asAdvA().post("/api/v1/keys", Map.of("role", "admin")).status())
        .isEqualTo(403);
    assertThat(
            network
                .asAdvA()
                .post("/api/v1/keys", Map.of("role", "advertiser", "ownerId", network.advB()))
                .status())
        .isEqualTo(422);
    assertThat(network.asPubX().post("/api/v1/keys", Map.of("role", "publisher")).status())
        .isEqualTo(403);
  }

  @Test
  void ownersMustExistAndMatchTheRole() {
    assertThat(
            server
                .admin()
                .post("/api/v1/keys", Map.of("role", "publisher", "ownerId", network.advA()))
                .status())
        .isEqualTo(422);
    assertThat(server.admin().post("/api/v1/keys", Map.of("role", "advertiser")).status())
        .isEqualTo(422);
    assertThat(
            server
                .admin()
                .post("/api/v1/keys", Map.of("role", "admin", "ownerId", network.advA()))
                .status())
        .isEqualTo(422);
    assertThat(server.admin().post("/api/v1/keys", Map.of("role", "root")).status()).isEqualTo(422);
  }

  @Test
  void eachTenantListsOnlyItsOwnKeys() {
    Api.Response mine = network.asAdvB().get("/api/v1/keys");
    assertThat(mine.status()).isEqualTo(200);
    mine.json()
        .path("data")
        .forEach(k -> assertThat(k.path("ownerId").asText()).isEqualTo(network.advB()));
    String adminKeyId =
        server
            .admin()
            .get("/api/v1/keys?role=admin")
            .json()
            .path("data")
            .get(0)
            .path("id")
            .asText();
    assertThat(network.asAdvB().get("/api/v1/keys/" + adminKeyId).status()).isEqualTo(404);
    assertThat(network.asAdvB().post("/api/v1/keys/" + adminKeyId + "/revoke", null).status())
        .isEqualTo(404);
    assertThat(network.asPubX().get("/api/v1/keys/" + adminKeyId).status()).isEqualTo(404);
  }
}
