package dev.levier.partnership;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.levier.testing.Api;
import dev.levier.testing.NetworkTest;
import dev.levier.testing.TestNetwork;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartnershipApiTest extends NetworkTest {

  @Test
  void aPublisherAppliesAndTheAdvertiserRunsTheWorkflow() {
    String programme = newProgramme("active");
    Api.Response applied =
        network.asPubY().post("/api/v1/partnerships", Map.of("programmeId", programme));
    assertThat(applied.status()).as(applied.toString()).isEqualTo(201);
    JsonNode p = applied.json();
    assertThat(p.path("status").asText()).isEqualTo("applied");
    assertThat(p.path("publisherId").asText()).isEqualTo(network.pubY());
    assertThat(p.path("advertiserId").asText()).isEqualTo(network.advA());
    String id = p.path("id").asText();

    assertThat(network.asPubY().post("/api/v1/partnerships/" + id + "/approve", null).status())
        .isEqualTo(403);

    Api.Response approved = network.asAdvA().post("/api/v1/partnerships/" + id + "/approve", null);
    assertThat(approved.json().path("status").asText()).isEqualTo("approved");
    Api.Response suspended =
        network
            .asAdvA()
            .post("/api/v1/partnerships/" + id + "/suspend", Map.of("reason", "brand bidding"));
    assertThat(suspended.json().path("status").asText()).isEqualTo("suspended");
    assertThat(suspended.json().path("statusReason").asText()).isEqualTo("brand bidding");
    Api.Response declineNow =
        network.asAdvA().post("/api/v1/partnerships/" + id + "/decline", null);
    assertThat(declineNow.status()).isEqualTo(409);
    assertThat(declineNow.json().path("detail").asText()).contains("suspended");
    Api.Response reinstated =
        network.asAdvA().post("/api/v1/partnerships/" + id + "/approve", null);
    assertThat(reinstated.json().path("status").asText()).isEqualTo("approved");
    assertThat(reinstated.json().path("version").asInt()).isEqualTo(4);

    assertThat(network.asPubY().get("/api/v1/partnerships/" + id).json().path("status").asText())
        .isEqualTo("approved");
  }

  @Test
  void declineOnlyAnswersApplications() {
    String programme = newProgramme("active");
    String id =
        network.asPubX().post("/api/v1/partnerships", Map.of("programmeId", programme)).id();

    Api.Response declined =
        server
            .admin()
            .post(
                "/api/v1/partnerships/" + id + "/decline",
                Map.of("reason", "audience does not fit"));
    assertThat(declined.json().path("status").asText()).isEqualTo("declined");
    assertThat(server.admin().post("/api/v1/partnerships/" + id + "/suspend", null).status())
        .isEqualTo(409);
    assertThat(
            server
                .admin()
                .post("/api/v1/partnerships/" + id + "/approve", null)
                .json()
                .path("status")
                .asText())
        .isEqualTo("approved");
  }

  @Test
  void aPublisherCannotApproveItselfNorApplyForAnother() {
    String programme = newProgramme("active");
    Api.Response selfApproved =
        network
            .asPubY()
            .post("/api/v1/partnerships", Map.of("programmeId", programme, "status", "approved"));
    assertThat(selfApproved.status()).isEqualTo(403);
    Api.Response forOther =
        network
            .asPubY()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubX()));
    assertThat(forOther.status()).isEqualTo(422);
    assertThat(forOther.json().path("errors").get(0).path("field").asText())
        .isEqualTo("publisherId");
  }

  @Test
  void pausedProgrammesTakeNoApplications() {
    Api.Response response =
        network.asPubY().post("/api/v1/partnerships", Map.of("programmeId", network.progA2()));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").get(0).path("field").asText())
        .isEqualTo("programmeId");
  }

  @Test
  void onePartnershipPerProgrammeAndPublisher() {
    Api.Response again =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", network.progA1(), "publisherId", network.pubX()));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asText()).contains(network.ptnA1X());
  }

  @Test
  void anAdvertiserInvitesOnlyIntoItsOwnProgrammes() {
    String programme = newProgramme("active");
    Api.Response invited =
        network
            .asAdvA()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubY(), "group", "vip"));
    assertThat(invited.status()).isEqualTo(201);
    assertThat(invited.json().path("status").asText()).isEqualTo("approved");
    assertThat(invited.json().path("group").asText()).isEqualTo("vip");

    Api.Response intoOther =
        network
            .asAdvB()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubY()));
    assertThat(intoOther.status()).isEqualTo(422);
  }

  @Test
  void tenantsSeeOnlyTheirPartnerships() {
    assertThat(ids(network.asAdvA().get("/api/v1/partnerships")))
        .contains(network.ptnA1X())
        .doesNotContain(network.ptnB1Y());
    assertThat(ids(network.asPubY().get("/api/v1/partnerships")))
        .contains(network.ptnB1Y())
        .doesNotContain(network.ptnA1X());
    for (Api other : new Api[] {network.asAdvB(), network.asPubY()}) {
      assertThat(other.get("/api/v1/partnerships/" + network.ptnA1X()).status()).isEqualTo(404);
      assertThat(
              other
                  .patch(
                      "/api/v1/partnerships/" + network.ptnA1X(),
                      Map.of("version", 1, "group", "x"))
                  .status())
          .isEqualTo(404);
      for (String action : new String[] {"approve", "decline", "suspend", "archive"}) {
        assertThat(
                other
                    .post("/api/v1/partnerships/" + network.ptnA1X() + "/" + action, null)
                    .status())
            .as(action)
            .isEqualTo(404);
      }
    }
  }

  @Test
  void groupIsEditedWithAVersionAndCanBeCleared() {
    String programme = newProgramme("active");
    String id =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubX()))
            .id();
    Api.Response grouped =
        network
            .asAdvA()
            .patch("/api/v1/partnerships/" + id, Map.of("version", 1, "group", "tier-1"));
    assertThat(grouped.json().path("group").asText()).isEqualTo("tier-1");
    java.util.Map<String, Object> clear = new java.util.HashMap<>();
    clear.put("version", 2);
    clear.put("group", null);
    Api.Response cleared = network.asAdvA().patch("/api/v1/partnerships/" + id, clear);
    assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
    assertThat(cleared.json().path("group").isNull()).isTrue();
    assertThat(
            network
                .asPubX()
                .patch("/api/v1/partnerships/" + id, Map.of("version", 3, "group", "mine"))
                .status())
        .isEqualTo(403);
    assertThat(
            network
                .asAdvA()
                .patch("/api/v1/partnerships/" + id, Map.of("version", 3, "status", "approved"))
                .status())
        .isEqualTo(422);
  }

  @Test
  void listsFilterByStatusGroupAndProgramme() {
    assertThat(
            ids(
                server
                    .admin()
                    .get("/api/v1/partnerships?status=applied&programmeId=" + network.progB1())))
        .containsExactly(network.ptnB1Y());
    assertThat(
            ids(
                server
                    .admin()
                    .get("/api/v1/partnerships?group=content&programmeId=" + network.progA1())))
        .containsExactly(network.ptnA1X());
    assertThat(server.admin().get("/api/v1/partnerships?status=pending").status()).isEqualTo(400);
  }

  private String newProgramme(String status) {
    return server
        .admin()
        .post(
            "/api/v1/programmes",
            TestNetwork.programme(network.advA(), "Workflow " + status, "a.example", status))
        .id();
  }

  private static Set<String> ids(Api.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    Set<String> ids = new HashSet<>();
    list.json().path("data").forEach(p -> ids.add(p.path("id").asText()));
    return ids;
  }

  @Test
  void anArchivedPartnershipCanBeJoinedAgainUnderTheSameId() {
    String programme = newProgramme("active");
    String id =
        network.asPubY().post("/api/v1/partnerships", Map.of("programmeId", programme)).id();
    assertThat(network.asAdvA().post("/api/v1/partnerships/" + id + "/archive", null).status())
        .isEqualTo(200);

    Api.Response again =
        network.asPubY().post("/api/v1/partnerships", Map.of("programmeId", programme));

    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.json().path("status").asText()).isEqualTo("applied");
    assertThat(again.json().path("archivedAt").isNull()).isTrue();
  }

  @Test
  void approvingClearsTheReasonOfAnEarlierSuspension() {
    String programme = newProgramme("active");
    String id =
        server
            .admin()
            .post(
                "/api/v1/partnerships",
                Map.of("programmeId", programme, "publisherId", network.pubY()))
            .id();
    server.admin().post("/api/v1/partnerships/" + id + "/suspend", Map.of("reason", "fraud check"));
    Api.Response approved = server.admin().post("/api/v1/partnerships/" + id + "/approve", null);
    assertThat(approved.json().path("statusReason").isNull()).isTrue();
  }
}
